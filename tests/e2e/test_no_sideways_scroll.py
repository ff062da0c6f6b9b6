"""No public page scrolls sideways, in either language, on a 360 px phone or a 1280 px screen:
neither the page nor any box inside it (issue 18, SPEC §6). Tables become labelled rows on the
phone, lists fit on the wide screen, charts scale to the width they have."""

import pytest

from tests.a11y.pages import LANGUAGES, PAGE_PATHS, STATUS, localized
from tests.e2e.visits import visit_an_earlier_urdu_page
from tests.factories import every_page_registry

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
OPEN_EVERY_FOLD = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
# The page's own width against the window's, then every element that scrolls (or clips) its
# content sideways: overflow-x auto, scroll or hidden with content wider than its box. Boxes of
# at most a pixel are visually hidden text, which clips by design.
SIDEWAYS = """() => {
  const name = el => {
    const caption = el.querySelector('caption, figcaption');
    return el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('')
      + (caption ? ` ("${caption.textContent.trim().slice(0, 60)}")` : '');
  };
  const scrolling = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX)
      && box.width > 1 && box.height > 1 && el.scrollWidth > el.clientWidth;
  }).map(el => `${name(el)} is ${el.scrollWidth} px wide inside ${el.clientWidth} px`);
  return [document.documentElement.scrollWidth, window.innerWidth, scrolling];
}"""
# Every chart's drawing within the window: it scales down rather than overflowing.
CHARTS_OUTSIDE = """() => [...document.querySelectorAll('svg')].filter(svg => {
  const box = svg.getBoundingClientRect();
  return box.width > 0 && (box.left < 0 || box.right > window.innerWidth);
}).map(svg => `a chart ${Math.round(svg.getBoundingClientRect().width)} px wide`)"""


def sideways_at(page, url, width, status):
    """Open the address at the width, every fold open; return what scrolls sideways."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response is not None and response.status == status, url
    page.evaluate(OPEN_EVERY_FOLD)
    page_width, window_width, scrolling = page.evaluate(SIDEWAYS)
    found = [f"{url} at {width} px: {what}" for what in scrolling + page.evaluate(CHARTS_OUTSIDE)]
    if page_width > window_width:
        found.insert(0, f"{url} at {width} px: the page is {page_width} px wide, scrolls sideways")
    return found


def assert_nothing_scrolls_sideways(page, url, path):
    found = [
        line for width in WIDTHS for line in sideways_at(page, url, width, STATUS.get(path, 200))
    ]

    assert not found, f"{len(found)} boxes scroll sideways:\n" + "\n".join(found)


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone_or_a_wide_screen(page, language, path):
    every_page_registry()

    assert_nothing_scrolls_sideways(page, localized(language, path), path)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_no_urdu_page_scrolls_sideways_in_nastaliq_either(page, path):
    """Nastaliq, a visitor's later pages' font, sets words wider or narrower than Naskh does."""
    every_page_registry()
    visit_an_earlier_urdu_page(page)

    assert_nothing_scrolls_sideways(page, localized("ur", path), path)
