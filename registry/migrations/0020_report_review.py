"""Workforce reports can be flagged for review when their figures jump (SPEC §5); staff confirm
or correct them. Existing reports start unflagged.

SQLite adds a column with a default by remaking the table, which its triggers (LatestReport's)
would refuse: they are set aside around it.
"""

from django.db import migrations, models

from ._vendor import sqlite_triggers_set_aside

REVIEW_CHOICES = [("flagged", "Flagged for review"), ("confirmed", "Confirmed as reported")]

set_aside, put_back = sqlite_triggers_set_aside("registry_workforcereport")


def review_fields(model):
    return [
        migrations.AddField(
            model_name=model,
            name="review",
            field=models.CharField(
                blank=True,
                choices=REVIEW_CHOICES,
                default="",
                db_default="",
                editable=False,
                max_length=9,
            ),
        ),
        migrations.AddField(
            model_name=model,
            name="review_note",
            field=models.CharField(
                blank=True,
                default="",
                db_default="",
                editable=False,
                max_length=300,
                verbose_name="why flagged",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_report_received_on")]

    operations = [
        *review_fields("historicalworkforcereport"),
        set_aside,
        *review_fields("workforcereport"),
        put_back,
    ]
