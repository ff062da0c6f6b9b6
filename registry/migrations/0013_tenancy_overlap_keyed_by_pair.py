"""Key PostgreSQL's tenancy exclusion constraint on one text per (facility, company) pair.

PostgreSQL costs a probe of a GiST index on any of its columns as if that column led the index,
but a probe on a column that does not lead reads most of the index. With facility first (0008)
the companies list filtered by city, by sector with current tenants, or exported with current
tenants probed it once per company: 2 ms a probe at ten times national scale, 278 ms for the
page and 27 s for the CSV, where the btree on (company, facility, started_on) answers in 4 µs.
With company first (0003) the facility lists did the same. Keyed on an expression no query
writes, the index only enforces the constraint, and every lookup by facility or by company
goes to a btree.
"""

from django.db import migrations

from ._vendor import run_per_vendor

PAIR_KEYED = """
ALTER TABLE registry_tenancy DROP CONSTRAINT tenancy_no_overlap;
ALTER TABLE registry_tenancy ADD CONSTRAINT tenancy_no_overlap
EXCLUDE USING gist (
    (facility_id::text || ':' || company_id::text) WITH =,
    daterange(started_on, ended_on, '[]') WITH &&
)
"""
FACILITY_FIRST = """
ALTER TABLE registry_tenancy DROP CONSTRAINT tenancy_no_overlap;
ALTER TABLE registry_tenancy ADD CONSTRAINT tenancy_no_overlap
EXCLUDE USING gist (
    facility_id WITH =,
    company_id WITH =,
    daterange(started_on, ended_on, '[]') WITH &&
)
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_tenancy_city")]

    operations = [
        migrations.RunPython(
            run_per_vendor({"postgresql": [PAIR_KEYED]}),
            run_per_vendor({"postgresql": [FACILITY_FIRST]}),
        )
    ]
