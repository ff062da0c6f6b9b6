from django.core.management.base import BaseCommand, CommandError

from registry.importers import export_files


class Command(BaseCommand):
    help = (
        "Write the registry as the bulk CSV files of SPEC §4.2 (UTF-8 with BOM, rows sorted by "
        "natural key) into a directory, ready for import_registry."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        try:
            written = export_files(directory)
        except OSError as exc:
            raise CommandError(f"Cannot write the files into {directory}: {exc.strerror}.") from exc
        for name, count in written:
            self.stdout.write(f"{name}: {count} rows")
