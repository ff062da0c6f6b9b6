import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from bench.generator import EARLIEST_AS_OF, Generator, foreign_data_counts
from registry.models.calendar import today


def positive_scale(value):
    """Parse --scale: a positive number, fractions allowed."""
    scale = float(value)
    if not 0 < scale <= 100:
        raise ValueError(value)
    return scale


class Command(BaseCommand):
    help = (
        "Fill the registry with a deterministic fictional national registry for benchmarks: "
        "300 facilities, 3,000 companies, ~6,000 tenancies and ~10,500 monthly reports per unit "
        "of --scale. Replaces rows an earlier run generated; refuses to mix with real data "
        "unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=positive_scale, default=1.0, help="size, 10 = SPEC §6 (default 1)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="the generated registry's today, YYYY-MM-DD (default today)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="add generated rows even though the database holds data not generated here",
        )

    def handle(self, *args, scale, seed, as_of, force, **options):
        on = today()
        as_of = as_of or on
        if as_of > on:
            raise CommandError(f"--as-of cannot be in the future (today is {on}).")
        if as_of < EARLIEST_AS_OF:
            raise CommandError(
                f"--as-of must be on or after {EARLIEST_AS_OF} so the federal programme has a "
                "history."
            )
        foreign = {name: n for name, n in foreign_data_counts().items() if n}
        if foreign and not force:
            held = ", ".join(f"{n} {name}" for name, n in foreign.items())
            raise CommandError(
                f"The database holds data this command did not generate ({held}). Use an empty "
                "database, or pass --force to add generated rows beside it."
            )
        started = time.perf_counter()
        counts = Generator(scale=scale, seed=seed, as_of=as_of).run()
        elapsed = time.perf_counter() - started
        written = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(
            f"Generated scale {scale:g}, seed {seed}, as of {as_of}: {written} in {elapsed:.1f} s."
        )
