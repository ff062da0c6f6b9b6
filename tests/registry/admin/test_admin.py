import datetime

import pytest
from django.urls import reverse

from centres.models import Programme
from registry.models import Company, Park, WorkforceReport, calendar
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    OperatorFactory,
    ParkFactory,
    ReportFactory,
    TargetFactory,
    TenancyFactory,
)
from tests.registry.forms import empty_inlines

CHANGELISTS = [
    "registry_park",
    "centres_centre",
    "registry_company",
    "registry_tenancy",
    "registry_workforcereport",
    "registry_city",
    "registry_operator",
    "registry_province",
    "registry_sector",
    "centres_programme",
    "centres_target",
]


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("hq", "hq@example.org", "pw")
    client.force_login(user)
    return client


def fill(n):
    for _ in range(n):
        park, centre = ParkFactory(), CentreFactory()
        ReportFactory(facility=park)
        ReportFactory(facility=centre)
        TenancyFactory(facility=park)
        TargetFactory(fiscal_year=2000 + Park.objects.count())


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelists_answer_with_bounded_queries(staff, changelist, django_assert_max_num_queries):
    fill(3)
    with django_assert_max_num_queries(12):
        small = staff.get(reverse(f"admin:{changelist}_changelist"))
    fill(27)
    with django_assert_max_num_queries(12):
        large = staff.get(reverse(f"admin:{changelist}_changelist"))

    assert small.status_code == large.status_code == 200


def test_park_changelist_shows_latest_report_figures(staff):
    park = ParkFactory(name="Arfa")
    ReportFactory(facility=park, period=datetime.date(2026, 8, 1), workers=500, women=50)
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=110, women=20)

    response = staff.get(reverse("admin:registry_park_changelist"))

    row = response.context["cl"].result_list.get()
    assert (row.latest_workers, row.latest_women) == (110, 20)
    assert "18.2%" in response.text and "September 2026" in response.text


def test_adding_an_operational_park_without_opening_date_explains_why(staff):
    city, operator = CityFactory(), OperatorFactory()

    response = staff.post(
        reverse("admin:registry_park_add"),
        {
            "name": "New Park",
            "slug": "new-park",
            "operator": operator.pk,
            "city": city.pk,
            "status": "operational",
            **empty_inlines("tenancies", "reports"),
        },
    )

    assert response.status_code == 200
    assert "An operational park needs its opening date." in response.text
    assert not Park.objects.exists()


def test_park_form_offers_only_park_statuses(staff):
    response = staff.get(reverse("admin:registry_park_add"))

    choices = [value for value, _ in response.context["adminform"].form.fields["status"].choices]
    assert choices == ["planned", "under_construction", "operational", "closed"]


def test_centre_form_calls_the_opening_date_its_launch(staff):
    response = staff.get(reverse("admin:centres_centre_add"))

    assert response.context["adminform"].form.fields["opened_on"].label == "Launched on"


def test_a_programme_is_given_its_urdu_name_in_the_admin(staff):
    operator = OperatorFactory()
    url = reverse("admin:centres_programme_add")
    data = {
        "name": "Federal e-Rozgaar centres (2024–)",
        "name_ur": "وفاقی ای روزگار سینٹرز (2024–)",
        "slug": "federal",
        "operator": operator.pk,
    }

    response = staff.post(url, data)
    changelist = staff.get(reverse("admin:centres_programme_changelist"))

    assert response.status_code == 302
    assert Programme.objects.get(slug="federal").name_ur == "وفاقی ای روزگار سینٹرز (2024–)"
    assert "وفاقی ای روزگار سینٹرز (2024–)" in changelist.text


def test_filing_reports_one_after_another_keeps_the_month(staff):
    park = ParkFactory()

    response = staff.post(
        reverse("admin:registry_workforcereport_add"),
        {
            "facility": park.pk,
            "period": "2026-09-14",
            "workers": 40,
            "women": 9,
            "_addanother": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?period=2026-09-01")
    assert WorkforceReport.objects.get().period == datetime.date(2026, 9, 1)
    follow = staff.get(response["Location"])
    assert follow.context["adminform"].form.initial["period"] == "2026-09-01"


def test_index_lists_overdue_facilities(staff):
    late = ParkFactory(name="Late Park")
    ReportFactory(facility=late, period=datetime.date(2020, 1, 1))
    ParkFactory(name="Silent Park")
    on_time = ParkFactory(name="Punctual Park")
    ReportFactory(facility=on_time, period=calendar.today().replace(day=1))

    response = staff.get(reverse("admin:index"))

    assert "Late Park" in response.text and "January 2020" in response.text
    assert "Silent Park" in response.text and "no report" in response.text
    assert "Punctual Park" not in response.text


def test_company_search_and_autocomplete_find_facilities(staff):
    CompanyFactory(name="Zamzama Soft")
    ParkFactory(name="Quetta STP")

    companies = staff.get(reverse("admin:registry_company_changelist"), {"q": "zamzama"})
    facilities = staff.get(
        reverse("admin:autocomplete"),
        {
            "term": "quetta",
            "app_label": "registry",
            "model_name": "tenancy",
            "field_name": "facility",
        },
    )

    assert companies.context["cl"].result_count == 1
    assert [r["text"] for r in facilities.json()["results"]] == ["Quetta STP"]


def test_a_website_typed_without_a_scheme_is_saved_as_https(staff):
    response = staff.post(
        reverse("admin:registry_company_add"),
        {
            "name": "Karachi Bytes",
            "slug": "karachi-bytes",
            "website": "karachibytes.pk",
            **empty_inlines("tenancies"),
        },
    )

    assert response.status_code == 302
    assert Company.objects.get(slug="karachi-bytes").website == "https://karachibytes.pk"
