"""The centres list, its CSV and XLSX, and a centre's page (SPEC §4, §4.4)."""

from django.views.generic import DetailView

from centres.models import Centre
from centres.public.filters import CentreFilterSet
from centres.public.lists import CENTRES
from registry.public.exports.geojson import list_geojson_response
from registry.public.exports.responses import list_xlsx_response
from registry.public.views import (
    FacilityListView,
    export_view,
    facility_context,
    wants_full_history,
)


class CentreListView(FacilityListView):
    filterset_class = CentreFilterSet
    template_name = "centres/centre_list.html"
    export_url_name = "centre-export"
    geojson_url_name = "centre-export-geojson"
    table = CENTRES


class CentreDetailView(DetailView):
    template_name = "centres/centre_detail.html"
    context_object_name = "centre"

    def get_queryset(self):
        return (
            Centre.objects.select_related("city__province", "operator", "programme__operator")
            .with_latest_report()
            .with_current_tenants()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | facility_context(
            self.object, wants_full_history(self.request)
        )


centre_export = export_view(CentreFilterSet, CENTRES, "centres")
centre_export_xlsx = export_view(CentreFilterSet, CENTRES, "centres", list_xlsx_response)
centre_geojson = export_view(CentreFilterSet, CENTRES, "centres", list_geojson_response)
