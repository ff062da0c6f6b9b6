"""The Urdu pages' Nastaliq font: its subset draws all of Urdu, and rtl.css asks it for that."""

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
FONT = STATIC / "fonts" / "noto-nastaliq-urdu-arabic-400-normal.woff2"
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


@pytest.fixture(scope="module")
def drawn():
    """Return the characters the font has a glyph for."""
    return set(map(chr, TTFont(FONT).getBestCmap()))


@pytest.fixture(scope="module")
def requested():
    """Return the characters rtl.css's unicode-range sends to the font."""
    css = (STATIC / "rtl.css").read_text(encoding="utf-8")
    (ranges,) = re.findall(r"unicode-range:\s*([^;]+);", css)
    characters = set()
    for part in ranges.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        characters.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
    return characters


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


def test_the_urdu_pages_preload_the_font_that_rtl_css_names(client):
    css = (STATIC / "rtl.css").read_text(encoding="utf-8")
    (source,) = re.findall(r'src: url\("([^"]+)"\)', css)
    html = client.get("/ur/no-such-page/").content.decode()
    (preload,) = re.findall(r'<link rel="preload" href="([^"]+)" as="font"[^>]*crossorigin>', html)
    assert preload == staticfiles_storage.url("markaz/" + source)
    assert 'rel="preload"' not in client.get("/no-such-page/").content.decode()
