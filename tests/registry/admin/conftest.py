"""Builders shared by the admin's tests: a small registry and the monthly returns grid's POST."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Role
from tests.factories import CityFactory, ParkFactory, ReportFactory, province, staff

OCTOBER = datetime.date(2026, 10, 1)
SEPTEMBER = datetime.date(2026, 9, 1)


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

    def signed_in(role=Role.HQ_EDITOR, username=None, **scope):
        client = Client()
        client.force_login(staff(role, username=username, **scope))
        return client

    return signed_in


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
