"""Charts as Chromium draws them (issue 18): in either language, wide and narrow, no two labels
of a chart overlap, none leaves its drawing, and no chart makes the page scroll sideways."""

import datetime

import pytest

from registry.models.calendar import add_months
from tests.e2e.visits import LANGUAGE_VISITS, visit_an_earlier_urdu_page
from tests.factories import (
    CentreFactory,
    ParkFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The labels of every drawing shown (the other is display: none), as boxes on the screen; two
# overlap when they share more than a pixel each way (antialiasing and glyph overhang).
LABEL_BOXES = """() => {
  const drawings = [...document.querySelectorAll('svg.chart__svg')]
    .filter((svg) => getComputedStyle(svg).display !== 'none');
  return drawings.map((svg) => {
    const edge = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text')]
      .filter((text) => text.textContent.trim())
      .map((text) => {
        const box = text.getBoundingClientRect();
        return {text: text.textContent.trim(), left: box.left, right: box.right,
                top: box.top, bottom: box.bottom};
      });
    return {title: svg.querySelector('title').textContent, labels,
            left: edge.left, right: edge.right, top: edge.top, bottom: edge.bottom};
  });
}"""
PAGE_WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def registry():
    """A park with 200 months of reports and a programme with targets, on the real clock."""
    today = datetime.date.today()
    first = add_months(today.replace(day=1), -199)
    park = ParkFactory(name="Long History Park", slug="long-history", opened_on=first)
    for month in range(200):
        ReportFactory(facility=park, period=add_months(first, month), workers=90 + month % 17)
    programme = ProgrammeFactory()
    for n in range(6):
        centre = CentreFactory(programme=programme, opened_on=add_months(today, -30 + 5 * n))
        ReportFactory(facility=centre, period=today.replace(day=1), workers=40 + n)
    year = today.year + (2 if today.month >= 7 else 1)
    TargetFactory(programme=programme, value=250, fiscal_year=year)
    TargetFactory(programme=programme, metric="jobs_at_centres", value=20000, fiscal_year=year)


def overlapping(drawing):
    labels = drawing["labels"]
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    ]


def outside(drawing):
    return [
        label["text"]
        for label in drawing["labels"]
        if label["left"] < drawing["left"] - 1 or label["right"] > drawing["right"] + 1
    ]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("prefix", "later_page"), LANGUAGE_VISITS)
@pytest.mark.parametrize("path", ["/parks/long-history/?all=1", "/progress/", "/"])
def test_chart_labels_never_overlap_nor_leave_their_drawing(
    page, registry, prefix, later_page, path, width
):
    if later_page:
        visit_an_earlier_urdu_page(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(prefix + path)
    page.evaluate("document.fonts.ready")

    drawings = page.evaluate(LABEL_BOXES)
    scroll_width, viewport = page.evaluate(PAGE_WIDTHS)

    assert drawings, "no chart drawn"
    for drawing in drawings:
        assert not overlapping(drawing), (drawing["title"], overlapping(drawing))
        assert not outside(drawing), (drawing["title"], outside(drawing))
    assert scroll_width <= viewport
