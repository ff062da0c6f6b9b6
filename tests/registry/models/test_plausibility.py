"""Reports are saved but flagged when their figures jump against the previous report (SPEC §5)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Role, WorkforceReport
from registry.models.plausibility import Review, implausibility
from tests.factories import CityFactory, ParkFactory, ReportFactory, province, staff
from tests.registry.bulk_files import run, write, write_all

SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("workers", "women", "before", "flagged"),
    [
        (30, 6, (10, 2), False),  # exactly ×3
        (31, 6, (10, 2), True),  # more than ×3
        (4, 1, (12, 2), False),  # exactly a third
        (3, 0, (12, 2), True),  # below a third
        (100, 0, (9, 0), False),  # the previous report had fewer than 10 workers
        (100, 51, (100, 20), True),  # share 20% → 51%: 31 points
        (100, 50, (100, 20), False),  # 30 points exactly
        (5, 5, (5, 0), True),  # the share rule needs no minimum
        (0, 0, (50, 10), True),
        (40, 10, None, False),  # no previous report
    ],
)
def test_the_rule(workers, women, before, flagged):
    reason = implausibility(workers, women, *(before or (None, None)))

    assert bool(reason) is flagged


def test_thresholds_are_settings(settings):
    settings.REPORT_FLAG_FACTOR, settings.REPORT_FLAG_MIN_WORKERS = 2, 50
    settings.REPORT_FLAG_SHARE_POINTS = 10

    assert implausibility(25, 0, 10, 0) == ""
    assert "more than 2 times" in implausibility(101, 0, 50, 0)
    assert "more than 10 points" in implausibility(100, 31, 100, 20)


def test_a_jump_is_saved_with_its_figures_and_flagged():
    park = ParkFactory()
    ReportFactory(facility=park, period=SEP, workers=40, women=8)

    report = ReportFactory(facility=park, period=OCT, workers=400, women=80)

    report.refresh_from_db()
    assert (report.workers, report.review) == (400, Review.FLAGGED)
    assert report.review_note.startswith("Workers went from 40 to 400")
    assert report.history.first().review == Review.FLAGGED


def test_an_edit_judges_the_report_again():
    park = ParkFactory()
    ReportFactory(facility=park, period=SEP, workers=40, women=8)
    report = ReportFactory(facility=park, period=OCT, workers=400, women=80)

    report.workers, report.women = 42, 8
    report.save()

    report.refresh_from_db()
    assert (report.review, report.review_note) == ("", "")


@pytest.fixture
def officer():
    client = Client()
    client.force_login(staff(Role.PROVINCIAL_OFFICER, username="officer", provinces=["PB"]))
    return client


def flagged_report(city):
    park = ParkFactory(city=city)
    ReportFactory(facility=park, period=SEP, workers=40, women=8)
    return ReportFactory(facility=park, period=OCT, workers=400, women=80)


def test_confirming_clears_the_flag_and_history_keeps_why(officer):
    report = flagged_report(CityFactory(province=province("PB")))

    response = officer.post(
        reverse("admin:registry_workforcereport_changelist"),
        {"action": "confirm_reports", "_selected_action": [report.pk]},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == Review.CONFIRMED
    latest = report.history.first()
    assert latest.history_change_reason.startswith("Confirmed as reported: Workers went from 40")
    assert latest.history_user.username == "officer"


def test_an_officer_sees_and_confirms_only_the_flags_of_their_provinces(officer):
    own = flagged_report(CityFactory(province=province("PB")))
    other = flagged_report(CityFactory(province=province("SD")))

    index = officer.get(reverse("admin:index"))
    officer.post(
        reverse("admin:registry_workforcereport_changelist"),
        {"action": "confirm_reports", "_selected_action": [own.pk, other.pk]},
    )

    assert list(index.context["flagged_reports"]) == [own]
    assert WorkforceReport.objects.get(pk=other.pk).review == Review.FLAGGED


def test_the_reports_list_filters_flagged_reports(officer):
    report = flagged_report(CityFactory(province=province("PB")))

    listed = officer.get(
        reverse("admin:registry_workforcereport_changelist"), {"review__exact": "flagged"}
    )

    assert list(listed.context["cl"].result_list) == [report]


def test_correct_opens_the_report_form(officer):
    report = flagged_report(CityFactory(province=province("PB")))

    response = officer.post(
        reverse("admin:registry_workforcereport_changelist"),
        {"action": "correct_report", "_selected_action": [report.pk]},
    )

    assert response["Location"] == reverse(
        "admin:registry_workforcereport_change", args=[report.pk]
    )


def test_an_import_flags_its_jumps_whatever_the_order_of_its_rows(tmp_path):
    assert run(*write_all(tmp_path))[2] is None
    text = (
        "facility,period,workers,women,source\n"
        "stp-islamabad,2024-12,2000,400,\n"
        "stp-islamabad,2024-11,410,95,\n"
    )

    assert run(write(tmp_path, "workforce.csv", text))[2] is None

    reviews = dict(
        WorkforceReport.objects.filter(facility__slug="stp-islamabad").values_list(
            "period", "review"
        )
    )
    assert reviews == {
        datetime.date(2024, 9, 1): "",
        datetime.date(2024, 11, 1): "",
        datetime.date(2024, 12, 1): Review.FLAGGED,
    }
