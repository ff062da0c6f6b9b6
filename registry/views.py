# PLACEHOLDER: replaced by the public-site work (issue 3).
from django.http import Http404
from django.views import View


class _Missing(View):
    def get(self, request, *args, **kwargs):
        raise Http404


def _missing(request, *args, **kwargs):
    raise Http404


ParkListView = ParkDetailView = CompanyListView = CompanyDetailView = CityListView = (
    CityDetailView
) = _Missing
park_export = company_export = city_export = healthz = _missing
