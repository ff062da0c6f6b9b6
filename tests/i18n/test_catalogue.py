"""The Urdu catalogue: complete, not fuzzy, and compiled to the committed .mo file."""

import re

import polib
import pytest

from tests.i18n.catalogue import catalogues, compiled

pytestmark = pytest.mark.parametrize("po_path", catalogues(), ids=lambda path: path.parts[-3])


def test_every_msgid_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 50


def test_no_english_msgid_is_copied_as_its_own_translation(po_path):
    catalogue = polib.pofile(str(po_path))

    copied = [
        entry.msgid
        for entry in catalogue
        if re.search(r"[A-Za-z]{2}", entry.msgid)
        and (
            entry.msgstr == entry.msgid
            or entry.msgstr_plural.get(0) == entry.msgid
            or entry.msgstr_plural.get(1) == entry.msgid_plural
        )
    ]

    assert copied == []


def test_every_msgid_keeps_its_placeholders(po_path):
    catalogue = polib.pofile(str(po_path))

    for entry in catalogue:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            for placeholder in re.findall(r"%\(\w+\)s", entry.msgid):
                assert placeholder in translation, (entry.msgid, translation)


def test_committed_mo_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")

    assert mo_path.exists(), "run: python -m tests.i18n.catalogue"
    assert mo_path.read_bytes() == compiled(po_path), "stale .mo: python -m tests.i18n.catalogue"
