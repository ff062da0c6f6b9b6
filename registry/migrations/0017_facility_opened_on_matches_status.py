"""A launch or opening date is set exactly when the facility is operational, suspended or closed.

Rows that break the rule stop the migration with their slugs, to be corrected first.
"""

from django.db import migrations, models
from django.db.models import Q

from ._vendor import sqlite_triggers_set_aside

OPENED_STATUSES = ("operational", "suspended", "closed")
MATCHES = Q(status__in=OPENED_STATUSES, opened_on__isnull=False) | (
    ~Q(status__in=OPENED_STATUSES) & Q(opened_on__isnull=True)
)


def refuse_mismatches(apps, schema_editor):
    Facility = apps.get_model("registry", "Facility")
    slugs = list(Facility.objects.exclude(MATCHES).values_list("slug", flat=True)[:20])
    if slugs:
        raise RuntimeError(
            "These facilities have a launch/opening date while not operational, suspended or "
            "closed, or none while they are; correct them and migrate again: " + ", ".join(slugs)
        )


set_aside, put_back = sqlite_triggers_set_aside("registry_facility")


class Migration(migrations.Migration):
    dependencies = [("registry", "0016_tenant_spell_company_dates")]

    operations = [
        migrations.RunPython(refuse_mismatches, migrations.RunPython.noop),
        set_aside,
        migrations.RemoveConstraint(
            model_name="facility", name="facility_operational_has_opening_date"
        ),
        migrations.AddConstraint(
            model_name="facility",
            constraint=models.CheckConstraint(
                condition=MATCHES,
                name="facility_opened_on_matches_status",
                violation_error_message=(
                    "The opening (launch) date is set exactly when the facility is operational, "
                    "suspended or closed."
                ),
            ),
        ),
        put_back,
    ]
