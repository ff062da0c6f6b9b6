"""A `<table class="rows">` is labelled rows on a phone and a plain table on a wide screen, in
both directions, and stays a table for assistive technology either way (issue 18, SPEC §6)."""

import pytest

from tests.a11y.pages import LANGUAGES, localized
from tests.factories import every_page_registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A company's page: one table of its tenancies, a rows table.
PATH = "/companies/acme/"
LAYOUT = """table => {
  const box = el => el.getBoundingClientRect();
  const row = table.tBodies[0].rows[0];
  const style = getComputedStyle(row.cells[1]);
  return {
    header_height: box(table.tHead).height,
    cells: [...row.cells].map(cell => [box(cell).top, box(cell).bottom]),
    gutter: [parseFloat(style.paddingLeft), parseFloat(style.paddingRight)],
  };
}"""


def layout_at(page, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(localized(language, PATH))
    return page.locator("table.rows").first.evaluate(LAYOUT)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rows_table_is_labelled_rows_on_a_phone_and_a_table_on_a_wide_screen(page, language):
    every_page_registry()

    phone, wide = layout_at(page, language, 360), layout_at(page, language, 1280)

    # On the phone: no visible header row; the row header, then each cell below the one before,
    # with room for its label on the side the text starts from.
    assert phone["header_height"] <= 1
    tops, bottoms = [top for top, _ in phone["cells"]], [bottom for _, bottom in phone["cells"]]
    assert all(top >= bottom - 0.5 for top, bottom in zip(tops[1:], bottoms, strict=False))
    start, end = phone["gutter"] if language == "en" else reversed(phone["gutter"])
    assert start >= 100 and end < 20
    # On the wide screen: the header row shows, and a row's cells stand side by side.
    assert wide["header_height"] > 10
    assert len({round(top) for top, _ in wide["cells"]}) == 1


def test_labelled_rows_stay_a_table_for_assistive_technology(page):
    every_page_registry()
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto(PATH)
    session = page.context.new_cdp_session(page)

    nodes = session.send("Accessibility.getFullAXTree")["nodes"]

    named = [
        (node["role"]["value"], node.get("name", {}).get("value"))
        for node in nodes
        if not node.get("ignored")
    ]
    assert ("table", "Current tenancies (1)") in named
    headers = [name for role, name in named if role == "columnheader"]
    assert headers == ["Facility", "City", "Since", "Seats"]
    # The labels are for the eye: a cell is announced by its value and its column header.
    cells = [name for role, name in named if role == "cell"]
    assert cells == ["Lahore", "1 January 2023", "—"]
    assert ("rowheader", "STP Lahore Software Technology Park") in named
