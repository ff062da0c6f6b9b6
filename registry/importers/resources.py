"""The registry app's bulk files: operators, cities, parks, companies, tenancies, workforce."""

from django.db.models import QuerySet
from import_export import fields

from registry.models import City, Company, Operator, Park, Tenancy, WorkforceReport
from registry.models.plausibility import judge_reports

from .base import BulkResource, bulk_file
from .widgets import MonthWidget

# Reports judged per query after an import: well within every database's parameter limit.
JUDGED_AT_ONCE = 1000


@bulk_file("operators.csv", order=10)
class OperatorResource(BulkResource):
    class Meta:
        model = Operator
        fields = ("slug", "name", "short_name", "kind")
        import_id_fields = ("slug",)


@bulk_file("cities.csv", order=30)
class CityResource(BulkResource):
    class Meta:
        model = City
        fields = ("slug", "name", "province", "latitude", "longitude", "name_ur")
        import_id_fields = ("slug",)

    def get_queryset(self) -> QuerySet:
        return City.objects.select_related("province")


@bulk_file("parks.csv", order=40)
class ParkResource(BulkResource):
    class Meta:
        model = Park
        fields = (
            "slug",
            "name",
            "operator",
            "city",
            "address",
            "status",
            "opened_on",
            "closed_on",
            "area_sqft",
            "seats",
            "latitude",
            "longitude",
            "name_ur",
        )
        import_id_fields = ("slug",)

    def get_queryset(self) -> QuerySet:
        return Park.objects.select_related("operator", "city")


@bulk_file("companies.csv", order=60)
class CompanyResource(BulkResource):
    error_columns = {"name_key": "name"}

    class Meta:
        model = Company
        fields = (
            "slug",
            "name",
            "secp_registration_no",
            "ntn",
            "sectors",
            "founded_year",
            "website",
        )
        import_id_fields = ("slug",)

    def get_queryset(self) -> QuerySet:
        return Company.objects.prefetch_related("sectors")


@bulk_file("tenancies.csv", order=70)
class TenancyResource(BulkResource):
    class Meta:
        model = Tenancy
        fields = ("company", "facility", "started_on", "ended_on", "seats")
        import_id_fields = ("company", "facility", "started_on")

    def get_queryset(self) -> QuerySet:
        return Tenancy.objects.select_related("company", "facility")


@bulk_file("workforce.csv", order=80)
class WorkforceReportResource(BulkResource):
    period = fields.Field(attribute="period", column_name="period", widget=MonthWidget())

    class Meta:
        model = WorkforceReport
        fields = ("facility", "period", "workers", "women", "source", "received_on")
        import_id_fields = ("facility", "period")

    def get_queryset(self) -> QuerySet:
        return WorkforceReport.objects.select_related("facility")

    def after_load(self, written: list) -> None:
        """Judge every report written against its facility's previous one (SPEC §5)."""
        for start in range(0, len(written), JUDGED_AT_ONCE):
            judge_reports(
                WorkforceReport.objects.filter(pk__in=written[start : start + JUDGED_AT_ONCE])
            )
