"""The Urdu pages' fonts in a real browser (rtl.css, nastaliq.js): a visitor's first page is drawn
in Naskh at once and fetches Nastaliq only after its first paint; every later page is drawn in
Nastaliq from its first paint and never moves to swap a font in."""

import pytest

from tests.e2e.visits import NASTALIQ_FETCHED, visit_an_earlier_urdu_page

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NASKH = "Noto Naskh Arabic"
NASTALIQ = "Noto Nastaliq Urdu"

FIRST_PAINT_AND_NASTALIQ = """() => ({
  paint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
  nastaliq: performance.getEntriesByType("resource")
    .filter(entry => entry.name.includes("noto-nastaliq-urdu"))
    .map(entry => entry.startTime),
})"""

LAYOUT_SHIFTS = """() => new Promise(done => {
  new PerformanceObserver(list => done(list.getEntries().map(entry => entry.value)))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done([]), 500);
})"""


def drawn_in(page, selector):
    """Return the family of the font Chromium drew most of the element's letters in."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return max(fonts, key=lambda font: font["glyphCount"])["familyName"]


def record_font_requests(page):
    """Return the list the page's font requests are appended to, by address, as they are made."""
    fonts = []

    def record(request):
        if ".woff2" in request.url:
            fonts.append(request.url)

    page.on("request", record)
    return fonts


def test_a_first_urdu_page_is_drawn_in_naskh_and_fetches_nastaliq_after_its_first_paint(page):
    page.goto("/ur/")
    page.wait_for_function(NASTALIQ_FETCHED)

    assert drawn_in(page, "h1") == NASKH
    timings = page.evaluate(FIRST_PAINT_AND_NASTALIQ)
    assert len(timings["nastaliq"]) == 1
    assert timings["nastaliq"][0] > timings["paint"]


def test_later_urdu_pages_are_drawn_in_nastaliq_and_never_move(page):
    visit_an_earlier_urdu_page(page)

    for path in ["/ur/", "/ur/centres/", "/ur/map/"]:
        page.goto(path)
        page.wait_for_load_state("load")

        assert page.evaluate("document.documentElement.className") == ""
        assert drawn_in(page, "h1") == NASTALIQ, path
        assert page.evaluate(LAYOUT_SHIFTS) == [], path


def test_without_javascript_urdu_pages_ask_for_nastaliq_as_they_load(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    fonts = record_font_requests(page)

    page.goto("/ur/")
    page.goto("/ur/centres/")

    assert any("noto-nastaliq-urdu" in url for url in fonts)
    assert drawn_in(page, "h1") == NASTALIQ
    context.close()


def test_english_pages_fetch_no_urdu_font(page):
    fonts = record_font_requests(page)

    page.goto("/")
    page.wait_for_load_state("networkidle")

    assert fonts == []
