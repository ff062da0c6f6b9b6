"""TenantSpell goes: its triggers, their function and the table (issue 19, bench/RESULTS.md).

The national count of current tenants and the companies list's current filter read the
tenancies themselves. With the trigger goes its lock of the registry version's row, which made
every statement writing tenancies wait for any other uncommitted writer of tenancies.
Migrating back rebuilds the table, its triggers and its rows with migration 0015's own SQL.
"""

import importlib

from django.db import migrations

from ._vendor import run_per_vendor

creating = importlib.import_module("registry.migrations.0015_tenant_spell")


class Migration(migrations.Migration):
    dependencies = [("registry", "0022_company_name_stem")]

    operations = [
        migrations.RunPython(
            run_per_vendor(
                {"postgresql": creating.POSTGRESQL_REVERSE, "sqlite": creating.SQLITE_REVERSE}
            ),
            # Run after the reversed DeleteModel has made the table again: triggers, then rows.
            run_per_vendor(
                {
                    "postgresql": creating.POSTGRESQL + [creating.BACKFILL["postgresql"]],
                    "sqlite": creating.SQLITE + [creating.BACKFILL["sqlite"]],
                }
            ),
        ),
        migrations.DeleteModel(name="TenantSpell"),
    ]
