from django.core.management.base import BaseCommand, CommandError

from registry.importers import load_files


class Command(BaseCommand):
    help = (
        "Load bulk CSV files (SPEC §4.2) named after what they hold, e.g. parks.csv, in "
        "dependency order and in one transaction: every row is saved, or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        report = load_files(files, by="import_registry")
        for error in report.errors:
            self.stderr.write(error)
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s); nothing was saved.")
        for summary in report.summaries:
            self.stdout.write(summary)
