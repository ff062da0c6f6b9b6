"""manage.py send_return_reminders (SPEC §5): who is reminded of which returns, when, and once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import ReturnReminder, Role, StaffAssignment
from tests.factories import CentreFactory, CityFactory, ParkFactory, ReportFactory, province, staff

OCT = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://markaz.example.org"


@pytest.fixture
def registry():
    """In Punjab: a park that filed October and a centre that filed nothing since August; in
    Sindh: a centre missing October."""
    punjab, sindh = CityFactory(province=province("PB")), CityFactory(province=province("SD"))
    filed = ParkFactory(name="Filed Park", city=punjab)
    silent = CentreFactory(name="Silent Centre", city=punjab)
    other = CentreFactory(name="Sindh Centre", city=sindh)
    ReportFactory(facility=filed, period=OCT)
    for month in (7, 8):
        ReportFactory(facility=silent, period=datetime.date(2026, month, 1))
    ReportFactory(facility=other, period=datetime.date(2026, 9, 1))
    return {"filed": filed, "silent": silent, "other": other}


def person(role, username, *, email=True, language="en", **scope):
    user = staff(role, username=username, **scope)
    user.email = f"{username}@example.org" if email else ""
    user.save()
    assignment, _ = StaffAssignment.objects.get_or_create(user=user)
    assignment.language = language
    assignment.save()
    return user


def send(on, *options):
    out = io.StringIO()
    call_command("send_return_reminders", "--on", on, *options, stdout=out)
    return out.getvalue()


def test_before_the_due_day_each_keeper_hears_of_their_own_missing_returns(registry):
    person(Role.PROVINCIAL_OFFICER, "amna", provinces=["PB"])
    person(Role.FACILITY_MANAGER, "bilal", facilities=[registry["other"]])

    out = send("2026-11-10")

    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {"amna@example.org", "bilal@example.org"}
    amna = by_person["amna@example.org"]
    assert amna.subject == "Markaz: the return for October 2026 is due on 15 November"
    assert "Silent Centre" in amna.body and "Filed Park" not in amna.body
    assert "also missing September 2026" in amna.body
    assert "Sindh Centre" not in amna.body
    assert "https://markaz.example.org/admin/registry/workforcereport/" in amna.body
    html, kind = amna.alternatives[0]
    assert kind == "text/html" and "<li>Silent Centre" in html
    assert "2 reminder(s) for October 2026 (before the due day)." in out


def test_after_the_due_day_the_reminder_says_late(registry):
    person(Role.PROVINCIAL_OFFICER, "amna", provinces=["PB"])

    send("2026-11-16")

    assert mail.outbox[0].subject == "Markaz: the return for October 2026 is late"
    assert "was due on 15 November 2026" in mail.outbox[0].body


def test_a_person_is_reminded_at_most_once_per_month_and_kind(registry):
    amna = person(Role.PROVINCIAL_OFFICER, "amna", provinces=["PB"])

    send("2026-11-03")
    send("2026-11-12")
    send("2026-11-20")
    send("2026-11-28")

    assert len(mail.outbox) == 2
    assert set(ReturnReminder.objects.filter(user=amna).values_list("kind", flat=True)) == {
        "due",
        "late",
    }


def test_nobody_is_written_to_without_missing_returns_or_an_address(registry):
    person(Role.FACILITY_MANAGER, "filed", facilities=[registry["filed"]])
    person(Role.PROVINCIAL_OFFICER, "noemail", email=False, provinces=["PB"])
    person(Role.HQ_EDITOR, "hq")

    send("2026-11-10")

    assert mail.outbox == []


def test_a_dry_run_sends_and_records_nothing(registry):
    person(Role.PROVINCIAL_OFFICER, "amna", provinces=["PB"])

    out = send("2026-11-10", "--dry-run")

    assert "Would remind amna <amna@example.org>: 1 facilities" in out
    assert mail.outbox == [] and not ReturnReminder.objects.exists()


def test_the_reminder_is_written_in_the_persons_language(registry):
    person(Role.PROVINCIAL_OFFICER, "amna", provinces=["PB"], language="ur")

    send("2026-11-10")

    message = mail.outbox[0]
    assert message.subject == "مرکز: اکتوبر 2026 کا گوشوارہ 15 نومبر تک جمع ہونا ہے"
    assert 'lang="ur" dir="rtl"' in message.alternatives[0][0]


def test_a_bad_day_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        send("10/11/2026")
