"""What the admin's tests share: signed-in clients, company forms as posted, a small registry
and the monthly returns grid's POST."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Company, Role
from tests.factories import CityFactory, ParkFactory, ReportFactory, logged_in, province, staff
from tests.registry.forms import empty_inlines

OCTOBER = datetime.date(2026, 10, 1)
SEPTEMBER = datetime.date(2026, 9, 1)


@pytest.fixture
def sign_in():
    """Return a function giving a client signed in as the user."""
    return logged_in


@pytest.fixture
def amna():
    """An HQ editor."""
    return staff(Role.HQ_EDITOR, username="amna")


@pytest.fixture
def hq(amna):
    """A client signed in as the HQ editor amna."""
    return logged_in(amna)


@pytest.fixture
def add_company():
    """Post the admin's add form of a company; return the response."""

    def post(client, name, slug, **fields):
        data = {"name": name, "slug": slug, **empty_inlines("tenancies"), **fields}
        return client.post(reverse("admin:registry_company_add"), data)

    return post


@pytest.fixture
def change_company():
    """Open a company's change form, then post it with the fields changed; return the response."""

    def post(client, company, **fields):
        url = reverse("admin:registry_company_change", args=[company.pk])
        version = client.get(url).context["version"]
        stored = Company.objects.get(pk=company.pk)
        data = {
            "name": stored.name,
            "slug": stored.slug,
            "_version": version,
            **empty_inlines("tenancies"),
            **fields,
        }
        return client.post(url, data)

    return post


@pytest.fixture
def grid_url():
    return reverse("admin:returns_grid")


@pytest.fixture
def two_provinces():
    """Three Punjab parks (one filed October, all filed September) and one Sindh park."""
    lahore, karachi = CityFactory(province=province("PB")), CityFactory(province=province("SD"))
    punjab = [ParkFactory(name=f"Punjab Park {n}", city=lahore) for n in (1, 2, 3)]
    sindh = ParkFactory(name="Sindh Park", city=karachi)
    for park in [*punjab, sindh]:
        ReportFactory(facility=park, period=SEPTEMBER, workers=100, women=20)
    filed = ReportFactory(facility=punjab[0], period=OCTOBER, workers=110, women=25)
    return {"punjab": punjab, "sindh": sindh, "filed": filed}


@pytest.fixture
def login():
    """Return a client signed in as a new staff user of the role (and scope)."""

    def login_as(role=Role.HQ_EDITOR, username=None, **scope):
        return logged_in(staff(role, username=username, **scope))

    return login_as


def grid_data(response, **rows):
    """Return the POST the grid's page would send, with the rows' figures changed as given:
    rows maps "r<facility id>" to {field: value}."""
    data = {}
    for row in response.context["rows"]:
        form = row.form
        for name in ("version", "workers", "women", "source"):
            value = form[name].value()
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value)
        for name, value in rows.get(form.prefix, {}).items():
            data[f"{form.prefix}-{name}"] = str(value)
    return data


@pytest.fixture
def grid_post():
    return grid_data
