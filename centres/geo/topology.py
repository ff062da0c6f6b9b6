"""Turn TopoJSON admin-1 shapes into simplified, projected SVG paths (dev-only, SPEC §4.3).

Plain arithmetic, no GIS library: TopoJSON keeps every border once, as an arc that the two
units beside it share, so simplifying each arc once keeps neighbours touching, and merging two
units is dropping the arcs between them and joining what is left into rings.
"""

import math
from collections import Counter
from dataclasses import dataclass

# Radius of the sphere in the projection's units (km): sizes in the derived file read as km.
EARTH_RADIUS_KM = 6371.0


def decode_arcs(topology):
    """Return the topology's arcs as lists of (longitude, latitude), undoing quantisation."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def geometry_rings(geometry):
    """Return a Polygon's or MultiPolygon's rings as lists of arc references."""
    if geometry["type"] == "Polygon":
        return [list(ring) for ring in geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return [list(ring) for polygon in geometry["arcs"] for ring in polygon]
    raise ValueError(f"{geometry.get('id')}: a {geometry['type']} is not an area")


def arc_index(reference):
    """Return the arc a reference names: TopoJSON writes arc i reversed as ~i (-i - 1)."""
    return reference if reference >= 0 else ~reference


def directed(arcs, reference):
    """Return the points of an arc reference, reversed for a negative one."""
    points = arcs[arc_index(reference)]
    return list(points) if reference >= 0 else list(reversed(points))


def outer_references(rings):
    """Return the arc references of the rings that border nothing else among them.

    An arc used twice lies between two of the rings (or inside one unit): it is dropped, which
    merges the units on either side.
    """
    uses = Counter(arc_index(reference) for ring in rings for reference in ring)
    return [reference for ring in rings for reference in ring if uses[arc_index(reference)] == 1]


def stitch(arcs, references):
    """Join the directed arcs end to start into closed rings of points."""
    pending = list(references)
    by_start = {}
    for reference in pending:
        by_start.setdefault(directed(arcs, reference)[0], []).append(reference)
    rings = []
    while pending:
        first = pending.pop(0)
        by_start[directed(arcs, first)[0]].remove(first)
        ring = directed(arcs, first)
        while ring[-1] != ring[0]:
            following = by_start.get(ring[-1])
            if not following:
                raise ValueError(f"the arcs do not close into a ring at {ring[-1]}")
            reference = following.pop(0)
            pending.remove(reference)
            ring.extend(directed(arcs, reference)[1:])
        rings.append(ring)
    return rings


@dataclass(frozen=True)
class Projection:
    """Equidistant cylindrical on a standard parallel, scaled and shifted into a viewBox.

    x = (λ − λ0)·cos φ1·R·scale + x0 and y = y0 − φ·R·scale (north up). Across Pakistan's
    latitudes (24–37° N) a standard parallel of 30° N keeps shapes within a few percent of true.
    """

    standard_parallel: float
    central_meridian: float
    scale: float
    x0: float
    y0: float

    def raw(self, longitude, latitude):
        """Return the point in km, before scaling into the viewBox."""
        x = math.radians(longitude - self.central_meridian) * math.cos(
            math.radians(self.standard_parallel)
        )
        return x * EARTH_RADIUS_KM, math.radians(latitude) * EARTH_RADIUS_KM

    def __call__(self, longitude, latitude):
        x, y = self.raw(float(longitude), float(latitude))
        return x * self.scale + self.x0, self.y0 - y * self.scale

    def as_dict(self):
        return {
            "standard_parallel": self.standard_parallel,
            "central_meridian": self.central_meridian,
            "scale": self.scale,
            "x0": self.x0,
            "y0": self.y0,
        }


def fit_projection(points, *, width, padding, standard_parallel=30.0):
    """Return the projection that fits the (longitude, latitude) points into the width, and the
    height it then needs, with the padding on every side."""
    longitudes = [point[0] for point in points]
    central = (min(longitudes) + max(longitudes)) / 2
    bare = Projection(standard_parallel, central, 1.0, 0.0, 0.0)
    raw = [bare.raw(*point) for point in points]
    min_x, max_x = min(x for x, _ in raw), max(x for x, _ in raw)
    min_y, max_y = min(y for _, y in raw), max(y for _, y in raw)
    scale = (width - 2 * padding) / (max_x - min_x)
    projection = Projection(
        standard_parallel, central, scale, padding - min_x * scale, padding + max_y * scale
    )
    height = math.ceil((max_y - min_y) * scale + 2 * padding)
    return projection, height


def _distance_to_segment(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points, tolerance):
    """Return the points Douglas–Peucker keeps within the tolerance; both ends always stay.

    A closed arc (first point = last) is split at its farthest point, so that it keeps an area.
    """
    if len(points) < 3:
        return list(points)
    if points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        if far in (0, len(points) - 1):
            return [points[0], points[-1]]
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        index, distance = max(
            (
                (i, _distance_to_segment(points[i], points[first], points[last]))
                for i in range(first + 1, last)
            ),
            key=lambda item: item[1],
        )
        if distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_area(ring):
    """Return the ring's area by the shoelace formula (sign: orientation)."""
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def ring_centroid(ring):
    """Return the centroid of a simple ring's area."""
    area = ring_area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def contains(ring, point):
    """Say whether the point lies inside the ring (even–odd rule)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def label_point(ring):
    """Return a point inside the ring for its label: the centroid, or else the middle of the
    widest horizontal run through the centroid's height."""
    centroid = ring_centroid(ring)
    if contains(ring, centroid):
        return centroid
    y = centroid[1]
    crossings = sorted(
        x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
        if (y1 > y) != (y2 > y)
    )
    runs = list(zip(crossings[::2], crossings[1::2], strict=True))
    start, end = max(runs, key=lambda run: run[1] - run[0])
    return (start + end) / 2, y


def path_data(rings):
    """Return SVG path data of rings of integer points: each an absolute move, then relative
    lines ("M120 40l3 4-1 2z"), the shortest plain form."""
    parts = []
    for ring in rings:
        points = ring[:-1] if ring[0] == ring[-1] else ring
        (x, y), steps = points[0], []
        for nx, ny in points[1:]:
            steps += [nx - x, ny - y]
            x, y = nx, ny
        # A minus sign separates numbers by itself: "4-1" reads as 4, -1.
        parts.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(map(str, steps)) + "z")
    return "".join(parts).replace(" -", "-")


def rounded(points):
    """Return the points on the integer grid, without the repeats rounding makes."""
    out = []
    for x, y in points:
        point = (round(x), round(y))
        if not out or out[-1] != point:
            out.append(point)
    if len(points) > 1 and len(out) == 1:
        out.append(out[0])
    return out


def build_shapes(
    topology, *, units, extent=(), object_name=None, width=1000, padding=10, tolerance=1.0
):
    """Return the derived shapes of the units: {code: source ids} merged, projected, simplified.

    Every geometry of the object must belong to one unit and every unit must have one. The
    viewBox holds the shapes and the (longitude, latitude) points of `extent`. The result holds
    the viewBox, the projection (so that cities are placed by the same one), one path per unit
    with its bounding box and a label point inside its largest ring, and the outline of them all.
    """
    objects = topology["objects"]
    name = object_name or next(iter(objects))
    geometries = objects[name]["geometries"]
    code_of = {source: code for code, sources in units.items() for source in sources}
    unknown = sorted(str(g.get("id")) for g in geometries if g.get("id") not in code_of)
    if unknown:
        raise ValueError(f"geometries of no unit: {', '.join(unknown)}")
    rings = {code: [] for code in units}
    for geometry in geometries:
        rings[code_of[geometry["id"]]] += geometry_rings(geometry)
    empty = [code for code, unit_rings in rings.items() if not unit_rings]
    if empty:
        raise ValueError(f"units without a shape in the source: {', '.join(empty)}")

    arcs = decode_arcs(topology)
    used = {arc_index(reference) for unit in rings.values() for ring in unit for reference in ring}
    projection, height = fit_projection(
        [*(point for index in sorted(used) for point in arcs[index]), *extent],
        width=width,
        padding=padding,
    )
    drawn = [rounded(simplify([projection(*p) for p in arc], tolerance)) for arc in arcs]

    def closed_rings(references):
        # A ring that simplifying and rounding flattened has no area left to draw.
        return [ring for ring in stitch(drawn, references) if abs(ring_area(ring)) >= 1]

    shapes = {}
    for code, unit_rings in rings.items():
        unit = closed_rings(outer_references(unit_rings))
        largest = max(unit, key=lambda ring: abs(ring_area(ring)))
        x, y = label_point(largest)
        xs = [x for ring in unit for x, _ in ring]
        ys = [y for ring in unit for _, y in ring]
        shapes[code] = {
            "d": path_data(unit),
            "box": [min(xs), min(ys), max(xs), max(ys)],
            "label": [round(x), round(y)],
        }
    everything = [ring for unit in rings.values() for ring in unit]
    return {
        "view_box": [0, 0, width, height],
        "projection": projection.as_dict(),
        "units": shapes,
        "outline": path_data(closed_rings(outer_references(everything))),
    }
