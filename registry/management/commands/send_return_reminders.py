"""E-mail the keepers of facilities whose monthly return is not yet received (README)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from registry.admin.reminders import reminder_kind, reminder_month, return_reminders_send
from registry.models.calendar import today


class Command(BaseCommand):
    help = (
        "E-mail each facility manager and provincial officer the facilities whose return for "
        "last month is not yet received; before the due day and after it, once each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Send as on this day (YYYY-MM-DD; default today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be reminded; send nothing."
        )

    def handle(self, *args, on=None, dry_run=False, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else today()
        except ValueError:
            raise CommandError(f"--on must be a date written YYYY-MM-DD, not {on!r}.") from None
        month = reminder_month(day)
        sent = return_reminders_send(on=day, dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for user, count in sent:
            self.stdout.write(f"{verb} {user.username} <{user.email}>: {count} facilities")
        self.stdout.write(
            f"{len(sent)} reminder(s) for {month:%B %Y} "
            f"({reminder_kind(month, day).label.lower()})."
        )
