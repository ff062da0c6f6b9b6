"""The committed shapes of Pakistan's seven units (pakistan_units.json, see SOURCE.md)."""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from centres.geo.topology import Projection

SHAPES_FILE = Path(__file__).with_name("pakistan_units.json")


@dataclass(frozen=True)
class UnitShape:
    code: str
    path: str
    box: tuple[int, int, int, int]
    label: tuple[int, int]

    @property
    def width(self):
        return self.box[2] - self.box[0]

    @property
    def height(self):
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class Shapes:
    width: int
    height: int
    projection: Projection
    units: dict[str, UnitShape]
    outline: str


@functools.cache
def pakistan_shapes(path: Path = SHAPES_FILE) -> Shapes:
    """Return the derived shapes, read once per process."""
    data = json.loads(path.read_text(encoding="utf-8"))
    _, _, width, height = data["view_box"]
    return Shapes(
        width=width,
        height=height,
        projection=Projection(**data["projection"]),
        units={
            code: UnitShape(code, unit["d"], tuple(unit["box"]), tuple(unit["label"]))
            for code, unit in data["units"].items()
        },
        outline=data["outline"],
    )
