"""The registry's version row, bumped on every change (registry/cache.py)."""

from django.db import migrations, models


def create_version_row(apps, schema_editor):
    apps.get_model("registry", "RegistryVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_tenancies_never_overlap"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "registry version",
            },
        ),
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
    ]
