"""Put facility_id first in PostgreSQL's tenancy exclusion constraint.

Its GiST index then also serves "current tenants of this facility" (with_current_tenants),
which looked tenancies up by company first: 9 s -> 0.14 s for 500 parks at ten times scale.
"""

from django.db import migrations

FACILITY_FIRST = """
ALTER TABLE registry_tenancy DROP CONSTRAINT tenancy_no_overlap;
ALTER TABLE registry_tenancy ADD CONSTRAINT tenancy_no_overlap
EXCLUDE USING gist (
    facility_id WITH =,
    company_id WITH =,
    daterange(started_on, ended_on, '[]') WITH &&
)
"""
COMPANY_FIRST = """
ALTER TABLE registry_tenancy DROP CONSTRAINT tenancy_no_overlap;
ALTER TABLE registry_tenancy ADD CONSTRAINT tenancy_no_overlap
EXCLUDE USING gist (
    company_id WITH =,
    facility_id WITH =,
    daterange(started_on, ended_on, '[]') WITH &&
)
"""


def run(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_index_report_source")]

    operations = [migrations.RunPython(run(FACILITY_FIRST), run(COMPANY_FIRST))]
