"""The companies list's facility filter: a select of names grouped by kind, values are slugs."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.public.widgets import PlainSelect
from tests.factories import CentreFactory, ParkFactory, TenancyFactory

URL = reverse("company-list")


def facility_select(response):
    """Return the HTML of the page's facility select (fails when there is none)."""
    match = re.search(r'<select name="facility".*?</select>', response.content.decode(), re.S)
    assert match, "no facility select"
    return match.group(0)


def groups(select):
    """Return [(group label, [(value, label), ...]), ...] of a select's optgroups."""
    return [
        (label, re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


def test_the_facility_filter_is_a_select_of_names_grouped_parks_then_centres(client):
    ParkFactory(name="Zeta Software Technology Park", slug="zeta-stp")
    ParkFactory(name="Arfa Software Technology Park", slug="arfa-software-technology-park")
    CentreFactory(name="e-Rozgaar Centre Multan", slug="erc-multan")

    response = client.get(URL)
    select = facility_select(response)

    assert 'name="facility" type="text"' not in response.content.decode()
    assert '<option value="" selected>All parks and centres</option>' in select
    assert groups(select) == [
        (
            "Software Technology Parks",
            [
                ("arfa-software-technology-park", "Arfa Software Technology Park"),
                ("zeta-stp", "Zeta Software Technology Park"),
            ],
        ),
        ("e-Rozgaar centres", [("erc-multan", "e-Rozgaar Centre Multan")]),
    ]
    assert '<label for="id_facility">Facility</label>' in response.content.decode()


def test_urdu_pages_name_the_facilities_in_urdu(client):
    ParkFactory(name="STP Lahore", name_ur="سافٹ ویئر ٹیکنالوجی پارک لاہور", slug="stp-lahore")
    CentreFactory(name="e-Rozgaar Centre Multan", slug="erc-multan")

    with translation.override("ur"):
        response = client.get("/ur/companies/")

    assert groups(facility_select(response)) == [
        ("سافٹ ویئر ٹیکنالوجی پارک", [("stp-lahore", "سافٹ ویئر ٹیکنالوجی پارک لاہور")]),
        # No Urdu name: the English one, isolated from the Urdu text around it.
        ("ای روزگار سینٹر", [("erc-multan", "\u2068e-Rozgaar Centre Multan\u2069")]),
    ]


def test_the_chosen_facility_is_selected_and_filters_the_page_and_the_csv(client):
    park = ParkFactory(name="Arfa Software Technology Park", slug="arfa-software-technology-park")
    tenant = TenancyFactory(facility=park).company
    TenancyFactory(facility=CentreFactory())

    response = client.get(URL, {"facility": park.slug})
    csv = client.get(reverse("company-export"), {"facility": park.slug})

    assert (
        f'<option value="{park.slug}" selected>Arfa Software Technology Park</option>'
        in facility_select(response)
    )
    assert [company.slug for company in response.context["object_list"]] == [tenant.slug]
    assert csv.status_code == 200
    rows = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and tenant.slug in rows[1]


def test_an_unknown_facility_is_an_error_by_the_field(client):
    ParkFactory()

    response = client.get(URL, {"facility": "arfa-stp"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(response.context["object_list"]) == []


def test_facilities_of_one_kind_with_one_name_are_told_apart_by_slug(client):
    CentreFactory(name="e-Rozgaar Centre", slug="erc-one")
    CentreFactory(name="e-Rozgaar Centre", slug="erc-two")

    ((_, centres),) = groups(facility_select(client.get(URL)))

    assert centres == [
        ("erc-one", "e-Rozgaar Centre (\u2068erc-one\u2069)"),
        ("erc-two", "e-Rozgaar Centre (\u2068erc-two\u2069)"),
    ]


def test_the_choices_are_one_query_however_many_facilities(client):
    def facility_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return [
            query["sql"]
            for query in queries.captured_queries
            if re.search(r'FROM "registry_facility"', query["sql"])
        ]

    ParkFactory()
    few = facility_queries()
    ParkFactory.create_batch(10)
    CentreFactory.create_batch(10)
    many = facility_queries()

    assert len(few) == len(many) == 1
    assert len(groups(facility_select(client.get(URL)))[0][1]) == 11


def test_a_grouped_select_is_written_without_templates(monkeypatch):
    def no_templates(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr(PlainSelect, "_render", no_templates)
    choices = [("", "All"), ("Parks", [("a", "A & B")]), ("Centres", [("c", "C")])]

    html = PlainSelect(choices=choices).render("facility", "c")

    assert '<optgroup label="Parks">' in html
    assert '<option value="c" selected>C</option>' in html
