from django.core.management.base import BaseCommand

from registry.models import ImportJob


class Command(BaseCommand):
    help = (
        "Delete the admin's import uploads kept past IMPORT_UPLOAD_HOURS, with their previews "
        "and problems (run it from cron, e.g. hourly)."
    )

    def handle(self, *args, **options):
        deleted, _ = ImportJob.objects.expired().delete()
        self.stdout.write(f"Deleted {deleted} expired import upload(s).")
