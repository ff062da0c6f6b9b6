"""Figures that hold on anyone's registry, under any names (SPEC §2.2, §2.4, §3.2, §4.1).

A generated registry stands in for someone else's data: the tracked programme must come from
the targets, every target must show exactly once, every total of workers must agree, and the
same registry under other slugs and names must show the same figures.
"""

import csv
import datetime
import io
import re

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat

from bench.generator import Generator
from centres.models import Programme, Target
from registry.models import City, Company, Facility, Operator, Province, normalise_company_name
from tests.factories import (
    CentreFactory,
    OperatorFactory,
    ParkFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
    province,
)

D = datetime.date
TODAY = D(2026, 11, 27)
Metric = Target.Metric
LISTS = ["centre-export", "park-export", "company-export", "city-export"]


@pytest.fixture
def generated():
    """A small generated registry with a target of every metric and scope besides its own."""
    Generator(scale=0.1, seed=7, as_of=TODAY).run()
    tracked = (
        Programme.objects.filter(targets__isnull=False, targets__province__isnull=True)
        .distinct()
        .get()
    )
    other = Programme.objects.exclude(pk=tracked.pk).get()
    for metric, value, year, programme, code in [
        (Metric.JOBS_AT_CENTRES, 900, 2027, tracked, "PB"),
        (Metric.JOBS_AT_CENTRES, 300, 2027, tracked, "SD"),
        (Metric.PARKS_OPERATIONAL, 60, 2027, None, None),
        (Metric.PARKS_OPERATIONAL, 9, 2026, None, "KP"),
        (Metric.WORKERS_TOTAL, 9000, 2027, None, None),
        (Metric.WOMEN_SHARE, 30, 2028, None, "IS"),
        (Metric.CENTRES_OPERATIONAL, 40, 2027, other, None),
        (Metric.CENTRES_OPERATIONAL, 20, 2027, other, "PB"),
    ]:
        Target.objects.create(
            metric=metric,
            value=value,
            fiscal_year=year,
            programme=programme,
            province=province(code) if code else None,
        )
    return tracked


def csv_rows(client, url_name, query=None):
    from django.urls import reverse

    response = client.get(reverse(url_name), query or {})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def total(rows, column):
    header, *body = rows
    index = header.index(column)
    return sum(int(row[index] or 0) for row in body)


def section(html, heading_id):
    """Return the HTML of the section labelled by the heading with this id."""
    start = html.index(f'<section aria-labelledby="{heading_id}">')
    return html[start : html.index("</section>", start)]


def test_every_target_is_on_the_tracker_exactly_once_in_its_section(client, generated):
    html = client.get("/progress/").content.decode()
    national = section(html, "national-heading")
    provinces = section(html, "province-targets-heading")

    targets = list(Target.objects.all())
    assert len(targets) == 18
    for target in targets:
        anchor = f'id="target-{target.pk}"'
        assert html.count(anchor) == 1, target
        assert anchor in (provinces if target.province_id else national), target


def test_every_province_target_row_has_its_status_explanation_and_drill_down(client, generated):
    response = client.get("/progress/")
    html = response.content.decode()

    for group in response.context["target_groups"]:
        for p in group.rows:
            row = html[html.index(f'<tr id="target-{p.target.pk}">') :]
            row = row[: row.index("</tr>")]
            assert f"badge--{p.status}" in row
            assert '<span class="explain">' in row
            assert f"province={p.target.province_id}&amp;operational_on=2026-11-27" in row


def test_the_tracked_programme_leads_and_every_programme_with_national_targets_has_a_series(
    client, generated
):
    overview = client.get("/")
    tracker = client.get("/progress/")

    assert overview.context["programme"] == generated
    assert f"centres of {generated.name} operational" in overview.content.decode()
    assert [entry["programme"] for entry in tracker.context["series_list"]] == [
        generated,
        Programme.objects.exclude(pk=generated.pk).get(),
    ]


def test_the_programme_with_most_national_targets_is_tracked_ties_by_name(client):
    zulu = ProgrammeFactory(slug="zulu", name="Zulu centres")
    alpha = ProgrammeFactory(slug="alpha", name="Alpha centres")
    TargetFactory(programme=zulu, fiscal_year=2027)
    TargetFactory(programme=alpha, fiscal_year=2027)
    assert client.get("/").context["programme"] == alpha

    TargetFactory(programme=zulu, fiscal_year=2028)
    TargetFactory(programme=alpha, fiscal_year=2028, province=province("PB"))
    assert client.get("/").context["programme"] == zulu


def test_any_slug_tracks_the_programme_and_picks_its_csv(client):
    programme = ProgrammeFactory(slug="our-own-centres", name="Our own centres")
    CentreFactory(programme=programme, opened_on=D(2025, 1, 10))
    TargetFactory(programme=programme, value=5, fiscal_year=2026)

    html = client.get("/").content.decode()
    default = csv_rows(client, "progress-export")
    picked = csv_rows(client, "progress-export", {"programme": "our-own-centres"})

    assert re.search(r'id="fig-centres"[^>]*>1<', html)
    assert default == picked
    assert default[1:] == [
        ["2025", "1", "1", "0", "", ""],
        ["2026", "0", "1", "0", "5", ""],
        ["2027", "0", "1", "0", "", ""],
    ]
    assert "No programme has national targets" not in html


def test_the_csv_refuses_a_programme_without_national_targets(client):
    ProgrammeFactory(slug="without-targets")
    tracked = ProgrammeFactory(
        slug="tracked", name="Tracked", operator=OperatorFactory(slug="o", name="O")
    )
    TargetFactory(programme=tracked)

    for slug in ("without-targets", "unknown"):
        response = client.get("/progress/export.csv", {"programme": slug})
        assert response.status_code == 400
        assert response.content.decode().startswith("Invalid filter.\nprogramme: ")


def test_every_total_of_workers_agrees_on_a_generated_registry(client, generated):
    centres = csv_rows(client, "centre-export")
    parks = csv_rows(client, "park-export")
    cities = csv_rows(client, "city-export")
    headline = client.get("/").context["headline"]
    centre_list = client.get("/centres/").context["totals"]
    park_list = client.get("/parks/").context["totals"]

    listed = total(centres, "workers") + total(parks, "workers")
    assert listed == total(cities, "workers") == headline.workers > 0
    assert centre_list["workers"] + park_list["workers"] == headline.workers
    assert total(centres, "women") + total(parks, "women") == total(cities, "women")
    # Closed facilities with reports exist, and their rows have no workforce.
    header, *rows = parks
    closed = [row for row in rows if row[header.index("status")] == "closed"]
    assert closed and all(row[header.index("workers")] == "" for row in closed)
    assert any(row[header.index("last_report")] for row in closed)


def test_a_facility_not_operational_has_no_workforce_on_any_surface(client, admin_client):
    park = ParkFactory(slug="shut", status="closed", closed_on=D(2025, 4, 1))
    ReportFactory(facility=park, period=D(2025, 3, 1), workers=80, women=20)
    ReportFactory(facility=ParkFactory(slug="open"), period=D(2026, 10, 1), workers=10, women=2)

    assert client.get("/").context["headline"].workers == 10
    assert client.get("/parks/").context["totals"]["workers"] == 10
    assert total(csv_rows(client, "city-export"), "workers") == 10
    page = client.get("/parks/shut/").content.decode()
    assert "Last reported March 2025. Not operational today" in page
    changelist = admin_client.get("/admin/registry/park/", {"q": "shut"}).content.decode()
    assert '<td class="field-current_workers">-</td>' in changelist
    assert '<td class="field-last_report">March 2025</td>' in changelist


# The same registry under other names ---------------------------------------------------------


def rename_everything():
    """Give every operator, programme, city, facility and company another slug and name.

    The same prefix on every slug and name keeps every list in its order, so rows can be
    compared cell by cell.
    """
    for model in (Operator, Programme, City, Facility, Company):
        model.objects.update(
            slug=Concat(Value("zz-"), F("slug")), name=Concat(Value("Zz "), "name")
        )
    for company in Company.objects.only("name"):
        Company.objects.filter(pk=company.pk).update(name_key=normalise_company_name(company.name))
    Operator.objects.update(short_name=Concat(Value("Zz "), "short_name"))


def renamed_back(text):
    """Return a cell of the renamed registry as the original registry wrote it."""
    parts = text.split(";")
    back = [part.removeprefix("zz-").removeprefix("Zz ") for part in parts]
    return ";".join(back)


def public_figures(client):
    """Return every CSV of §4.1 and the headline figures of / and /progress/."""
    figures = {name: csv_rows(client, name) for name in LISTS}
    figures["progress"] = csv_rows(client, "progress-export")
    overview, tracker = client.get("/").context, client.get("/progress/").context
    headline = overview["headline"]
    figures["headline"] = [
        [str(value) for name, value in vars(headline).items() if name != "programme"]
    ]
    figures["targets"] = [
        [
            str(value)
            for value in (
                p.target.metric,
                p.target.value,
                p.current,
                p.percent,
                p.needed_pace,
                p.actual_pace,
                p.projection,
                p.status,
            )
        ]
        for p in tracker["national"]
        + [row for group in tracker["target_groups"] for row in group.rows]
    ]
    figures["provinces"] = [
        [row.province.code, str(row.facilities), str(row.workers), str(row.women_share)]
        for row in overview["provinces"]
    ]
    return figures


def test_the_same_registry_under_other_names_shows_the_same_figures(client, generated):
    before = public_figures(client)
    rename_everything()
    after = public_figures(client)

    assert before.keys() == after.keys()
    changed = 0
    for name, rows in before.items():
        assert len(after[name]) == len(rows), name
        for old_row, new_row in zip(rows, after[name], strict=True):
            back = [renamed_back(cell) for cell in new_row]
            assert back == old_row, name
            changed += back != new_row
    assert changed > 100
    assert Facility.objects.filter(slug__startswith="zz-").count() == Facility.objects.count()


def test_the_renamed_registry_keeps_the_tracker_and_its_province_tables(client, generated):
    rename_everything()

    html = client.get("/progress/").content.decode()

    assert "No programme has national targets" not in html
    assert html.count('id="target-') == Target.objects.count()
    assert Province.objects.count() == 7
