"""TenantSpell's company index also holds the dates, so the current filter reads only the index.

The foreign key's own index is dropped by name rather than by AlterField: SQLite would rebuild
the table for that, under the triggers that write it (migration 0015).
"""

from django.db import migrations, models

# Django's name for the foreign key's index, the same on SQLite and PostgreSQL.
COMPANY_INDEX = "registry_tenantspell_company_id_3ac54ca6"


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0015_tenant_spell"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="tenantspell",
            index=models.Index(
                fields=["company", "started_on", "ended_on"], name="tenant_spell_company"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tenantspell",
                    name="company",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.company",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX {COMPANY_INDEX}",
                    reverse_sql=f"CREATE INDEX {COMPANY_INDEX} ON registry_tenantspell (company_id)",
                ),
            ],
        ),
    ]
