"""Pages of a list hold exactly the rows of its full order, 50 at a time (DeferredPaginator)."""

import pytest
from django.db.models import F
from django.urls import reverse

from registry.models import Company, Park
from tests.factories import CompanyFactory, ParkFactory, ReportFactory

PAGE_SIZE = 50


def every_page(client, url, params):
    first = client.get(url, params)
    rows = list(first.context["object_list"])
    for number in range(2, first.context["paginator"].num_pages + 1):
        rows += list(client.get(url, {**params, "page": number}).context["object_list"])
    return [row.slug for row in rows]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", [F("name").asc(), "slug"]),
        ("-name", [F("name").desc(), "slug"]),
        ("-founded_year", [F("founded_year").desc(nulls_last=True), "slug"]),
    ],
)
def test_company_pages_follow_the_sort_with_ties_broken_by_slug(client, sort, order):
    # Slugs in another order than names; three founding years, so the slug breaks most ties.
    for i in range(2 * PAGE_SIZE + 7):
        CompanyFactory(
            name=f"Firm {i:03}", slug=f"firm-{(i * 37) % 1000:03}", founded_year=2000 + i % 3
        )
    expected = list(Company.objects.order_by(*order).values_list("slug", flat=True))

    assert every_page(client, reverse("company-list"), {"sort": sort}) == expected


def test_park_pages_sorted_by_a_figure_hold_each_park_once_with_its_figures(client):
    for i in range(PAGE_SIZE + 9):
        ReportFactory(facility=ParkFactory(), workers=100 + i % 4, women=i % 4)

    pages = [
        client.get(reverse("park-list"), {"sort": "-workers", "page": number}) for number in (1, 2)
    ]
    rows = [park for page in pages for park in page.context["object_list"]]

    assert len(rows) == Park.objects.count() == len({park.slug for park in rows})
    assert [(park.latest_workers, park.slug) for park in rows] == sorted(
        ((park.latest_workers, park.slug) for park in rows), key=lambda r: (-r[0], r[1])
    )
    assert {park.latest_women for park in rows} == {0, 1, 2, 3}


def test_a_page_past_the_last_shows_the_last(client):
    for _ in range(PAGE_SIZE + 3):
        CompanyFactory()

    response = client.get(reverse("company-list"), {"page": 99})

    assert response.context["page_obj"].number == 2
    assert len(response.context["object_list"]) == 3
