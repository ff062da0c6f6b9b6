"""axe-core finds no WCAG 2.1 A or AA violation on any public page, in either language, on a
wide and on a narrow screen, and no page scrolls sideways on the narrow one (issue 7)."""

import pytest
from django.template.loader import render_to_string

from tests.a11y.pages import (
    AXE_JS,
    LANGUAGES,
    PAGE_PATHS,
    STANDALONE_PAGES,
    STATUS,
    localized,
    require_tools,
)
from tests.factories import every_page_registry

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 360)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = (
    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
)
# Colour contrast means something only once the site's stylesheets have loaded.
STYLESHEETS_LOADED = (
    "[...document.querySelectorAll('link[rel=stylesheet]')]"
    ".every(link => link.sheet && link.sheet.cssRules.length > 0)"
)
PAGE_WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="session")
def axe_page(browser, live_server):
    """One page for the whole session; its context may inject axe-core despite the site's CSP."""
    require_tools(AXE_JS)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def describe(url, width, violation, node):
    """Return the rule, impact, element, fixes and help of one violation, on a few lines."""
    summary = "\n      ".join(line.strip() for line in node["failureSummary"].splitlines())
    return (
        f"{url} at {width} px: {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    target: {', '.join(node['target'])}\n"
        f"      {summary}\n"
        f"    {violation['helpUrl']}"
    )


def violations_at(page, url, width, status=None, content=None):
    """Open the address (or show the content at it) at the width; return axe-core's violations."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    if content is None:
        assert response is not None and response.status == status, url
    else:
        page.set_content(content)
    assert page.evaluate(STYLESHEETS_LOADED), f"{url}: a stylesheet did not load"
    page.add_script_tag(path=AXE_JS)
    results = page.evaluate(AXE_RUN, WCAG_21_AA)
    found = [
        describe(url, width, violation, node)
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    # Reflow (WCAG 1.4.10): wide tables and charts scroll in their own boxes, never the page.
    scroll_width, viewport_width = page.evaluate(PAGE_WIDTHS)
    if scroll_width > viewport_width:
        found.append(f"{url} at {width} px: the page is {scroll_width} px wide, scrolls sideways")
    return found


@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_has_no_wcag_violations_on_wide_and_narrow_screens(axe_page, language, path):
    every_page_registry()
    url = localized(language, path)

    problems = [
        line
        for width in WIDTHS
        for line in violations_at(axe_page, url, width, STATUS.get(path, 200))
    ]

    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", STANDALONE_PAGES)
def test_error_page_has_no_wcag_violations_on_wide_and_narrow_screens(axe_page, name):
    # Shown at the site's address, so that the page's stylesheet loads as it would.
    html = render_to_string(name)

    problems = [
        line
        for width in WIDTHS
        for line in violations_at(axe_page, "/healthz", width, content=html)
    ]

    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skip_link_shows_only_when_focused(axe_page, language):
    for width in WIDTHS:
        axe_page.set_viewport_size({"width": width, "height": 900})
        axe_page.goto(localized(language, "/"))
        link = axe_page.locator(".skip-link")
        box = link.bounding_box()
        # Clear of the page by a whole pixel: a fractional edge at 0 still painted a sliver.
        assert box["y"] + box["height"] <= -1, (language, width, box)

        axe_page.keyboard.press("Tab")

        box = link.bounding_box()
        assert box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
