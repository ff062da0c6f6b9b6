"""Every public page in Urdu reads in Urdu: only names, codes and addresses from the data stay."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from centres.models import Centre, Programme, Target
from centres.public.datapackage import DOWNLOADS
from registry.models import (
    CentreStatus,
    City,
    Company,
    Facility,
    Operator,
    ParkStatus,
    Province,
)
from registry.models.fixed_lists import sectors
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TargetFactory,
    TenancyFactory,
    province,
)
from tests.i18n.paths import PUBLIC_PATHS

# Pages beyond PUBLIC_PATHS, with the status each answers: filters and a date that are refused,
# a tracker as of a past date, and an address with no page.
MORE_PATHS = [
    ("/centres/?planned_fy=abc&operational_on=2999-01-01&province=XX&q=Lahore", 200),
    ("/parks/?status=planned&sort=-workers", 200),
    ("/companies/?current=1&sector=software", 200),
    ("/cities/?province=PB&sort=-workers", 200),
    ("/progress/?as_of=2025-12-31", 200),
    ("/?as_of=2999-01-01", 400),
    ("/no-such-page/", 404),
]

# Latin words an Urdu page may hold that are not data: the file formats' names and the example
# slug in the facility filter's help text.
ALLOWED_WORDS = {"CSV", "GeoJSON", "arfa", "stp"}
# What /data/ names besides, as its files write them: the formats, standards and tools they are
# read with, the columns' names and the codes of the SPEC's fixed lists its columns hold.
TOOL_NAMES = {"UTF", "RFC", "Excel", "Frictionless", "pandas", "Atom", "YYYY", "MM", "DD"}


def data_page_words():
    """Return the Latin words /data/ may hold in Urdu: tools, column names, fixed codes."""
    codes = [*ParkStatus.values, *CentreStatus.values, *Centre.HostType.values, *sectors()]
    codes += [field["name"] for download in DOWNLOADS for field in download.fields]
    return TOOL_NAMES | {word for code in codes for word in re.findall(r"[A-Za-z]{2,}", code)}


ERROR_TEMPLATES = ["400.html", "403_csrf.html", "500.html", "503.html"]


class PageText(HTMLParser):
    """Collect what a reader meets: the text outside scripts and styles, and the attributes
    that screen readers and browsers show (title, aria-label, alt, placeholder).

    Text inside an element (not the page itself) marked lang="en" is kept apart in `english`: an
    Urdu page may name a record or a language in English there, and the test checks it holds
    nothing else.
    """

    ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.chunks = []
        self.english = []
        # [tag, how many of that tag are open inside it] of the open lang="en" element, if any.
        self.in_english = None

    def handle_starttag(self, tag, attrs):
        # Code (a program, a column's name) is read as the machine reads it, in no language.
        if tag in ("script", "style", "code"):
            self.hidden += 1
        if self.in_english and tag == self.in_english[0]:
            self.in_english[1] += 1
        elif self.in_english is None and tag != "html" and dict(attrs).get("lang") == "en":
            self.in_english = [tag, 0]
        self.chunks.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self.hidden -= 1
        if self.in_english and tag == self.in_english[0]:
            if self.in_english[1]:
                self.in_english[1] -= 1
            else:
                self.in_english = None

    def handle_data(self, data):
        if self.hidden:
            return
        (self.english if self.in_english else self.chunks).append(data)


def page_text(html):
    parser = PageText()
    parser.feed(html)
    return " ".join(parser.chunks)


def declared_english(html):
    """Return the texts an Urdu page marks as English, without surrounding spaces."""
    parser = PageText()
    parser.feed(html)
    return {chunk.strip() for chunk in parser.english if chunk.strip()}


def english_names():
    """Return what an Urdu page may write in English when it says so: record names, "English"."""
    names = set(City.objects.values_list("name", flat=True))
    names.update(Facility.objects.values_list("name", flat=True))
    return names | {"English"}


def data_values():
    """Return the text that comes from records and stays as entered: names, codes, addresses.

    Province, city, park, centre and programme names are not here when they have an Urdu name:
    Urdu pages must show that one. Sector names are not here either: the catalogue translates
    them.
    """
    values = set(Province.objects.values_list("code", flat=True))
    for city in City.objects.all():
        values.add(city.slug)
        if not city.name_ur:
            values.add(city.name)
    for facility in Facility.objects.all():
        values.update([facility.slug, facility.address])
        if not facility.name_ur:
            values.add(facility.name)
    for centre in Centre.objects.all():
        values.add(centre.host_institution)
    for company in Company.objects.all():
        values.update([company.name, company.slug, company.website, company.ntn])
        values.add(company.secp_registration_no or "")
    for operator in Operator.objects.all():
        values.update([operator.name, operator.short_name, operator.slug])
    values.update(Programme.objects.filter(name_ur="").values_list("name", flat=True))
    values.update(Target.objects.values_list("source", flat=True))
    return sorted((value for value in values if value), key=len, reverse=True)


def english_left(text, allowed=ALLOWED_WORDS):
    """Return the Latin words left in the text once every value from the data is taken out."""
    for value in data_values():
        text = text.replace(value, " ")
    return sorted({word for word in re.findall(r"[A-Za-z]{2,}", text)} - allowed)


@pytest.fixture
def full_registry(registry):
    """The small registry plus what makes every branch of the pages show: quotas, every metric,
    a suspended centre, a planned park without reports, a past tenancy, sectors."""
    karachi = CityFactory(name="Karachi", name_ur="کراچی", slug="karachi", province=province("SD"))
    CentreFactory(
        name="e-Rozgaar Centre Karachi",
        slug="erc-karachi",
        city=karachi,
        programme=registry["centre"].programme,
        status="suspended",
        host_institution="NED University",
        opened_on=datetime.date(2025, 1, 15),
    )
    ParkFactory(
        name="STP Karachi",
        slug="stp-karachi",
        city=karachi,
        status=ParkStatus.PLANNED,
        opened_on=None,
        address="Shahrah-e-Faisal, Karachi",
    )
    company = registry["company"]
    company.sectors.set(["software", "ites"])
    TenancyFactory(
        company=company,
        facility=registry["centre"],
        started_on=datetime.date(2024, 3, 1),
        ended_on=datetime.date(2025, 3, 1),
        seats=12,
    )
    ReportFactory(facility=registry["park"], period=datetime.date(2024, 10, 1), workers=300)
    programme = registry["centre"].programme
    TargetFactory(programme=programme, value=50, fiscal_year=2025)
    TargetFactory(programme=programme, value=149, fiscal_year=2027, province=province("PB"))
    TargetFactory(programme=programme, value=51, fiscal_year=2027, province=province("SD"))
    TargetFactory(programme=programme, metric=Target.Metric.JOBS_AT_CENTRES, value=20000)
    TargetFactory(programme=None, metric=Target.Metric.PARKS_OPERATIONAL, value=10)
    TargetFactory(programme=None, metric=Target.Metric.WORKERS_TOTAL, value=5000)
    TargetFactory(programme=None, metric=Target.Metric.WOMEN_SHARE, value=30, fiscal_year=2030)
    return registry


@pytest.mark.parametrize(("path", "status"), [(path, 200) for path in PUBLIC_PATHS] + MORE_PATHS)
def test_no_english_is_left_on_an_urdu_page(client, full_registry, path, status):
    response = client.get(f"/ur{path}")

    html = response.content.decode()
    assert response.status_code == status
    allowed = ALLOWED_WORDS | (data_page_words() if path == "/data/" else set())
    assert english_left(page_text(html), allowed) == []
    assert declared_english(html) <= english_names()


def test_a_list_of_many_pages_is_urdu_down_to_its_page_links(client, full_registry):
    CompanyFactory.create_batch(120)

    html = client.get("/ur/companies/?page=2").content.decode()

    assert 'rel="next"' in html and 'rel="prev"' in html
    assert english_left(page_text(html)) == []
    assert declared_english(html) <= english_names()


@pytest.mark.parametrize("template", ERROR_TEMPLATES)
def test_error_pages_are_urdu_right_to_left(db, template):
    with translation.override("ur"):
        html = render_to_string(template)

    assert '<html lang="ur" dir="rtl">' in html
    assert english_left(page_text(html)) == []


def test_the_check_finds_english_on_a_page(client, full_registry):
    """The check itself: English text that is not data is found, data names are not."""
    html = client.get("/parks/stp-lahore/").content.decode()

    left = english_left(page_text(html))

    assert {"Facts", "Seats", "Tenants"} <= set(left)
    assert "Acme" not in left


def test_urdu_pages_name_records_in_urdu_and_english_pages_in_english(client, full_registry):
    urdu = [client.get(f"/ur{path}").content.decode() for path in ("/centres/", "/parks/")]
    english = [client.get(path).content.decode() for path in ("/centres/", "/parks/")]

    assert "ای روزگار سینٹر لاہور" in urdu[0] and "سافٹ ویئر ٹیکنالوجی پارک لاہور" in urdu[1]
    assert "لاہور" in urdu[0] and "پنجاب" in urdu[0]
    assert "e-Rozgaar Centre Lahore" not in urdu[0]
    assert "e-Rozgaar Centre Lahore" in english[0] and "STP Lahore" in english[1]
    assert "لاہور" not in english[0] + english[1]
    assert "پنجاب" not in english[0] + english[1]


def test_a_detail_page_heads_with_the_urdu_name_and_keeps_the_english_one(client, full_registry):
    urdu = client.get("/ur/parks/stp-lahore/").content.decode()
    english = client.get("/parks/stp-lahore/").content.decode()

    assert "<h1>سافٹ ویئر ٹیکنالوجی پارک لاہور</h1>" in urdu
    assert '<span lang="en" dir="ltr">STP Lahore</span>' in urdu
    assert "<h1>STP Lahore</h1>" in english
    assert '<a href="/cities/lahore/">Lahore</a>, Punjab' in english


def test_urdu_pages_name_the_programme_in_urdu_and_english_pages_in_english(client, full_registry):
    paths = ["/centres/", "/centres/erc-lahore/", "/progress/", "/"]
    urdu = {path: client.get(f"/ur{path}").content.decode() for path in paths}
    english = {path: client.get(path).content.decode() for path in paths}

    assert '<td data-label="پروگرام">وفاقی ای روزگار سینٹرز (2024–)</td>' in urdu["/centres/"]
    assert (
        '<option value="federal-e-rozgaar">وفاقی ای روزگار سینٹرز (2024–)</option>'
        in (urdu["/centres/"])
    )
    assert (
        'programme=federal-e-rozgaar">وفاقی ای روزگار سینٹرز (2024–)</a>'
        in (urdu["/centres/erc-lahore/"])
    )
    for path in paths:
        assert "وفاقی ای روزگار سینٹرز (2024–)" in urdu[path], path
        assert "Federal e-Rozgaar centres (2024–)" not in urdu[path], path
        assert "Federal e-Rozgaar centres (2024–)" in english[path], path
        assert "وفاقی" not in english[path], path


def test_a_record_without_an_urdu_name_keeps_its_name_on_urdu_pages(client, full_registry):
    html = client.get("/ur/centres/erc-karachi/").content.decode()

    # Isolated from the Urdu around it, so its punctuation keeps its place.
    assert "<h1>\u2068e-Rozgaar Centre Karachi\u2069</h1>" in html
    assert "کراچی" in html and "سندھ" in html


def test_urdu_dates_have_urdu_month_names(client, full_registry):
    html = client.get("/ur/centres/erc-lahore/").content.decode()

    assert "6 فروری 2024" in html
    assert "February" not in html


def test_filter_choices_name_provinces_and_cities_in_urdu(client, full_registry):
    html = client.get("/ur/centres/").content.decode()

    assert '<option value="PB">پنجاب</option>' in html
    assert '<option value="lahore">لاہور</option>' in html
    assert '<option value="PB">Punjab</option>' in client.get("/centres/").content.decode()
