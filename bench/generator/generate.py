"""One run of the generator: delete the earlier generated rows, write new ones, in one
transaction."""

import datetime

from django.db import transaction

from centres.models import Centre
from registry.models import Company, Facility, FacilityKind, Park, Tenancy, WorkforceReport
from registry.models.changes import bump_registry_version

from .activity import plan_reports, plan_tenancies
from .bulk import BATCH_SIZE, analyse, delete_rows, insert_child_rows, insert_rows
from .companies import plan_companies
from .draws import SLUG_PREFIX, SOURCE_PREFIX, source_label, stream
from .facilities import FacilityPlan
from .reference import load_reference_data

EARLIEST_AS_OF = datetime.date(2025, 7, 1)


def foreign_data_counts() -> dict[str, int]:
    """Return how many facilities, companies and reports the generator did not make."""
    return {
        "facilities": Facility.objects.exclude(slug__startswith=SLUG_PREFIX).count(),
        "companies": Company.objects.exclude(slug__startswith=SLUG_PREFIX).count(),
        "workforce reports": WorkforceReport.objects.exclude(
            source__startswith=SOURCE_PREFIX
        ).count(),
    }


class Generator:
    """Plan and write one generated registry; run() does both inside one transaction."""

    def __init__(self, *, scale: float, seed: int, as_of: datetime.date) -> None:
        self.scale, self.seed, self.as_of = scale, seed, as_of
        self.source = source_label(seed, scale)

    @transaction.atomic
    def run(self) -> dict[str, int]:
        """Replace earlier generated rows with a new registry; return the counts written."""
        self.delete_generated()
        self.reference = load_reference_data()
        facilities = self.write_facilities()
        companies = self.write_companies()
        tenancies = self.write_tenancies(facilities, companies)
        reports = self.write_reports(facilities)
        # Bulk writes send no signals: tell cached pages and ETags that the registry changed.
        bump_registry_version()
        analyse(
            [Facility, Park, Centre, Company, Company.sectors.through, Tenancy, WorkforceReport]
        )
        return {
            "facilities": len(facilities),
            "companies": len(companies),
            "tenancies": tenancies,
            "workforce reports": reports,
        }

    def delete_generated(self) -> None:
        """Delete the rows an earlier run generated; reference data stays."""
        # In SQL, not through the ORM: the ORM would send a signal (and write a history row)
        # per deleted row, and load multi-table parents one query at a time.
        facilities = Facility.objects.filter(slug__startswith=SLUG_PREFIX)
        companies = Company.objects.filter(slug__startswith=SLUG_PREFIX)
        delete_rows(WorkforceReport, "facility", facilities)
        delete_rows(Tenancy, "facility", facilities)
        delete_rows(Tenancy, "company", companies)
        delete_rows(Company.sectors.through, "company", companies)
        delete_rows(Company, "id", companies)
        delete_rows(Park, "facility_ptr", facilities)
        delete_rows(Centre, "facility_ptr", facilities)
        delete_rows(Facility, "id", facilities)

    def write_facilities(self) -> list[Facility]:
        """Insert the planned parks and centres; return them with primary keys."""
        plan = FacilityPlan(
            stream(self.seed, "facilities"),
            as_of=self.as_of,
            cities=self.reference.cities,
            operators=self.reference.operators,
            programmes=self.reference.programmes,
        )
        facilities = plan.facilities(self.scale)
        parents = [
            Facility(
                **{
                    field.attname: getattr(facility, field.attname)
                    for field in Facility._meta.concrete_fields
                    if not field.primary_key
                }
            )
            for facility in facilities
        ]
        Facility.objects.bulk_create(parents, batch_size=BATCH_SIZE)
        for facility, parent in zip(facilities, parents, strict=True):
            facility.id = facility.facility_ptr_id = parent.pk
        insert_child_rows(Park, [f for f in facilities if f.kind == FacilityKind.PARK])
        insert_child_rows(Centre, [f for f in facilities if f.kind == FacilityKind.CENTRE])
        return facilities

    def write_companies(self) -> list[dict]:
        """Insert the planned companies and their sectors; return their rows with primary keys."""
        planned = plan_companies(stream(self.seed, "companies"), scale=self.scale, as_of=self.as_of)
        insert_rows(Company, (row for row, _ in planned))
        ids = dict(Company.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", "pk"))
        for row, _ in planned:
            row["id"] = ids[row["slug"]]
        insert_rows(
            Company.sectors.through,
            (
                {"company_id": row["id"], "sector_id": code}
                for row, sectors in planned
                for code in sectors
            ),
        )
        return [row for row, _ in planned]

    def write_tenancies(self, facilities: list[Facility], companies: list[dict]) -> int:
        """Insert the planned tenancies; return how many."""
        rows = plan_tenancies(
            stream(self.seed, "tenancies"), facilities, companies, as_of=self.as_of
        )
        return insert_rows(Tenancy, rows)

    def write_reports(self, facilities: list[Facility]) -> int:
        """Insert the planned reports; return how many."""
        rows = plan_reports(
            stream(self.seed, "reports"),
            facilities,
            as_of=self.as_of,
            source=self.source,
            received=stream(self.seed, "received"),
        )
        return insert_rows(WorkforceReport, rows)
