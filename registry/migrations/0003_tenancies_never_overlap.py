"""Refuse overlapping tenancies of one company at one facility in the database itself.

PostgreSQL has exclusion constraints for this; SQLite gets triggers with the same rule.
"""

from django.db import migrations

from ._vendor import run_per_vendor

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE registry_tenancy ADD CONSTRAINT tenancy_no_overlap
    EXCLUDE USING gist (
        company_id WITH =,
        facility_id WITH =,
        daterange(started_on, ended_on, '[]') WITH &&
    )
    """,
]
POSTGRESQL_REVERSE = ["ALTER TABLE registry_tenancy DROP CONSTRAINT tenancy_no_overlap"]

SQLITE_TRIGGER = """
CREATE TRIGGER tenancy_no_overlap_{event}
BEFORE {event_sql} ON registry_tenancy
WHEN EXISTS (
    SELECT 1 FROM registry_tenancy t
    WHERE t.company_id = NEW.company_id
      AND t.facility_id = NEW.facility_id
      AND t.id IS NOT NEW.id
      AND t.started_on <= COALESCE(NEW.ended_on, '9999-12-31')
      AND COALESCE(t.ended_on, '9999-12-31') >= NEW.started_on
)
BEGIN
    SELECT RAISE(ABORT, 'tenancy_no_overlap: this company already has an overlapping tenancy at this facility');
END
"""
SQLITE = [
    SQLITE_TRIGGER.format(event="insert", event_sql="INSERT"),
    SQLITE_TRIGGER.format(event="update", event_sql="UPDATE"),
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS tenancy_no_overlap_insert",
    "DROP TRIGGER IF EXISTS tenancy_no_overlap_update",
]



class Migration(migrations.Migration):
    dependencies = [("registry", "0002_provinces_and_sectors")]

    operations = [
        migrations.RunPython(
            run_per_vendor({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run_per_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
