"""The public site in Urdu under /ur/: direction, the language switcher, translated text, CSVs."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.utils import translation

from registry.models.calendar import fiscal_year_label
from tests.i18n.catalogue import LOCALE_DIR
from tests.i18n.paths import PUBLIC_PATHS

CSV_PATHS = [
    "/centres/export.csv?province=PB&sort=name",
    "/parks/export.csv?q=Lahore",
    "/companies/export.csv",
    "/cities/export.csv",
    "/progress/export.csv?as_of=2025-12-31",
    "/centres/export.csv?status=operational&host_type=private_partner&sort=-launched_on",
    "/parks/export.csv?province=PB&operational_on=2025-06-30&sort=-workers",
    "/companies/export.csv?current=1&city=lahore",
    "/cities/export.csv?province=PB&sort=-workers",
]


class VisibleText(HTMLParser):
    """Collect the text a reader meets in the page chrome (header and footer)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.chunks = []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("class") in ("site-header", "site-footer"):
            self.depth += 1
        if self.depth and dict(attrs).get("aria-label"):
            self.chunks.append(dict(attrs)["aria-label"])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.chunks.append(data)


def chrome_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.chunks)


def english_msgids():
    catalogue = polib.pofile(str(LOCALE_DIR / "ur" / "LC_MESSAGES" / "django.po"))
    return [entry.msgid for entry in catalogue if re.search(r"[A-Za-z]{2}", entry.msgid)]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_page_answers_in_urdu_right_to_left(client, registry, path):
    response = client.get(f"/ur{path}")

    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl">' in response.content.decode()
    assert "markaz/rtl" in response.content.decode()


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_english_pages_stay_at_their_paths_left_to_right(client, registry, path):
    response = client.get(path)

    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert "markaz/rtl" not in response.content.decode()


def test_the_switcher_keeps_the_path_and_the_query_string(client, registry):
    english = client.get("/centres/?province=PB&sort=-workers").content.decode()
    urdu = client.get("/ur/centres/?province=PB&sort=-workers").content.decode()

    assert 'href="/ur/centres/?province=PB&amp;sort=-workers" hreflang="ur"' in english
    assert 'href="/centres/?province=PB&amp;sort=-workers" hreflang="en"' in urdu


def test_the_switcher_keeps_a_detail_page(client, registry):
    urdu = client.get("/ur/parks/stp-lahore/").content.decode()

    assert 'href="/parks/stp-lahore/" hreflang="en"' in urdu


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_no_english_of_the_catalogue_is_left_in_the_urdu_chrome(client, registry, path):
    text = chrome_text(client.get(f"/ur{path}").content.decode())

    left = [msgid for msgid in english_msgids() if re.search(rf"\b{re.escape(msgid)}\b", text)]

    assert left == []
    assert "پاکستان کے سافٹ ویئر ٹیکنالوجی پارک اور ای روزگار سینٹر" in text


def test_the_tracker_table_is_in_urdu(client, registry):
    response = client.get("/ur/progress/?as_of=2025-12-31")

    html = response.content.decode()
    assert response.status_code == 200
    assert "مالی سال" in html
    assert "31 دسمبر 2025" in html
    assert "Fiscal year</th>" not in html


@pytest.mark.parametrize("path", CSV_PATHS)
def test_csv_is_identical_in_both_languages(client, registry, path):
    english = client.get(path)
    urdu = client.get(f"/ur{path}")

    assert english.status_code == urdu.status_code == 200
    assert b"".join(urdu.streaming_content) == b"".join(english.streaming_content)
    assert urdu["Content-Disposition"] == english["Content-Disposition"]


def test_an_urdu_csv_keeps_english_headers_and_codes(client, registry):
    body = b"".join(client.get("/ur/centres/export.csv").streaming_content).decode("utf-8-sig")

    assert body.startswith("slug,name,programme,operator,city,province,host_institution,")
    assert ",lahore,PB," in body and ",private_partner,operational," in body
    assert "لاہور" not in body and "فعال" not in body


def test_an_urdu_fiscal_year_keeps_its_range_in_reading_order(client, registry):
    # Arabic letters before the digits make them Arabic numbers, and a hyphen between Arabic
    # numbers is neutral: without a left-to-right isolate "(2026-27)" shows as "(27-2026)".
    with translation.override("ur"):
        label = fiscal_year_label(2027)

    assert label.endswith("(\u20662026-27\u2069)")
    assert label in client.get("/ur/progress/").content.decode()
