"""E-mails reminding facility managers and provincial officers of returns not yet received
(SPEC §2.5, §5): before the due day and after it, at most once per person, month and kind."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from registry.admin.scoping import access_for
from registry.models import Facility, ReturnReminder, Role, StaffAssignment
from registry.models.calendar import add_months, month_start
from registry.models.returns import due_on

# Besides the month asked, a reminder names this many earlier months still missing.
EARLIER_MONTHS = 3


@dataclass(frozen=True)
class MissingReturns:
    """A facility whose return for the month is missing, with the earlier months also missing."""

    facility: Facility
    earlier: list


def reminder_month(on: datetime.date) -> datetime.date:
    """Return the month whose returns are being collected on the day: the previous month."""
    return add_months(month_start(on), -1)


def reminder_kind(month: datetime.date, on: datetime.date) -> str:
    """Return whether a reminder sent on the day comes before the due day or after it."""
    return ReturnReminder.Kind.DUE if on <= due_on(month) else ReturnReminder.Kind.LATE


def missing_returns(user, month: datetime.date) -> list[MissingReturns]:
    """Return the user's facilities missing the month's return, each with its earlier months
    (up to EARLIER_MONTHS) still missing; one query per month."""
    reached = Facility.objects.filter(access_for(user).facility_condition())
    earlier_months = [add_months(month, -back) for back in range(1, EARLIER_MONTHS + 1)]
    earlier = {
        earlier_month: set(reached.missing_report(earlier_month).values_list("pk", flat=True))
        for earlier_month in earlier_months
    }
    return [
        MissingReturns(facility, [m for m in earlier_months if facility.pk in earlier[m]])
        for facility in reached.missing_report(month).select_related("city").order_by("name")
    ]


def reminded_people():
    """Return the active staff with an e-mail address who keep facilities' returns."""
    keepers = [Role.FACILITY_MANAGER.label, Role.PROVINCIAL_OFFICER.label]
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=keepers)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def reminder_message(user, month, kind, missing, language):
    """Return the reminder as an e-mail in the person's language, plain text and HTML."""
    context = {
        "user": user,
        "month": month,
        "due_on": due_on(month),
        "late": kind == ReturnReminder.Kind.LATE,
        "missing": missing,
        "admin_url": settings.SITE_URL + reverse("admin:registry_workforcereport_changelist"),
        "reporting_url": settings.SITE_URL + reverse("reporting"),
    }
    with translation.override(language):
        subject = render_to_string("emails/return_reminder_subject.txt", context).strip()
        text = render_to_string("emails/return_reminder.txt", context)
        html = render_to_string("emails/return_reminder.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def return_reminders_send(*, on: datetime.date, dry_run: bool = False) -> list:
    """E-mail every keeper whose facilities miss the month's return; return (user, count) of
    each reminder sent (or, in a dry run, that would be sent)."""
    month, sent = reminder_month(on), []
    kind = reminder_kind(month, on)
    languages = dict(StaffAssignment.objects.values_list("user_id", "language"))
    already = set(
        ReturnReminder.objects.filter(month=month, kind=kind).values_list("user_id", flat=True)
    )
    for user in reminded_people():
        if user.pk in already:
            continue
        missing = missing_returns(user, month)
        if not missing:
            continue
        sent.append((user, len(missing)))
        if dry_run:
            continue
        message = reminder_message(user, month, kind, missing, languages.get(user.pk, "en"))
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(user=user, month=month, kind=kind)
                message.send()
        except IntegrityError:
            sent.pop()  # another run reminded this person meanwhile
    return sent
