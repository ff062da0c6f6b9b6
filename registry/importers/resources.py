"""The registry app's bulk files: operators, cities, parks, companies, tenancies, workforce."""

from collections.abc import Iterable
from functools import cached_property

from django.db import models
from django.db.models import QuerySet
from import_export import fields

from registry.models import (
    City,
    Company,
    CompanyRedirect,
    Operator,
    Park,
    Tenancy,
    WorkforceReport,
)
from registry.models.company_names import NamedCompany, NameIndex
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

    @cached_property
    def redirected_slugs(self) -> frozenset[str]:
        """Return the slugs of merged companies, which lead to the companies they joined."""
        return frozenset(CompanyRedirect.objects.values_list("old_slug", flat=True))

    @cached_property
    def names(self) -> NameIndex:
        """Return the stored companies' names, read once, to find a row's near ones."""
        stored = Company.objects.values_list("pk", "name", "slug", "name_stem")
        return NameIndex(NamedCompany(*row) for row in stored.iterator(chunk_size=2000))

    def row_problems(
        self, instance: models.Model, *, new: bool, number: int, failed: Iterable[str]
    ) -> dict[str, list[str]]:
        errors = super().row_problems(instance, new=new, number=number, failed=failed)
        if new and "slug" not in failed and instance.slug in self.redirected_slugs:
            errors.setdefault("slug", []).append(
                "This slug belonged to a company merged into another; its page leads there. "
                "Choose another slug."
            )
        return errors

    def row_warnings(
        self, instance: models.Model, *, new: bool, changed: set[str], line: int
    ) -> list[tuple[str, str]]:
        """Warn of a new or renamed company whose name is near a stored one or an earlier row's."""
        if not self.warns or not (new or "name" in changed):
            return []
        key = ("line", line) if new else instance.pk
        near = self.names.near(instance.name_stem, exclude=key)
        self.names.add(NamedCompany(key, instance.name, instance.slug, instance.name_stem))
        if not near:
            return []
        named = "; ".join(
            f"“{other.name}” (line {other.key[1]} of this file)"
            if isinstance(other.key, tuple)
            else f"“{other.name}” ({other.slug})"
            for other in near
        )
        return [
            (
                "name",
                f"This name is near {named}: check it is not the same company. The row is "
                "imported all the same.",
            )
        ]


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
