"""Each facility's latest report, kept by triggers on the reports' table (LatestReport).

A facility's row is rewritten in the same statement as any write of its reports, so no
writer can leave it stale. PostgreSQL rewrites once per statement from the statement's
transition tables (a COPY of 100,000 reports touches each facility once), after locking the
facilities' rows: two transactions writing one facility's reports take turns, and the second
sees the first's report. SQLite has only row triggers and one writer at a time.
"""

import django.db.models.deletion
from django.db import migrations, models

from ._vendor import run_per_vendor

POSTGRESQL = [
    """
    CREATE FUNCTION registry_refresh_latest_reports(facilities bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM registry_facility WHERE id = ANY(facilities)
            ORDER BY id FOR NO KEY UPDATE;
        DELETE FROM registry_latestreport WHERE facility_id = ANY(facilities);
        INSERT INTO registry_latestreport (facility_id, period, workers, women)
            SELECT DISTINCT ON (facility_id) facility_id, period, workers, women
            FROM registry_workforcereport WHERE facility_id = ANY(facilities)
            ORDER BY facility_id, period DESC;
    END $$
    """,
    """
    CREATE FUNCTION registry_keep_latest_reports() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM registry_refresh_latest_reports(
                ARRAY(SELECT DISTINCT facility_id FROM new_reports));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM registry_refresh_latest_reports(ARRAY(
                SELECT facility_id FROM old_reports UNION SELECT facility_id FROM new_reports));
        ELSE
            PERFORM registry_refresh_latest_reports(
                ARRAY(SELECT DISTINCT facility_id FROM old_reports));
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER latest_report_after_insert AFTER INSERT ON registry_workforcereport
    REFERENCING NEW TABLE AS new_reports
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_latest_reports()
    """,
    """
    CREATE TRIGGER latest_report_after_update AFTER UPDATE ON registry_workforcereport
    REFERENCING OLD TABLE AS old_reports NEW TABLE AS new_reports
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_latest_reports()
    """,
    """
    CREATE TRIGGER latest_report_after_delete AFTER DELETE ON registry_workforcereport
    REFERENCING OLD TABLE AS old_reports
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_latest_reports()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER latest_report_after_insert ON registry_workforcereport",
    "DROP TRIGGER latest_report_after_update ON registry_workforcereport",
    "DROP TRIGGER latest_report_after_delete ON registry_workforcereport",
    "DROP FUNCTION registry_keep_latest_reports()",
    "DROP FUNCTION registry_refresh_latest_reports(bigint[])",
]

SQLITE_REFRESH = """
    DELETE FROM registry_latestreport WHERE facility_id = {row}.facility_id;
    INSERT INTO registry_latestreport (facility_id, period, workers, women)
        SELECT facility_id, period, workers, women FROM registry_workforcereport
        WHERE facility_id = {row}.facility_id ORDER BY period DESC LIMIT 1;
"""
SQLITE_TRIGGER = """
CREATE TRIGGER latest_report_after_{event} AFTER {event} ON registry_workforcereport
BEGIN {refreshes} END
"""
SQLITE = [
    SQLITE_TRIGGER.format(event="insert", refreshes=SQLITE_REFRESH.format(row="NEW")),
    SQLITE_TRIGGER.format(
        event="update",
        refreshes=SQLITE_REFRESH.format(row="OLD") + SQLITE_REFRESH.format(row="NEW"),
    ),
    SQLITE_TRIGGER.format(event="delete", refreshes=SQLITE_REFRESH.format(row="OLD")),
]
SQLITE_REVERSE = [
    f"DROP TRIGGER latest_report_after_{event}" for event in ("insert", "update", "delete")
]

# Rows for the reports already there (Django fills the table only through the triggers).
BACKFILL = """
INSERT INTO registry_latestreport (facility_id, period, workers, women)
SELECT facility_id, period, workers, women FROM registry_workforcereport AS report
WHERE period = (
    SELECT MAX(period) FROM registry_workforcereport WHERE facility_id = report.facility_id
)
"""



class Migration(migrations.Migration):
    dependencies = [("registry", "0009_indexes_for_lists")]

    operations = [
        migrations.CreateModel(
            name="LatestReport",
            fields=[
                (
                    "facility",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_report",
                        serialize=False,
                        to="registry.facility",
                    ),
                ),
                ("period", models.DateField()),
                ("workers", models.PositiveIntegerField()),
                ("women", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunPython(
            run_per_vendor({"postgresql": POSTGRESQL + [BACKFILL], "sqlite": SQLITE + [BACKFILL]}),
            run_per_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
