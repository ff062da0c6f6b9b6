"""Chart labels that never collide (issue 18): axis ticks thinned by the drawing's width and the
labels' widths, FY bars at their own scale, labels beside a time chart's points."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from registry.models.calendar import add_months
from registry.public.chart_axes import (
    LABEL_GAP,
    label_box,
    label_width,
)
from registry.public.charts import (
    NARROW_WIDTH,
    WIDTH,
    Series,
    build_chart,
    own_scale,
    workforce_chart,
)
from registry.public.time_charts import Callout, TimeLine, time_chart

D = datetime.date
LANGUAGES = ["en", "ur"]
# Widths Chromium drew at 12 px in the site's fonts, measured with getBBox(): system sans-serif,
# and for Urdu the wider of Noto Naskh Arabic (a visitor's first page) and Noto Nastaliq Urdu
# (every later one). The estimate must never be narrower.
DRAWN = {
    "en": {"May 2026": 59.1, "Aug 2026": 57.7, "Jan 2026": 53.7, "2026": 30.5, "20,000": 41.9},
    "ur": {"اگست 2026": 64.4, "جنوری 2026": 63.5, "فروری 2026": 62.1, "اپریل 2026": 59.4},
}


def reports(first, count):
    return [
        SimpleNamespace(period=add_months(first, i), workers=100 + i, women=20)
        for i in range(count)
    ]


def assert_apart(chart, size=12):
    """Assert the x labels are in the drawing and no two of them touch."""
    boxes = sorted(label_box(x, text, size=size) for x, text in chart.x_labels)
    assert boxes, "no label at all"
    assert boxes[0][0] >= 0 and boxes[-1][1] <= chart.width
    for (_, right), (left, _) in zip(boxes, boxes[1:], strict=False):
        assert left - right >= LABEL_GAP, chart.x_labels


@pytest.mark.parametrize("language", LANGUAGES)
def test_month_labels_never_overlap_from_1_to_200_months(language):
    with translation.override(language):
        for count in range(1, 201):
            for first in (D(2010, 1, 1), D(2010, 5, 1)):
                chart = workforce_chart("Workers", reports(first, count))
                assert (chart.width, chart.narrow.width) == (WIDTH, NARROW_WIDTH)
                assert_apart(chart)
                assert_apart(chart.narrow)


def test_the_labels_that_collided_are_now_spaced_by_half_years():
    # 26 months on the wide drawing wrote "Mar 2026May 2026" before.
    chart = workforce_chart("Workers", reports(D(2024, 8, 1), 26))

    assert [text for _, text in chart.x_labels] == ["Jan 2025", "Jul 2025", "Jan 2026", "Jul 2026"]
    # The narrow drawing has room for a label each January only, so it writes the year.
    assert [text for _, text in chart.narrow.x_labels] == ["2025", "2026"]


def test_few_months_label_every_month():
    chart = workforce_chart("Workers", reports(D(2026, 7, 1), 3))

    assert [text for _, text in chart.x_labels] == ["Jul 2026", "Aug 2026", "Sep 2026"]
    assert [text for _, text in chart.narrow.x_labels] == ["Jul 2026", "Aug 2026", "Sep 2026"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_width_estimate_is_never_narrower_than_what_chromium_drew(language):
    for text, drawn in DRAWN[language].items():
        assert label_width(text, 12) >= drawn, text


def test_value_labels_of_the_y_axis_fit_its_margin():
    chart = build_chart("Jobs", ["a", "b"], [Series("Jobs", [1_200_000, 2_500_000], "jobs")])

    widest = max(label_width(f"{value:,}") for _, value in chart.y_ticks)
    assert chart.left - 8 - widest >= 0


def fy_chart(bars, targets, **kwargs):
    labels = [f"FY{2024 + i}" for i in range(len(targets))]
    bar_series = [Series(f"bars {i}", values, "bars", kind="bar") for i, values in enumerate(bars)]
    goals = Series("Target", targets, "goal", kind="line", mark="Target %(value)s")
    return build_chart(
        "Centres",
        labels,
        [*bar_series, goals],
        width=560,
        height=320,
        narrow=(360, 300),
        scale_to=own_scale([v for values in bars for v in values], targets),
        top=64,
        tick_size=14,
        y_title="Centres",
        **kwargs,
    )


def test_bars_stand_at_their_own_scale_and_far_targets_point_up_above_it():
    chart = fy_chart([[3, 8, 7, 3], [3, 11, 17, 20]], [None, 50, None, 250])

    assert chart.y_ticks[-1][1] == 20
    tallest = chart.series[1].bars[-1]
    assert tallest[1] == chart.top
    goals = chart.series[-1]
    assert goals.points == []
    assert [(mark.text, mark.on_scale) for mark in goals.marks] == [
        ("Target 50", False),
        ("Target 250", False),
    ]
    # Every bar carries its value: they are readable at this scale.
    assert [text for _, _, text in chart.series[0].bar_labels] == ["3", "8", "7", "3"]


def test_a_target_near_the_bars_is_drawn_to_their_scale():
    chart = fy_chart([[10, 20]], [25, None])

    assert chart.y_ticks[-1][1] >= 25
    (mark,) = chart.series[-1].marks
    assert (mark.text, mark.on_scale) == ("Target 25", True)
    assert chart.top < mark.y < chart.bottom


def test_off_scale_labels_of_neighbouring_years_never_touch():
    chart = fy_chart([[1, 2, 3, 4, 5, 6]], [20_000, 30_000, 40_000, 50_000, 60_000, 70_000])

    for drawing in (chart, chart.narrow):
        marks = drawing.series[-1].marks
        assert all(mark.title.startswith("Target ") for mark in marks)
        title = (drawing.y_title[0], drawing.y_title[1], drawing.y_title[2], "start")
        placed = [(m.text_x, m.text_y, m.text, "middle") for m in marks if m.text] + [title]
        for i, (x, y, text, anchor) in enumerate(placed):
            left, right = label_box(x, text, anchor, 14)
            assert left >= 0 and right <= drawing.width
            for other_x, other_y, other_text, other_anchor in placed[i + 1 :]:
                other_left, other_right = label_box(other_x, other_text, other_anchor, 14)
                apart = right + LABEL_GAP <= other_left or other_right + LABEL_GAP <= left
                assert apart or y != other_y, (text, other_text)


def test_bar_values_are_left_out_when_one_would_not_fit_its_bar():
    chart = fy_chart([[1_234_567] * 12, [2_345_678] * 12], [None] * 12)

    assert chart.narrow.series[0].bar_labels == []


def overlaps(a, b):
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


@pytest.mark.parametrize(
    ("now", "needed", "projection", "target"),
    [(20, 208, 23, 250), (816, 16_629, 965, 20_000), (240, 200, 260, 250), (0, 5, 0, 10)],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_beside_a_time_charts_points_never_overlap(
    language, now, needed, projection, target
):
    start, today, deadline = D(2024, 2, 6), D(2026, 11, 27), D(2027, 6, 30)
    with translation.override(language):
        actual = [(start, 1), (D(2025, 6, 30), now // 2), (today, now)]
        chart = time_chart(
            "Path",
            [
                TimeLine("path", [(start, 0), (deadline, target)], "path"),
                TimeLine("actual", actual, "actual"),
                TimeLine("projection", [(today, now), (deadline, projection)], "projection"),
            ],
            callouts=[
                Callout(today, now, f"Now {now:,}", "actual"),
                Callout(deadline, target, f"Target {target:,}", "path"),
                Callout(deadline, projection, f"At this pace {projection:,}", "projection"),
                Callout(today, needed, f"Needed by now {needed:,}", "path"),
            ],
        )
    for drawing in (chart, chart.narrow):
        # The value now is placed first and always written; one that fits nowhere is not.
        assert drawing.callouts[0].text == f"Now {now:,}"
        boxes = [callout.text_box for callout in drawing.callouts if callout.text]
        for i, box in enumerate(boxes):
            assert box[0] >= 0 and box[2] <= drawing.width and box[1] >= 0
            assert not any(overlaps(box, other) for other in boxes[i + 1 :]), drawing.callouts
        assert_apart(drawing)
