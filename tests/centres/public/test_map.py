"""The map of parks and centres, /map/ and the overview's copy (SPEC §4.3)."""

import datetime
import math
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.db.models import Count, F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from bench.generator import Generator
from centres.models import Programme
from centres.public.map_layout import LARGEST_RADIUS, ONE_RADIUS, radius_unit
from registry.models import City, Company, Facility, Operator, Province, normalise_company_name
from tests.factories import (
    CentreFactory,
    CityFactory,
    ParkFactory,
    ProgrammeFactory,
    TargetFactory,
    province,
)

D = datetime.date
TODAY = D(2026, 11, 27)


@pytest.fixture
def generated():
    """A small generated registry, the province quotas of its tracked programme among them."""
    Generator(scale=0.3, seed=7, as_of=TODAY).run()
    return (
        Programme.objects.filter(targets__isnull=False, targets__province__isnull=True)
        .distinct()
        .get()
    )


def rename_everything():
    """Give every operator, programme, city, facility and company another slug and name."""
    for model in (Operator, Programme, City, Facility, Company):
        model.objects.update(
            slug=Concat(Value("zz-"), F("slug")), name=Concat(Value("Zz "), "name")
        )
    for company in Company.objects.only("name"):
        Company.objects.filter(pk=company.pk).update(name_key=normalise_company_name(company.name))
    Operator.objects.update(short_name=Concat(Value("Zz "), "short_name"))


class Drawing(HTMLParser):
    """Collect the map's province shapes and city circles, each with its link and its title."""

    def __init__(self):
        super().__init__()
        self.open, self.shapes, self.title = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = {tag, *attrs.get("class", "").split()}
        inside = set().union(*(element for element, _ in self.open))
        link = next((a.get("href") for element, a in reversed(self.open) if "a" in element), None)
        if (tag == "path" and "map__units" in inside) or (
            "map__circle" in classes and "map__circles" in inside
        ):
            self.shapes.append({"tag": tag, "attrs": attrs, "href": link, "title": None})
        if tag == "title" and self.open and self.open[-1][1] is self.shape_attrs():
            self.title = self.shapes[-1]
            self.title["title"] = ""
        self.open.append((classes, attrs))

    def shape_attrs(self):
        return self.shapes[-1]["attrs"] if self.shapes else None

    def handle_endtag(self, tag):
        while self.open:
            classes, _ = self.open.pop()
            if tag in classes:
                break
        if tag == "title":
            self.title = None

    def handle_data(self, data):
        if self.title is not None:
            self.title["title"] += data


def drawing(html, map_id="map"):
    """Return the shapes and circles of the map with this id in the page."""
    start = html.index(f'aria-labelledby="{map_id}-title"')
    parser = Drawing()
    parser.feed(html[start : html.index("</svg>", start)])
    return parser.shapes


def circles(shapes):
    return [shape for shape in shapes if shape["tag"] == "circle"]


def units(shapes):
    return [shape for shape in shapes if shape["tag"] == "path"]


def list_count(client, url):
    """Return how many rows the list at this address holds."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["totals"]["facilities"]


def drawn(pakistan):
    """Return {(city slug, kind, status): count} of every circle's figures."""
    return {
        (city.slug, kind, status): count
        for city in pakistan.cities
        for (kind, status), count in city.counts.items()
    }


def operational(day=TODAY):
    rows = Facility.objects.operational_on(day).values("city__slug", "kind", "status")
    return {
        (row["city__slug"], row["kind"], row["status"]): row["n"]
        for row in rows.annotate(n=Count("pk"))
    }


# Every facility, once


@pytest.mark.parametrize("renamed", [False, True])
def test_every_operational_facility_is_drawn_exactly_once(client, generated, renamed):
    if renamed:
        rename_everything()
    response = client.get("/map/")
    pakistan = response.context["map"]
    shapes = drawing(response.content.decode())

    assert drawn(pakistan) == operational()
    assert pakistan.total == Facility.objects.operational_on(TODAY).count() > 40
    # One circle per city, kind and status, each linking to its city's page.
    assert len(circles(shapes)) == len(operational())
    city_urls = Counter(shape["href"] for shape in circles(shapes))
    for city in pakistan.cities:
        assert city_urls[f"/cities/{city.slug}/"] == len(city.counts)
    assert sum(circle.count for circle in pakistan.circles) == pakistan.total
    assert {status for _, _, status in operational()} >= {"operational", "suspended"}


def test_a_facility_not_open_on_the_date_is_not_drawn(client):
    ParkFactory(status="planned")
    CentreFactory(status="proposed")
    CentreFactory(status="closed", opened_on=D(2024, 2, 6), closed_on=D(2025, 1, 31))
    CentreFactory(opened_on=D(2026, 1, 5))

    today = client.get("/map/").context["map"]
    before = client.get("/map/", {"as_of": "2025-01-01"}).context["map"]

    assert today.total == 1
    assert before.total == 1
    assert [circle.status for circle in before.circles] == ["closed"]


def test_circle_areas_are_proportional_to_their_counts(client, generated):
    pakistan = client.get("/map/").context["map"]

    per_facility = {round(circle.r**2 / circle.count, 0) for circle in pakistan.circles}
    largest = max(pakistan.circles, key=lambda circle: circle.r)
    assert max(per_facility) - min(per_facility) <= 0.02 * max(per_facility) + 1
    assert largest.count == max(circle.count for circle in pakistan.circles)
    # Drawn largest first: a smaller circle is never hidden under a larger one.
    radii = [circle.r for circle in pakistan.circles]
    assert radii == sorted(radii, reverse=True)


# The lists' counts

FILTERS = [
    {},
    {"kind": "park"},
    {"kind": "centre", "status": "suspended"},
    {"status": "operational"},
    {"status": "suspended"},
    {"as_of": "2025-06-30"},
    {"as_of": "2026-03-31", "status": "closed"},
    {"programme": "tracked"},
    {"programme": "other", "as_of": "2026-06-30", "kind": "centre"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_the_maps_counts_are_the_lists_counts(client, generated, params):
    other = Programme.objects.exclude(pk=generated.pk).get()
    slugs = {"tracked": generated.slug, "other": other.slug}
    if "programme" in params:
        params = params | {"programme": slugs[params["programme"]]}
    response = client.get("/map/", params)
    pakistan = response.context["map"]
    html = response.content.decode()

    assert response.status_code == 200
    assert pakistan.total > 0
    for kind, url in pakistan.list_urls.items():
        query = dict(parse_qsl(urlsplit(url).query))
        assert query["operational_on"] == params.get("as_of", TODAY.isoformat())
        assert {key: query[key] for key in ("programme", "status") if key in params} == {
            key: params[key] for key in ("programme", "status") if key in params
        }
        assert list_count(client, url) == pakistan.totals[kind], kind
        assert f'href="{url.replace("&", "&amp;")}"' in html
    for unit in pakistan.units:
        for kind, url in unit.list_urls.items():
            expected = unit.parks if kind == "park" else unit.centres
            assert list_count(client, url) == expected, (unit.code, kind)
    for city in pakistan.cities[:3]:
        for kind, url in city.list_urls.items():
            assert list_count(client, url) == city.total(kind), (city.slug, kind)


def test_parks_are_not_drawn_for_a_programme_or_a_status_parks_do_not_have(client, generated):
    programme = client.get("/map/", {"programme": generated.slug}).context["map"]
    suspended = client.get("/map/", {"status": "suspended"}).context["map"]
    parks = client.get("/map/", {"kind": "park"}).context["map"]

    assert list(programme.kinds) == list(suspended.kinds) == ["centre"]
    assert list(parks.kinds) == ["park"]
    assert {circle.kind for circle in parks.circles} == {"park"}
    assert {circle.status for circle in suspended.circles} == {"suspended"}


def test_the_overview_draws_what_its_headline_counts(client, generated):
    response = client.get("/")
    html = response.content.decode()
    pakistan = response.context["map"]
    headline = response.context["headline"]

    assert pakistan.totals == {
        "park": headline.parks_operational,
        "centre": headline.all_centres_operational,
    }
    assert html.index('id="verdict-heading"') < html.index('id="map-heading"')
    assert html.index('id="headline-heading"') < html.index('id="map-heading"')
    assert len(circles(drawing(html, "overview-map"))) == len(pakistan.circles) > 0


def test_the_overview_as_of_a_date_draws_that_date(client, generated):
    pakistan = client.get("/", {"as_of": "2025-06-30"}).context["map"]

    assert drawn(pakistan) == operational(D(2025, 6, 30))


# Shapes, titles and shades


def test_every_shape_and_circle_has_a_title_and_a_link(client, generated):
    shapes = drawing(client.get("/map/").content.decode())

    assert len(units(shapes)) == Province.objects.count() == 7
    for shape in shapes:
        assert shape["title"].strip(), shape["attrs"]
        assert shape["href"], shape["attrs"]
    for shape in units(shapes):
        query = dict(parse_qsl(urlsplit(shape["href"]).query))
        assert urlsplit(shape["href"]).path == "/centres/"
        assert query["province"] in set(Province.objects.values_list("code", flat=True))


def test_provinces_are_shaded_by_the_tracker_share_of_their_quota(client):
    programme = ProgrammeFactory()
    TargetFactory(programme=programme, value=250, fiscal_year=2027)
    TargetFactory(programme=programme, value=4, fiscal_year=2027, province=province("SD"))
    TargetFactory(programme=programme, value=2, fiscal_year=2027, province=province("KP"))
    karachi = CityFactory(slug="k", province=province("SD"), latitude="24.86", longitude="67.01")
    peshawar = CityFactory(slug="p", province=province("KP"), latitude="34.01", longitude="71.58")
    CentreFactory(city=karachi, programme=programme)
    CentreFactory(city=peshawar, programme=programme)
    CentreFactory(city=peshawar, programme=programme, status="suspended")

    response = client.get("/map/")
    tracker = client.get("/progress/").context["target_groups"][0].rows
    pakistan = response.context["map"]
    shades = {unit.code: unit.shade for unit in pakistan.units}

    assert shades["SD"] == "q1"  # 1 of 4: a quarter
    assert shades["KP"] == "q5"  # 2 of 2, the suspended centre counted as the tracker does
    assert shades["PB"] == "none"
    by_code = {p.target.province_id: p.percent for p in tracker}
    assert {u.code: u.quota.percent for u in pakistan.units if u.quota} == by_code
    html = response.content.decode()
    assert "map__unit map__unit--q5" in html
    assert "1 of 4 (25.0%)" in html


def test_without_a_quota_no_province_is_shaded(client):
    CentreFactory()

    pakistan = client.get("/map/").context["map"]
    html = client.get("/map/").content.decode()

    assert {unit.shade for unit in pakistan.units} == {"none"}
    assert "No province quota of centres is set" in html


def test_the_note_says_boundaries_are_indicative_on_both_pages(client):
    CentreFactory()

    for path, words in [
        ("/map/", "Boundaries are indicative only"),
        ("/", "Boundaries are indicative only"),
        ("/ur/map/", "سرحدیں صرف اندازاً ہیں"),
        ("/ur/", "سرحدیں صرف اندازاً ہیں"),
    ]:
        html = client.get(path).content.decode()
        note = re.search(r'<p class="map__note">(.*?)</p>', html, re.S)
        assert note and words in note.group(1), path


# Filters that cannot be used


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "proposed"}, "status"),
        ({"kind": "garden"}, "kind"),
        ({"programme": "no-such-programme"}, "programme"),
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "1999-12-31", "kind": "park"}, "as_of"),
    ],
)
def test_an_invalid_filter_is_refused_by_its_field(client, params, field):
    CentreFactory()

    response = client.get("/map/", params)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert "Nothing is drawn until the filters above are corrected." in html
    assert 'class="map__svg"' not in html


def test_an_urdu_page_with_an_invalid_filter_says_so_in_urdu(client):
    response = client.get("/ur/map/", {"status": "proposed"})

    assert response.status_code == 200
    assert 'id="id_status_error"' in response.content.decode()


# Queries, navigation, languages


def fill(n):
    """Add n cities, each with a park and two centres of the tracked programme."""
    programme = ProgrammeFactory()
    for i in range(n):
        city = CityFactory(latitude=f"{30 + i / 100:.2f}", longitude="70")
        ParkFactory(city=city)
        CentreFactory(city=city, programme=programme)
        CentreFactory(city=city, programme=programme, status="suspended")


@pytest.mark.parametrize(
    "params", [{}, {"programme": "federal-e-rozgaar", "as_of": "2026-01-31"}, {"kind": "park"}]
)
@pytest.mark.parametrize("path", ["/map/", "/ur/map/"])
def test_the_map_issues_the_same_queries_whatever_the_rows(client, path, params):
    TargetFactory(programme=ProgrammeFactory(), value=250, fiscal_year=2027)
    TargetFactory(value=10, fiscal_year=2027, province=province("PB"))
    fill(3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path, params).status_code == 200
    fill(30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(path, params)

    assert len(large) == len(small) <= 10
    assert response.context["map"].total > 0


def test_the_navigation_marks_the_map_as_current_in_both_languages(client):
    for path, label in (("/map/", "Map"), ("/ur/map/", "نقشہ")):
        html = client.get(path).content.decode()
        assert f'<a href="{path}" aria-current="page">{label}</a>' in html
    assert 'href="/map/" aria-current' not in client.get("/").content.decode()


def test_the_urdu_map_labels_its_provinces_in_urdu_right_to_left(client):
    CentreFactory()

    html = client.get("/ur/map/").content.decode()

    assert '<html lang="ur" dir="rtl">' in html
    labels = re.findall(r'<text class="map__label"[^>]*>([^<]+)</text>', html)
    assert len(labels) == 7
    assert "پنجاب" in labels
    assert all(re.search("[\u0600-\u06ff]", label) for label in labels), labels
    assert "/ur/centres/?" in html and "/ur/cities/" in html


def test_the_map_makes_no_request_to_any_other_site(client, generated):
    html = client.get("/map/").content.decode()

    addresses = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert addresses
    assert not [a for a in addresses if a.startswith(("http:", "https:", "//"))]
    assert "<script" not in html


def test_head_answers_like_get(client):
    assert client.head("/map/").status_code == 200
    assert client.post("/map/").status_code == 405


def test_radius_unit_shrinks_only_when_a_city_would_overflow():
    assert radius_unit(0) == radius_unit(1) == ONE_RADIUS
    assert radius_unit(10_000) * math.sqrt(10_000) == pytest.approx(LARGEST_RADIUS)
