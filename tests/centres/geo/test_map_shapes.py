"""The map's derived shapes (SPEC §4.3): the build command on a tiny topology, and the committed
file (centres/geo/pakistan_units.json)."""

import json
import re

import pytest
from django.core.management import CommandError, call_command

from bench.generator.reference import demo_cities
from centres.geo.shapes import SHAPES_FILE, pakistan_shapes
from centres.geo.topology import path_data, simplify
from registry.models import Province

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def rings_of(path):
    """Return the absolute points of each ring of a path written by path_data()."""
    rings = []
    for part in re.findall(r"M[^M]*", path):
        numbers = [int(n) for n in NUMBER.findall(part)]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def area(path):
    total = 0.0
    for ring in rings_of(path):
        pairs = zip(ring, ring[1:] + ring[:1], strict=True)
        total += abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs) / 2)
    return total


def inside(path, point):
    x, y = point
    crossings = 0
    for ring in rings_of(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


# A topology of the source's eight units on a 12 × 4 grid of degrees from (60, 24), quantised
# to whole degrees: squares side by side, the tribal areas (PK.TA) beside the rest of Khyber
# Pakhtunkhwa (PK.NW), sharing arc 1.
SQUARES = ["PK.NW", "PK.TA", "PK.PB", "PK.SD", "PK.BA", "PK.IS", "PK.NA", "PK.JK"]


def tiny_topology():
    arcs = [
        # 0: NW's outer edge, (61,26) → (60,26) → (60,25) → (61,25), as steps from (60,23).
        [[1, 3], [-1, 0], [0, -1], [1, 0]],
        # 1: the edge NW and TA share, (61,26) → (61,25).
        [[1, 3], [0, -1]],
        # 2: TA's outer edge, (61,25) → (62,25) → (62,26) → (61,26).
        [[1, 2], [1, 0], [0, 1], [-1, 0]],
    ]
    geometries = [
        {"type": "Polygon", "id": "PK.NW", "arcs": [[0, ~1]]},
        {"type": "Polygon", "id": "PK.TA", "arcs": [[2, 1]]},
    ]
    for index, code in enumerate(SQUARES[2:]):
        left = 3 + 2 * index
        arcs.append([[left, 2], [1, 0], [0, 1], [-1, 0], [0, -1]])
        geometries.append({"type": "Polygon", "id": code, "arcs": [[len(arcs) - 1]]})
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [60, 23]},
        "objects": {"pak": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "tiny.topo.json"
    path.write_text(json.dumps(tiny_topology()))
    return path


def build(source, tmp_path, **options):
    output = tmp_path / "shapes.json"
    call_command("build_map_shapes", str(source), output=output, **options)
    return json.loads(output.read_text()), output


def test_the_command_writes_the_seven_units_of_the_fixed_list(source, tmp_path):
    shapes, _ = build(source, tmp_path)

    assert sorted(shapes["units"]) == sorted(Province.objects.values_list("code", flat=True))
    assert shapes["view_box"][:3] == [0, 0, 1000]


def test_the_tribal_areas_merge_into_khyber_pakhtunkhwa_without_the_border_between(
    source, tmp_path
):
    shapes, _ = build(source, tmp_path)
    units = shapes["units"]

    (ring,) = rings_of(units["KP"]["d"])
    # One ring around both squares: twice the area and width of Punjab's square, as high.
    assert area(units["KP"]["d"]) == pytest.approx(2 * area(units["PB"]["d"]), rel=0.05)
    kp, pb = units["KP"]["box"], units["PB"]["box"]
    assert kp[2] - kp[0] == pytest.approx(2 * (pb[2] - pb[0]), abs=1)
    assert kp[3] - kp[1] == pb[3] - pb[1]
    # The shared edge is not drawn: no step of the ring runs down the middle.
    middle = (kp[0] + kp[2]) / 2
    steps = zip(ring, ring[1:] + ring[:1], strict=True)
    assert not [(a, b) for a, b in steps if abs(a[0] - middle) <= 1 and abs(b[0] - middle) <= 1]


def test_every_unit_has_a_label_point_inside_its_shape(source, tmp_path):
    shapes, _ = build(source, tmp_path)

    for code, unit in shapes["units"].items():
        assert inside(unit["d"], unit["label"]), code


def test_the_written_file_reads_back_with_its_projection(source, tmp_path):
    shapes, output = build(source, tmp_path)

    read = pakistan_shapes(output)
    x, y = read.projection(60.5, 25.5)
    assert inside(shapes["units"]["KP"]["d"], (x, y))
    assert not inside(shapes["units"]["PB"]["d"], (x, y))


def test_the_drawing_holds_the_whole_box_of_accepted_coordinates(source, tmp_path):
    shapes, output = build(source, tmp_path)
    projection = pakistan_shapes(output).projection
    _, _, width, height = shapes["view_box"]

    for lon in (60.8, 77.9):
        for lat in (23.5, 37.2):
            x, y = projection(lon, lat)
            assert 0 <= x <= width and 0 <= y <= height, (lon, lat)


def test_a_source_with_an_unknown_unit_is_refused(source, tmp_path):
    topology = tiny_topology()
    topology["objects"]["pak"]["geometries"][2]["id"] = "PK.XX"
    source.write_text(json.dumps(topology))

    with pytest.raises(CommandError, match="geometries of no unit: PK.XX"):
        build(source, tmp_path)


def test_a_source_missing_one_of_the_seven_is_refused(source, tmp_path):
    topology = tiny_topology()
    del topology["objects"]["pak"]["geometries"][-1]
    source.write_text(json.dumps(topology))

    with pytest.raises(CommandError, match="units without a shape in the source: AJK"):
        build(source, tmp_path)


def test_douglas_peucker_keeps_both_ends_and_the_corners():
    line = [(0, 0), (1, 0.1), (2, 0), (2, 5), (2.1, 6), (2, 10)]

    assert simplify(line, 0.5) == [(0, 0), (2, 0), (2, 10)]
    assert simplify(line, 0.05) == line


def test_path_data_is_an_absolute_move_then_relative_steps():
    assert path_data([[(10, 20), (13, 24), (12, 26), (10, 20)]]) == "M10 20l3 4-1 2z"


# The committed file


def test_the_committed_shapes_are_the_seven_units_and_small():
    shapes = pakistan_shapes()

    assert set(shapes.units) == set(Province.objects.values_list("code", flat=True))
    assert SHAPES_FILE.stat().st_size < 16_000
    for unit in shapes.units.values():
        assert inside(unit.path, unit.label), unit.code


@pytest.mark.parametrize(
    ("slug", "code", "lat", "lon"),
    [
        (row["slug"], row["province"], float(row["latitude"]), float(row["longitude"]))
        for row in demo_cities()
    ],
)
def test_each_reference_city_falls_in_its_own_unit(slug, code, lat, lon):
    shapes = pakistan_shapes()
    point = shapes.projection(lon, lat)

    assert inside(shapes.units[code].path, point), slug
