"""A visitor's first Urdu page and their later ones, which the site draws in different fonts
(rtl.css, nastaliq.js)."""

import pytest

NASTALIQ_FETCHED = "() => localStorage.getItem('markaz-nastaliq-fetched')"


def visit_an_earlier_urdu_page(page):
    """Make `page` a returning visitor's: an earlier Urdu page has fetched the Nastaliq font, so
    the next one is drawn in it (rtl.css, nastaliq.js)."""
    page.goto("/ur/no-such-page/")
    page.wait_for_function(NASTALIQ_FETCHED)


# The languages as a page draws them: Urdu on a visitor's first page (Naskh) and on a later one
# (Nastaliq), whose letters differ in width and height.
LANGUAGE_VISITS = [
    pytest.param("", False, id="en"),
    pytest.param("/ur", False, id="ur-first-page"),
    pytest.param("/ur", True, id="ur-later-page"),
]
