"""Each tenancy with its facility's city, kept by triggers (TenancyCity).

A tenancy's row is written in the same statement as any insert, update or delete of the
tenancy, and the rows of a facility's tenancies move with the facility when it moves to another
city, so no writer can leave them stale. On PostgreSQL the triggers run once per statement over
their transition tables (the generator's COPY of 60,000 tenancies is one INSERT … SELECT), and a
tenancy's writer first locks its facilities' rows against a move, so a move and a new tenancy
take turns and the later one sees the other. SQLite has row triggers only and one writer at a
time.
"""

import django.db.models.deletion
from django.db import migrations, models

from ._vendor import run_per_vendor

POSTGRESQL = [
    """
    CREATE FUNCTION registry_keep_tenancy_cities() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM registry_tenancycity WHERE tenancy_id IN (SELECT id FROM old_tenancies);
            RETURN NULL;
        END IF;
        PERFORM FROM registry_facility
            WHERE id IN (SELECT facility_id FROM new_tenancies) ORDER BY id FOR SHARE;
        INSERT INTO registry_tenancycity AS kept
            (tenancy_id, city_id, company_id, started_on, ended_on)
            SELECT tenancy.id, facility.city_id, tenancy.company_id, tenancy.started_on,
                tenancy.ended_on
            FROM new_tenancies AS tenancy
            JOIN registry_facility AS facility ON facility.id = tenancy.facility_id
        ON CONFLICT (tenancy_id) DO UPDATE
            SET city_id = EXCLUDED.city_id, company_id = EXCLUDED.company_id,
                started_on = EXCLUDED.started_on, ended_on = EXCLUDED.ended_on;
        IF TG_OP = 'UPDATE' THEN
            -- Only raw SQL renumbers a tenancy; its old number's row goes.
            DELETE FROM registry_tenancycity WHERE tenancy_id IN (
                SELECT id FROM old_tenancies EXCEPT SELECT id FROM new_tenancies
            );
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER tenancy_city_after_insert AFTER INSERT ON registry_tenancy
    REFERENCING NEW TABLE AS new_tenancies
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_tenancy_cities()
    """,
    """
    CREATE TRIGGER tenancy_city_after_update AFTER UPDATE ON registry_tenancy
    REFERENCING OLD TABLE AS old_tenancies NEW TABLE AS new_tenancies
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_tenancy_cities()
    """,
    """
    CREATE TRIGGER tenancy_city_after_delete AFTER DELETE ON registry_tenancy
    REFERENCING OLD TABLE AS old_tenancies
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_tenancy_cities()
    """,
    """
    CREATE FUNCTION registry_move_tenancy_cities() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE registry_tenancycity AS kept SET city_id = moved.city_id
        FROM new_facilities AS moved
        JOIN old_facilities AS before ON before.id = moved.id AND before.city_id <> moved.city_id
        JOIN registry_tenancy AS tenancy ON tenancy.facility_id = moved.id
        WHERE kept.tenancy_id = tenancy.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER tenancy_city_after_facility_update AFTER UPDATE ON registry_facility
    REFERENCING OLD TABLE AS old_facilities NEW TABLE AS new_facilities
    FOR EACH STATEMENT EXECUTE FUNCTION registry_move_tenancy_cities()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER tenancy_city_after_insert ON registry_tenancy",
    "DROP TRIGGER tenancy_city_after_update ON registry_tenancy",
    "DROP TRIGGER tenancy_city_after_delete ON registry_tenancy",
    "DROP TRIGGER tenancy_city_after_facility_update ON registry_facility",
    "DROP FUNCTION registry_keep_tenancy_cities()",
    "DROP FUNCTION registry_move_tenancy_cities()",
]

SQLITE_INSERT = """
    INSERT INTO registry_tenancycity (tenancy_id, city_id, company_id, started_on, ended_on)
        SELECT NEW.id, city_id, NEW.company_id, NEW.started_on, NEW.ended_on
        FROM registry_facility WHERE id = NEW.facility_id;
"""
SQLITE_DELETE = "DELETE FROM registry_tenancycity WHERE tenancy_id = OLD.id;"
SQLITE = [
    f"CREATE TRIGGER tenancy_city_after_insert AFTER INSERT ON registry_tenancy "
    f"BEGIN {SQLITE_INSERT} END",
    f"CREATE TRIGGER tenancy_city_after_update AFTER UPDATE ON registry_tenancy "
    f"BEGIN {SQLITE_DELETE} {SQLITE_INSERT} END",
    f"CREATE TRIGGER tenancy_city_after_delete AFTER DELETE ON registry_tenancy "
    f"BEGIN {SQLITE_DELETE} END",
    """
    CREATE TRIGGER tenancy_city_after_facility_update AFTER UPDATE OF city_id
    ON registry_facility BEGIN
        UPDATE registry_tenancycity SET city_id = NEW.city_id
        WHERE tenancy_id IN (SELECT id FROM registry_tenancy WHERE facility_id = NEW.id);
    END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER tenancy_city_after_{event}"
    for event in ("insert", "update", "delete", "facility_update")
]

# Rows for the tenancies already there (Django fills the table only through the triggers).
BACKFILL = """
INSERT INTO registry_tenancycity (tenancy_id, city_id, company_id, started_on, ended_on)
SELECT tenancy.id, facility.city_id, tenancy.company_id, tenancy.started_on, tenancy.ended_on
FROM registry_tenancy AS tenancy
JOIN registry_facility AS facility ON facility.id = tenancy.facility_id
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_company_search_trigrams")]

    operations = [
        migrations.CreateModel(
            name="TenancyCity",
            fields=[
                (
                    "tenancy",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="registry.tenancy",
                    ),
                ),
                ("started_on", models.DateField()),
                ("ended_on", models.DateField(null=True)),
                (
                    "city",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.city",
                    ),
                ),
                (
                    "company",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.company",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["city", "company", "started_on", "ended_on"],
                        name="tenancy_city_current",
                    )
                ],
            },
        ),
        migrations.RunPython(
            run_per_vendor({"postgresql": POSTGRESQL + [BACKFILL], "sqlite": SQLITE + [BACKFILL]}),
            run_per_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
