from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from registry.importers import stored_rows

DEMO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "demo"


def holdings(counts):
    """Return what a registry holds in words, e.g. "6 operators, 23 software technology parks"."""
    return ", ".join(
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in counts.items()
        if count
    )


class Command(BaseCommand):
    help = (
        "Load the fictional demo registry (registry/fixtures/demo/*.csv). An empty registry (no "
        "row of any bulk file: operators, programmes, cities, parks, centres, companies, "
        "tenancies, workforce reports, targets) is loaded at once; over one that holds data, the "
        "demo rows get their demo values back, edits included, so it asks first."
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty registry; otherwise say so and change nothing.",
        )
        when.add_argument(
            "--force", action="store_true", help="Reload over the registry's data without asking."
        )

    def handle(self, *args, if_empty, force, **options):
        held = holdings(stored_rows())
        if held and not force:
            if if_empty:
                self.stdout.write(
                    f"The registry already holds data ({held}), so the demo was not loaded: "
                    "nothing was changed. `make demo` reloads it."
                )
                return
            if not self.confirmed(held):
                self.stdout.write("Nothing was loaded.")
                return
        paths = [str(path) for path in sorted(DEMO_DIR.glob("*.csv"))]
        call_command("import_registry", *paths, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write("Loaded the demo registry (fictional data).")

    def confirmed(self, held):
        self.stdout.write(
            f"The registry already holds data ({held}). Reloading the demo gives every demo row "
            "its demo values back, overwriting edits made since; rows you added are kept."
        )
        try:
            answer = input("Reload the demo? [y/N] ")
        except EOFError:
            answer = ""
        return answer.strip().lower() in {"y", "yes"}
