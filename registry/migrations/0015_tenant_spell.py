"""Each company's spells as a tenant (TenantSpell), reworked by triggers from its tenancies.

A company's spells are its tenancies' dates merged where they overlap (a tenancy runs from
started_on to ended_on, both included, or on while ended_on is empty). Every insert, update or
delete of tenancies reworks the spells of the companies it touched, in the same statement. On
PostgreSQL the triggers run once per statement over their transition tables, and writers take
turns on the registry version's row first, as every signalled write does anyway
(registry/cache.py): each rework then reads every tenancy committed before it, and no new order
of locks arises. SQLite has row triggers only and one writer at a time.
"""

import django.db.models.deletion
from django.db import migrations, models

from ._vendor import run_per_vendor

# The spells of the companies the statement names: a tenancy starting after every earlier one
# (by start) of its company has ended starts a spell, and each spell spans its tenancies.
# {ends} stands for the latest day, {companies} for the condition on company_id.
SPELLS = """
SELECT company_id, MIN(started_on), NULLIF(MAX(COALESCE(ended_on, {ends})), {ends})
FROM (
    SELECT company_id, started_on, ended_on,
        SUM(starts_spell) OVER (PARTITION BY company_id ORDER BY started_on, id) AS spell
    FROM (
        SELECT id, company_id, started_on, ended_on,
            CASE WHEN started_on <= MAX(COALESCE(ended_on, {ends})) OVER (
                PARTITION BY company_id ORDER BY started_on, id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) THEN 0 ELSE 1 END AS starts_spell
        FROM registry_tenancy
        WHERE {companies}
    ) AS marked
) AS numbered
GROUP BY company_id, spell
"""
POSTGRESQL_SPELLS = SPELLS.format(ends="'infinity'::date", companies="company_id = ANY (companies)")

POSTGRESQL = [
    f"""
    CREATE FUNCTION registry_keep_tenant_spells() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        companies bigint[];
    BEGIN
        IF TG_OP = 'INSERT' THEN
            companies := ARRAY(SELECT DISTINCT company_id FROM new_tenancies);
        ELSIF TG_OP = 'DELETE' THEN
            companies := ARRAY(SELECT DISTINCT company_id FROM old_tenancies);
        ELSE
            companies := ARRAY(
                SELECT company_id FROM new_tenancies UNION SELECT company_id FROM old_tenancies
            );
        END IF;
        PERFORM FROM registry_registryversion FOR UPDATE;
        DELETE FROM registry_tenantspell WHERE company_id = ANY (companies);
        INSERT INTO registry_tenantspell (company_id, started_on, ended_on) {POSTGRESQL_SPELLS};
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER tenant_spells_after_insert AFTER INSERT ON registry_tenancy
    REFERENCING NEW TABLE AS new_tenancies
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_tenant_spells()
    """,
    """
    CREATE TRIGGER tenant_spells_after_update AFTER UPDATE ON registry_tenancy
    REFERENCING OLD TABLE AS old_tenancies NEW TABLE AS new_tenancies
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_tenant_spells()
    """,
    """
    CREATE TRIGGER tenant_spells_after_delete AFTER DELETE ON registry_tenancy
    REFERENCING OLD TABLE AS old_tenancies
    FOR EACH STATEMENT EXECUTE FUNCTION registry_keep_tenant_spells()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER tenant_spells_after_insert ON registry_tenancy",
    "DROP TRIGGER tenant_spells_after_update ON registry_tenancy",
    "DROP TRIGGER tenant_spells_after_delete ON registry_tenancy",
    "DROP FUNCTION registry_keep_tenant_spells()",
]


def sqlite_rework(*companies):
    """Return the statements reworking the spells of the companies (trigger row references)."""
    named = f"company_id IN ({', '.join(companies)})"
    spells = SPELLS.format(ends="'9999-12-31'", companies=named)
    return (
        f"DELETE FROM registry_tenantspell WHERE {named}; "
        f"INSERT INTO registry_tenantspell (company_id, started_on, ended_on) {spells};"
    )


SQLITE = [
    "CREATE TRIGGER tenant_spells_after_insert AFTER INSERT ON registry_tenancy "
    f"BEGIN {sqlite_rework('NEW.company_id')} END",
    "CREATE TRIGGER tenant_spells_after_update AFTER UPDATE ON registry_tenancy "
    f"BEGIN {sqlite_rework('OLD.company_id', 'NEW.company_id')} END",
    "CREATE TRIGGER tenant_spells_after_delete AFTER DELETE ON registry_tenancy "
    f"BEGIN {sqlite_rework('OLD.company_id')} END",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER tenant_spells_after_{event}" for event in ("insert", "update", "delete")
]

# Spells for the tenancies already there.
BACKFILL = {
    vendor: "INSERT INTO registry_tenantspell (company_id, started_on, ended_on) "
    + SPELLS.format(ends=ends, companies="TRUE")
    for vendor, ends in (("postgresql", "'infinity'::date"), ("sqlite", "'9999-12-31'"))
}


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_tenancy_city_company_index")]

    operations = [
        migrations.CreateModel(
            name="TenantSpell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("started_on", models.DateField()),
                ("ended_on", models.DateField(null=True)),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.company",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            run_per_vendor(
                {
                    "postgresql": POSTGRESQL + [BACKFILL["postgresql"]],
                    "sqlite": SQLITE + [BACKFILL["sqlite"]],
                }
            ),
            run_per_vendor({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
