"""The map of parks and centres (SPEC §4.3): the lists' own filters, counted per city, drawn.

Decisions where the SPEC is silent:

- The map draws the facilities open on its date (today unless `as_of`): exactly the rows of the
  park list and the centre list with `operational_on` set to that date and the map's other
  filters. Their own FilterSets choose the rows, so the map's counts are the lists' counts.
- Status narrows those to the facilities whose status today is operational, suspended or closed
  (closed since the date); no other status is ever open on a date. A status parks do not have
  (suspended) leaves the parks out, as the park list would refuse it.
- A programme narrows the centres to its own; parks belong to no programme and are not drawn.
- One circle per city, kind and status, its area proportional to the count, at the city's
  coordinates; one city's circles are nested, the largest beneath.
- A province is shaded by the share reached of its centre quota: the province targets of
  centres operational of the map's programme (the tracked programme when none is chosen), due
  by the first deadline on or after the date, or the last one when all have passed, with the
  tracker's own progress of each target.
"""

import functools
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from centres.geo.shapes import pakistan_shapes
from centres.models import Metric
from centres.public.filters import CentreFilterSet
from centres.public.map_layout import (
    LABEL_MIN_HEIGHT,
    LABEL_MIN_WIDTH,
    SHADE_STEPS,
    callouts,
    radius_unit,
    shade,
    size_legend,
)
from centres.public.map_words import MAP_LABELS, facilities_words, status_words
from registry.models import Facility, FacilityKind, Province
from registry.models.calendar import fiscal_year_end
from registry.models.statuses import OPERATIONAL, STATUSES_BY_KIND
from registry.public.display import grouped, slug_url
from registry.public.filters import ParkFilterSet
from registry.public.names import local_name

PARK, CENTRE = FacilityKind.PARK, FacilityKind.CENTRE
KINDS = {PARK: (ParkFilterSet, "park-list"), CENTRE: (CentreFilterSet, "centre-list")}
CITY_FIELDS = (
    "city__slug",
    "city__name",
    "city__name_ur",
    "city__latitude",
    "city__longitude",
    "city__province_id",
)


@dataclass(frozen=True)
class MapFilters:
    """What the map draws: its date and the lists' filters."""

    as_of: object
    programme: object = None
    kind: str = ""
    status: str = ""

    def list_query(self, kind):
        """Return the query of the kind's list that holds the rows drawn, or None if none are."""
        if (self.kind and self.kind != kind) or (kind == PARK and self.programme):
            return None
        if self.status and self.status not in STATUSES_BY_KIND[kind].values:
            return None
        query = {}
        if self.programme is not None:
            query["programme"] = self.programme.slug
        if self.status:
            query["status"] = self.status
        query["operational_on"] = self.as_of.isoformat()
        return query

    @property
    def kinds(self):
        """Return the kinds drawn with their lists' queries."""
        return {kind: query for kind in KINDS if (query := self.list_query(kind)) is not None}


def counts_by_city(kinds):
    """Return the rows of each kind's list for its query, counted by city, kind and status, in
    one query: {kind: list query} names the lists."""
    if not kinds:
        return []
    chosen = Q(pk__in=[])
    for kind, query in kinds.items():
        filterset = KINDS[kind][0](query)
        if not filterset.is_valid():
            # The map's form accepts only what both lists accept.
            raise ValueError(filterset.errors)
        chosen |= Q(kind=kind, pk__in=filterset.qs.values("pk"))
    return (
        Facility.objects.filter(chosen)
        .order_by()
        .values(*CITY_FIELDS, "kind", "status")
        .annotate(count=Count("pk"))
    )


def list_url(kind, query, **more):
    """Return the address of the kind's list with the query (its path reversed once a page)."""
    path = _list_path(kind, get_language(), get_script_prefix(), get_urlconf())
    return f"{path}?{urlencode(query | more)}"


@functools.cache
def _list_path(kind, language, script_prefix, urlconf):
    return reverse(KINDS[kind][1])


@dataclass
class CityRow:
    """One city's facilities on the map: counts by kind and status, and where it is drawn."""

    slug: str
    name: str
    province: str
    province_name: str
    x: float
    y: float
    counts: dict = field(default_factory=dict)
    url: str = ""
    list_urls: dict = field(default_factory=dict)

    def total(self, kind):
        return sum(n for (k, _), n in self.counts.items() if k == kind)

    @property
    def parks(self):
        return self.total(PARK)

    @property
    def centres(self):
        return self.total(CENTRE)

    def breakdown(self, kind):
        """Return "2 operational, 1 suspended" when not all of the kind are operational."""
        parts = [(status, n) for (k, status), n in sorted(self.counts.items()) if k == kind]
        if all(status == OPERATIONAL for status, _ in parts):
            return ""
        return ", ".join(f"{grouped(n)} {status_words(status)}" for status, n in parts)

    @property
    def park_breakdown(self):
        return self.breakdown(PARK)

    @property
    def centre_breakdown(self):
        return self.breakdown(CENTRE)


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    kind: str
    status: str
    count: int
    url: str
    title: str


@dataclass
class Unit:
    """A province or territory: its shape, label, shade, link and figures."""

    code: str
    name: str
    path: str
    label: str
    label_at: tuple
    callout: tuple | None
    parks: int
    centres: int
    url: str
    quota: object = None
    shade: str = "none"
    title: str = ""
    list_urls: dict = field(default_factory=dict)


@dataclass
class PakistanMap:
    width: int
    height: int
    outline: str
    units: list
    circles: list
    sizes: list
    cities: list
    totals: dict
    kinds: dict
    list_urls: dict
    quota_programme: object
    quota_year: object
    filters: MapFilters

    @property
    def total(self):
        return sum(self.totals.values())

    @property
    def shade_ranges(self):
        """Return the percentages between the shades after the first: (20, 40) … (80, 100)."""
        percents = [int(step * 100) for step in SHADE_STEPS]
        return list(zip(percents, percents[1:], strict=False))

    @property
    def statuses(self):
        return {circle.status for circle in self.circles}

    @property
    def has_quota(self):
        return any(unit.quota is not None for unit in self.units)


def quota_targets(target_groups, programme, as_of):
    """Return {province code: progress} of the programme's centre quota (see the docstring)."""
    groups = [
        group
        for group in target_groups
        if group.metric == Metric.CENTRES_OPERATIONAL
        and programme is not None
        and group.programme == programme
    ]
    if not groups:
        return None, {}
    due = [group for group in groups if fiscal_year_end(group.fiscal_year) >= as_of]
    group = due[0] if due else groups[-1]
    return group, {progress.target.province_id: progress for progress in group.rows}


@dataclass(frozen=True)
class _Named:
    """A city's names, as local_name() reads them from a record."""

    name: str
    name_ur: str


def read_cities(filters, projection, provinces):
    """Return the cities with facilities drawn, by province and name, with their counts."""
    language = get_language()
    cities = {}
    for row in counts_by_city(filters.kinds):
        slug = row["city__slug"]
        if slug not in cities:
            x, y = projection(row["city__longitude"], row["city__latitude"])
            cities[slug] = CityRow(
                slug=slug,
                name=local_name(_Named(row["city__name"], row["city__name_ur"]), language=language),
                province=row["city__province_id"],
                province_name=local_name(provinces[row["city__province_id"]], language=language),
                x=round(x, 1),
                y=round(y, 1),
                url=slug_url(slug, "city-detail", language=language),
                list_urls={
                    kind: list_url(kind, query, city=slug) for kind, query in filters.kinds.items()
                },
            )
        cities[slug].counts[(row["kind"], row["status"])] = row["count"]
    return cities


def city_circles(cities, unit):
    """Return every city's circles, larger ones first so that smaller ones lie on top."""
    circles = []
    for city in cities:
        for (kind, status), count in city.counts.items():
            circles.append(
                Circle(
                    x=city.x,
                    y=city.y,
                    r=round(unit * math.sqrt(count), 1),
                    kind=kind,
                    status=status,
                    count=count,
                    url=city.url,
                    title=_("%(city)s: %(count)s %(facilities)s, %(status)s")
                    % {
                        "city": city.name,
                        "count": grouped(count),
                        "facilities": facilities_words(kind, count),
                        "status": status_words(status),
                    },
                )
            )
    return sorted(circles, key=lambda circle: (-circle.r, circle.kind, circle.status, circle.url))


def unit_title(unit, province, kinds):
    """Return a unit's title: its name, what is drawn in it and its quota reached."""
    drawn = [
        f"{grouped(count)} {facilities_words(kind, count)}"
        for kind, count in ((PARK, unit.parks), (CENTRE, unit.centres))
        if kind in kinds
    ]
    if len(drawn) == 2:
        drawn = _("%(parks)s and %(centres)s") % {"parks": drawn[0], "centres": drawn[1]}
    else:
        drawn = drawn[0] if drawn else _("nothing drawn")
    title = f"{local_name(province)}: {drawn}"
    if unit.quota is None:
        return title
    return _(
        "%(title)s; %(current)s of its quota of %(quota)s centres by the end of %(year)s "
        "(%(percent)s%%)"
    ) % {
        "title": title,
        "current": grouped(unit.quota.current or 0),
        "quota": grouped(unit.quota.target.value),
        "year": unit.quota.deadline_label,
        "percent": unit.quota.percent,
    }


def build_map(filters, *, target_groups, quota_programme, provinces=None):
    """Return the map of the facilities the filters draw, shaded by the programme's quota.

    `provinces` saves reading the fixed list again when the page has read it."""
    shapes = pakistan_shapes()
    provinces = {province.code: province for province in provinces or Province.objects.all()}
    cities = read_cities(filters, shapes.projection, provinces)
    ordered = sorted(cities.values(), key=lambda city: (city.province, city.name, city.slug))
    largest = max((n for city in ordered for n in city.counts.values()), default=0)
    unit = radius_unit(largest)
    programme = filters.programme or quota_programme
    group, quota = quota_targets(target_groups, programme, filters.as_of)
    small = {
        code: shape.label
        for code, shape in shapes.units.items()
        if shape.width < LABEL_MIN_WIDTH or shape.height < LABEL_MIN_HEIGHT
    }
    placed = callouts(small)
    centre_query = filters.list_query(CENTRE) or MapFilters(filters.as_of).list_query(CENTRE)
    units = []
    for code, shape in shapes.units.items():
        province = provinces[code]
        in_unit = [city for city in ordered if city.province == code]
        drawn = Unit(
            code=code,
            name=local_name(province),
            path=shape.path,
            label=str(MAP_LABELS.get(code, code)),
            label_at=shape.label,
            callout=placed.get(code),
            parks=sum(city.parks for city in in_unit),
            centres=sum(city.centres for city in in_unit),
            url=list_url(CENTRE, centre_query, province=code),
            quota=quota.get(code),
            list_urls={
                kind: list_url(kind, query, province=code) for kind, query in filters.kinds.items()
            },
        )
        drawn.shade = shade(drawn.quota)
        drawn.title = unit_title(drawn, province, filters.kinds)
        units.append(drawn)
    return PakistanMap(
        width=shapes.width,
        height=shapes.height,
        outline=shapes.outline,
        units=units,
        circles=city_circles(ordered, unit),
        sizes=size_legend(largest, unit),
        cities=ordered,
        totals={kind: sum(city.total(kind) for city in ordered) for kind in filters.kinds},
        kinds=filters.kinds,
        list_urls={kind: list_url(kind, query) for kind, query in filters.kinds.items()},
        quota_programme=programme if quota else None,
        quota_year=group.deadline_label if group else None,
        filters=filters,
    )
