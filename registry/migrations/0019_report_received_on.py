"""Workforce reports record the day they were received (SPEC §2.5).

Existing reports keep the column empty: received on an unknown day, which counts as received
but not on time. The column is added without a database default, so no existing row gets one
and SQLite adds it in place (a default would make it rebuild the table and drop the triggers
that keep LatestReport); new reports get today's date from the model field's default.
"""

from django.db import migrations, models

import registry.models.calendar

HELP_TEXT = "The day the report was first entered; empty when unknown."


def received_on(**options):
    return models.DateField(
        blank=True, null=True, help_text=HELP_TEXT, verbose_name="received on", **options
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0018_import_job"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(model_name=model, name="received_on", field=received_on())
                for model in ("historicalworkforcereport", "workforcereport")
            ],
            state_operations=[
                migrations.AddField(
                    model_name=model,
                    name="received_on",
                    field=received_on(default=registry.models.calendar.today),
                )
                for model in ("historicalworkforcereport", "workforcereport")
            ],
        ),
    ]
