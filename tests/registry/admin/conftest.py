"""What the company admin's tests share: signed-in clients and company forms as posted."""

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Company, Role
from tests.factories import staff


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sign_in():
    """Return a function giving a client signed in as the user."""
    return signed_in


@pytest.fixture
def hq():
    return signed_in(staff(Role.HQ_EDITOR, username="amna"))


def no_tenancies():
    return {
        "tenancies-TOTAL_FORMS": 0,
        "tenancies-INITIAL_FORMS": 0,
        "tenancies-MIN_NUM_FORMS": 0,
        "tenancies-MAX_NUM_FORMS": 1000,
    }


@pytest.fixture
def add_company():
    """Post the admin's add form of a company; return the response."""

    def post(client, name, slug, **fields):
        data = {"name": name, "slug": slug, **no_tenancies(), **fields}
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
            **no_tenancies(),
            **fields,
        }
        return client.post(url, data)

    return post
