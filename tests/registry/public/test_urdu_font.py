"""The Urdu pages' fonts, Nastaliq and the first page's Naskh: each subset draws all of Urdu,
rtl.css asks each for it, and the pages load them as fonts/README.md says."""

import csv
import re
import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from fontTools.ttLib import TTFont

STATIC = Path(settings.BASE_DIR) / "registry" / "static" / "markaz"
FONTS = {
    "Markaz Nastaliq": "fonts/noto-nastaliq-urdu-arabic-400-normal.woff2",
    "Markaz Naskh": "fonts/noto-naskh-arabic-arabic-400-normal.woff2",
}
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ur" / "LC_MESSAGES" / "django.po"
DEMO = Path(settings.BASE_DIR) / "registry" / "fixtures" / "demo"

# The Urdu alphabet with the Arabic letters its keyboards also type (ي ك ه ة أ), the marks, the
# Urdu digits, the punctuation and the joiners (fonts/README.md).
URDU = (
    "ءآأؤإئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۓۂۃةيكهى"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0670"
    "\u0610\u0611\u0612\u0613\u0614"
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
    "،؛؟۔٪٫٬"
    "\u200c\u200d"
)


def font_faces():
    """Return rtl.css's @font-face rules: family, the URL of the file and the characters of its
    unicode-range, by family."""
    css = (STATIC / "rtl.css").read_text(encoding="utf-8")
    faces = {}
    for rule in re.findall(r"@font-face \{(.*?)\}", css, re.S):
        (family,) = re.findall(r'font-family: "([^"]+)";', rule)
        (url,) = re.findall(r'url\("([^"]+)"\)', rule)
        (ranges,) = re.findall(r"unicode-range:\s*([^;]+);", rule)
        characters = set()
        for part in ranges.split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            characters.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
        faces[family] = {"url": url, "characters": characters}
    return faces


@pytest.fixture(scope="module", params=sorted(FONTS))
def family(request):
    return request.param


@pytest.fixture(scope="module")
def drawn(family):
    """Return the characters the family's font file has a glyph for."""
    return set(map(chr, TTFont(STATIC / FONTS[family]).getBestCmap()))


@pytest.fixture(scope="module")
def requested(family):
    """Return the characters rtl.css's unicode-range sends to the family."""
    return font_faces()[family]["characters"]


def arabic_script(text):
    return {c for c in text if "ARABIC" in unicodedata.name(c, "")}


def test_the_font_draws_every_character_of_urdu(drawn):
    assert set(URDU) - drawn == set()


def test_rtl_css_sends_every_character_of_urdu_to_the_font(requested):
    assert set(URDU) - requested == set()


def test_the_font_draws_every_urdu_word_of_the_site_and_the_demo(drawn):
    text = "".join(entry.msgstr for entry in polib.pofile(str(CATALOGUE)))
    for path in DEMO.glob("*.csv"):
        with path.open(encoding="utf-8-sig") as file:
            text += "".join(row.get("name_ur") or "" for row in csv.DictReader(file))
    assert len(arabic_script(text)) > 40
    assert arabic_script(text) - drawn == set()


def test_rtl_css_names_each_font_file_and_sends_both_the_same_characters():
    faces = font_faces()

    assert {family: face["url"] for family, face in faces.items()} == FONTS
    assert faces["Markaz Nastaliq"]["characters"] == faces["Markaz Naskh"]["characters"]


def test_the_urdu_pages_preload_only_the_first_page_font(client):
    html = client.get("/ur/no-such-page/").content.decode()

    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font"[^>]*crossorigin>', html)
    assert preloads == [staticfiles_storage.url("markaz/" + FONTS["Markaz Naskh"])]
    assert 'rel="preload"' not in client.get("/no-such-page/").content.decode()


def test_the_urdu_pages_ask_for_nastaliq_and_run_its_loader_before_their_body(client):
    html = client.get("/ur/no-such-page/").content.decode()
    head, _, _ = html.partition("<body>")

    assert '<html lang="ur" dir="rtl">' in html
    assert f'<script src="{staticfiles_storage.url("markaz/nastaliq.js")}"></script>' in head
    english = client.get("/no-such-page/").content.decode()
    assert "nastaliq" not in english
