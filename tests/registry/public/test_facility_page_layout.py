"""A park's or centre's page shows its workforce chart before its tenants, and folds a tenant
list beyond its first 20 rows behind a "Show all" that needs no JavaScript (issue 18)."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import CentreFactory, ParkFactory, ReportFactory, TenancyFactory

FACILITIES = {"park-detail": ParkFactory, "centre-detail": CentreFactory}
TOKENS = re.compile(
    r'<details class="more-rows"(?P<open> open)?>|(?P<close></details>)'
    r"|<caption>(?P<caption>[^<]*)</caption>"
    r'|<th scope="row"><a href="(?P<company>/companies/[^"]+)"'
)


def tenant_tables(html):
    """Return each tenant table as (caption, its companies' addresses, folded, folded open)."""
    tables, folded, is_open = [], False, False
    for match in TOKENS.finditer(html):
        if match["close"]:
            folded = is_open = False
        elif match["caption"] is not None:
            tables.append((match["caption"], [], folded, is_open))
        elif match["company"]:
            tables[-1][1].append(match["company"])
        else:
            folded, is_open = True, bool(match["open"])
    return [table for table in tables if "tenants" in table[0]]


def tenancies(facility, count, *, ended=False):
    """Create tenancies started on successive days (the latest first on the page)."""
    first = datetime.date(2020, 1, 1)
    return [
        TenancyFactory(
            facility=facility,
            started_on=first + datetime.timedelta(days=n),
            ended_on=datetime.date(2025, 12, 31) if ended else None,
        )
        for n in range(count)
    ]


def addresses(made):
    """Return the companies' addresses in the page's order: the latest tenancy first."""
    ordered = sorted(made, key=lambda tenancy: tenancy.started_on, reverse=True)
    return [f"/companies/{tenancy.company.slug}/" for tenancy in ordered]


@pytest.mark.parametrize("name", FACILITIES)
def test_the_workforce_chart_comes_before_a_long_tenant_list(client, name):
    facility = FACILITIES[name]()
    ReportFactory(facility=facility, period=datetime.date(2026, 9, 1))
    ReportFactory(facility=facility, period=datetime.date(2026, 10, 1))
    first = addresses(tenancies(facility, 30))[0]

    html = client.get(reverse(name, args=[facility.slug])).content.decode()

    assert html.index('id="workforce"') < html.index("<svg") < html.index('id="tenants"')
    assert html.index('id="tenants"') < html.index(f'href="{first}"')


@pytest.mark.parametrize("name", FACILITIES)
def test_twenty_current_tenants_are_listed_whole(client, name):
    facility = FACILITIES[name]()
    made = tenancies(facility, 20)

    response = client.get(reverse(name, args=[facility.slug]))

    html = response.content.decode()
    assert 'class="more-rows"' not in html
    assert tenant_tables(html) == [
        ("Current tenants on 27 November 2026 (20)", addresses(made), False, False)
    ]


@pytest.mark.parametrize("name", FACILITIES)
def test_a_21st_current_tenant_folds_all_beyond_the_first_20(client, name):
    facility = FACILITIES[name]()
    made = addresses(tenancies(facility, 21))

    response = client.get(reverse(name, args=[facility.slug]))

    html = response.content.decode()
    assert "<summary>Show all 21 current tenants</summary>" in html
    assert tenant_tables(html) == [
        ("Current tenants on 27 November 2026 (21)", made[:20], False, False),
        ("Current tenants on 27 November 2026, continued (21 to 21)", made[20:], True, False),
    ]
    assert len(response.context["current_tenancies"]) == 21


def test_past_tenants_fold_too_and_the_full_history_shows_them_unfolded(client):
    park = ParkFactory()
    made = addresses(tenancies(park, 30, ended=True))
    url = reverse("park-detail", args=[park.slug])

    recent = client.get(url).content.decode()
    full = client.get(url, {"all": "1"}).content.decode()

    assert "<summary>Show all 24 of the latest past tenants</summary>" in recent
    assert tenant_tables(recent) == [
        ("Past tenants (the latest 24)", made[:20], False, False),
        ("Past tenants, continued (21 to 24)", made[20:24], True, False),
    ]
    assert "<summary>Show all 30 past tenants</summary>" in full
    assert tenant_tables(full) == [
        ("Past tenants (30)", made[:20], False, False),
        ("Past tenants, continued (21 to 30)", made[20:], True, True),
    ]
