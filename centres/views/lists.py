# PLACEHOLDER: replaced by the public-site work (issue 3).
from django.http import Http404
from django.views import View


class _Missing(View):
    def get(self, request, *args, **kwargs):
        raise Http404


def _missing(request, *args, **kwargs):
    raise Http404


CentreListView = CentreDetailView = _Missing
centre_export = _missing
