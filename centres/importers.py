"""Bulk-load files of the centres app (SPEC §4.2): programmes, centres and targets."""

from django.db.models import QuerySet
from import_export import fields

from registry.importers import BulkResource, IsoDateWidget, bulk_file

from .models import Centre, Programme, Target


@bulk_file("programmes.csv", order=20)
class ProgrammeResource(BulkResource):
    class Meta:
        model = Programme
        fields = ("slug", "name", "operator", "name_ur")
        import_id_fields = ("slug",)

    def get_queryset(self) -> QuerySet:
        return Programme.objects.select_related("operator")


@bulk_file("centres.csv", order=50)
class CentreResource(BulkResource):
    # A centre's launch date is the facility's opening date.
    launched_on = fields.Field(
        attribute="opened_on", column_name="launched_on", widget=IsoDateWidget()
    )

    class Meta:
        model = Centre
        fields = (
            "slug",
            "name",
            "programme",
            "operator",
            "city",
            "address",
            "host_institution",
            "host_type",
            "status",
            "planned_fy",
            "launched_on",
            "closed_on",
            "seats",
            "latitude",
            "longitude",
            "name_ur",
        )
        import_id_fields = ("slug",)

    def get_queryset(self) -> QuerySet:
        return Centre.objects.select_related("programme", "operator", "city")


@bulk_file("targets.csv", order=90)
class TargetResource(BulkResource):
    class Meta:
        model = Target
        fields = ("metric", "value", "fiscal_year", "programme", "province", "source")
        import_id_fields = ("metric", "fiscal_year", "programme", "province")

    def get_queryset(self) -> QuerySet:
        return Target.objects.select_related("programme", "province")
