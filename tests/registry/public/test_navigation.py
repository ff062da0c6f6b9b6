"""The main navigation marks the section of the page, and no section on a missing page."""

import re

import pytest

from tests.factories import CentreFactory


def current_items(response):
    """Return the labels of the navigation items marked as the current page."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', response.content.decode(), re.S).group(0)
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', nav)


@pytest.mark.parametrize("path", ["/no-such-page/", "/ur/no-such-page/", "/ur/no/such/page"])
def test_a_missing_page_marks_no_section_current(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 404
    assert current_items(response) == []


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/centres/no-such-centre/", ["Centres"]),
        ("/ur/centres/no-such-centre/", ["سینٹر"]),
        ("/ur/companies/no-such-company/", ["کمپنیاں"]),
    ],
)
def test_a_missing_record_marks_its_section_current(client, path, current):
    response = client.get(path)

    assert response.status_code == 404
    assert current_items(response) == current


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", ["Overview"]),
        ("/ur/", ["جائزہ"]),
        ("/ur/progress/", ["پیش رفت"]),
        ("/ur/centres/erc-x/", ["سینٹر"]),
        ("/centres/erc-x/", ["Centres"]),
    ],
)
def test_a_page_marks_its_own_section_current(client, path, current):
    CentreFactory(slug="erc-x")

    assert current_items(client.get(path)) == current
