"""/data/ (SPEC §4.4): every download, its columns explained, and how to read it with types."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from centres.public.datapackage import DOWNLOADS


@pytest.fixture
def page(client):
    response = client.get(reverse("data"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_links_every_download_and_the_package(page):
    for download in DOWNLOADS:
        assert f'href="{reverse(download.url_name)}" download' in page
        assert f'href="{reverse(download.url_name + "-xlsx")}" download' in page
    for name in ("centre-export-geojson", "park-export-geojson", "city-export-geojson"):
        assert f'href="{reverse(name)}" download' in page
    assert 'href="http://testserver/data/datapackage.json"' in page
    assert f'href="{reverse("changes-feed")}"' in page


def test_it_explains_every_column_with_its_type(page):
    for download in DOWNLOADS:
        for field in download.fields:
            row = f'<th scope="row"><code dir="ltr">{field["name"]}</code></th>'
            assert row in page
            assert html.escape(field["description"]) in page
            assert f'<code dir="ltr">{field["type"]}</code>' in page


def test_it_reads_registration_numbers_as_text_in_pandas_and_r(page):
    text = html.unescape(page)

    assert '"secp_registration_no": str,' in text
    assert 'parse_dates=["launched_on", "closed_on"]' in text
    assert "keep_default_na=False" in text
    assert "secp_registration_no = col_character()" in text
    assert "launched_on = col_date()" in text
    assert '"http://testserver/companies/export.csv"' in text


def test_the_urdu_page_explains_the_columns_in_urdu(client):
    page = client.get("/ur/data/").content.decode()

    assert 'lang="ur"' in page
    with translation.override("en"):
        english = [field["description"] for download in DOWNLOADS for field in download.fields]
    with translation.override("ur"):
        urdu = [field["description"] for download in DOWNLOADS for field in download.fields]
    for words, local in zip(english, urdu, strict=True):
        assert local != words, words
        assert html.escape(local) in page
    # The files' addresses stay the English ones, as the package names them.
    assert '"http://testserver/companies/export.csv"' in html.unescape(page)


def test_every_page_links_the_open_data_page_from_its_footer(client):
    footer = client.get(reverse("overview")).content.decode().split('class="site-footer"')[1]

    assert f'<a href="{reverse("data")}">Open data</a>' in footer
