from django.core.management.base import BaseCommand

from registry.importers import export_files


class Command(BaseCommand):
    help = "Write the registry as the bulk CSV files of SPEC §4.2 into a directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        for name, count in export_files(directory):
            self.stdout.write(f"{name}: {count} rows")
