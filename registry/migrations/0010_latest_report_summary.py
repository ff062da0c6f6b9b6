"""Each facility's latest report, kept by triggers on the reports' table (LatestReport).

A facility's row is rewritten in the same statement as any write of its reports, so no
writer can leave it stale. On PostgreSQL the triggers run once per statement over its
transition tables (the generator's COPY of 100,000 reports touches each facility once). New
reports only replace a kept row of an earlier month (upsert, no look at the other reports);
updates and deletes work the facilities' rows out again from their reports. Every path first
locks the facilities' rows, so two transactions writing one facility's reports take turns and
the second sees the first's report. Within one long transaction nothing is deleted and
re-inserted per row: dead rows of a 3,000-row table there cannot be reclaimed until commit,
and scanning them made a 20,000-row import four times slower. SQLite has row triggers only,
updates rows in place, and has one writer at a time.
"""

import django.db.models.deletion
from django.db import migrations, models

from ._vendor import run_per_vendor

POSTGRESQL = [
    """
    CREATE FUNCTION registry_lock_facilities(facilities bigint[]) RETURNS void
    LANGUAGE sql AS $$
        SELECT FROM registry_facility WHERE id = ANY(facilities) ORDER BY id FOR NO KEY UPDATE
    $$
    """,
    """
    CREATE FUNCTION registry_refresh_latest_reports(facilities bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM registry_lock_facilities(facilities);
        INSERT INTO registry_latestreport AS kept (facility_id, period, workers, women)
            SELECT DISTINCT ON (facility_id) facility_id, period, workers, women
            FROM registry_workforcereport WHERE facility_id = ANY(facilities)
            ORDER BY facility_id, period DESC
        ON CONFLICT (facility_id) DO UPDATE
            SET period = EXCLUDED.period, workers = EXCLUDED.workers, women = EXCLUDED.women;
        DELETE FROM registry_latestreport
            WHERE facility_id IN (
                SELECT facility FROM unnest(facilities) AS facility
                WHERE NOT EXISTS (
                    SELECT FROM registry_workforcereport WHERE facility_id = facility
                )
            );
    END $$
    """,
    """
    CREATE FUNCTION registry_keep_latest_reports() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            -- A new report replaces the kept one only if it is for a later month: the
            -- facility's other reports need no look.
            PERFORM registry_lock_facilities(ARRAY(SELECT DISTINCT facility_id FROM new_reports));
            INSERT INTO registry_latestreport AS kept (facility_id, period, workers, women)
                SELECT DISTINCT ON (facility_id) facility_id, period, workers, women
                FROM new_reports ORDER BY facility_id, period DESC
            ON CONFLICT (facility_id) DO UPDATE
                SET period = EXCLUDED.period, workers = EXCLUDED.workers, women = EXCLUDED.women
                WHERE kept.period < EXCLUDED.period;
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
    "DROP FUNCTION registry_lock_facilities(bigint[])",
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
