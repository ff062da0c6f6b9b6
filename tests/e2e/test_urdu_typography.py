"""Urdu pages in a real browser: underlines clear of Nastaliq descenders, larger text."""

import pytest

from tests.factories import CompanyFactory, ParkFactory, TenancyFactory

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINKS = """() => [...document.querySelectorAll("main a, footer a")]
  .filter(a => a.offsetParent && /[\\u0600-\\u06ff]/.test(a.textContent))
  .map(a => {
    const style = getComputedStyle(a);
    return {
      text: a.textContent.trim(),
      size: parseFloat(style.fontSize),
      offset: parseFloat(style.textUnderlineOffset),
      thickness: parseFloat(style.textDecorationThickness),
      skipInk: style.textDecorationSkipInk,
    };
  })"""

SIZES = """selectors => Object.fromEntries(selectors.map(selector => {
  const element = document.querySelector(selector);
  return [selector, element && parseFloat(getComputedStyle(element).fontSize)];
}))"""

FINE_PRINT = [".site-tagline", ".field__help", ".explain", ".breadcrumbs", ".site-footer"]


@pytest.fixture
def registry():
    park = ParkFactory(name="Arfa Software Technology Park", slug="arfa-stp")
    TenancyFactory(facility=park, company=CompanyFactory(name="Acme Software", slug="acme"))


@pytest.mark.parametrize("path", ["/ur/no-such-page/", "/ur/companies/"])
def test_urdu_links_are_underlined_below_the_nastaliq_descenders(page, registry, path):
    page.goto(path)
    links = page.evaluate(LINKS)

    assert len(links) >= 3
    for link in links:
        # Noto Nastaliq Urdu descends about 0.6 em; most letters end above half an em.
        assert link["offset"] >= 0.5 * link["size"], link
        assert link["thickness"] >= 1, link
        assert link["skipInk"] == "auto", link


def test_english_links_keep_their_close_underline(page, registry):
    page.goto("/no-such-page/")
    link = page.locator("main a").first

    offset = link.evaluate("a => parseFloat(getComputedStyle(a).textUnderlineOffset)")
    size = link.evaluate("a => parseFloat(getComputedStyle(a).fontSize)")
    assert offset < 0.25 * size


def test_urdu_body_text_and_fine_print_are_larger_than_english(page, registry):
    selectors = ["body", ".lede", *FINE_PRINT]
    page.goto("/companies/")
    english = page.evaluate(SIZES, selectors)
    page.goto("/parks/arfa-stp/")
    english[".breadcrumbs"] = page.evaluate(SIZES, [".breadcrumbs"])[".breadcrumbs"]
    page.goto("/ur/companies/")
    urdu = page.evaluate(SIZES, selectors)
    page.goto("/ur/parks/arfa-stp/")
    urdu[".breadcrumbs"] = page.evaluate(SIZES, [".breadcrumbs"])[".breadcrumbs"]

    assert urdu["body"] >= 18
    for selector in selectors:
        assert urdu[selector] >= 1.1 * english[selector], (selector, urdu, english)
    for selector in FINE_PRINT:
        assert urdu[selector] >= 14, (selector, urdu[selector])
