"""Compile the translation catalogues in Python (polib), so no machine needs GNU gettext.

`python -m tests.i18n.catalogue` writes each locale/*/LC_MESSAGES/django.mo from its .po;
tests/i18n/test_catalogue.py fails when a committed .mo differs from what its .po compiles to.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


def catalogues():
    """Return the path of every .po file under locale/."""
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compiled(po_path):
    """Return the .mo bytes a .po file compiles to (fuzzy entries left out, as msgfmt does)."""
    catalogue = polib.pofile(str(po_path))
    return catalogue.to_binary()


if __name__ == "__main__":
    for po_path in catalogues():
        po_path.with_suffix(".mo").write_bytes(compiled(po_path))
        print(f"compiled {po_path.relative_to(LOCALE_DIR.parent)}")
