import datetime

from centres.models import Centre
from centres.public.filters import CentreFilterSet
from registry.models import CentreStatus, ParkStatus, calendar
from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
)


def test_no_parameters_means_every_row_in_name_order():
    ParkFactory(name="Zeta")
    ParkFactory(name="Alpha", status=ParkStatus.PLANNED, opened_on=None)

    filterset = ParkFilterSet()

    assert filterset.is_valid()
    assert [park.name for park in filterset.qs] == ["Alpha", "Zeta"]


def test_rows_carry_the_figures_the_page_and_csv_show():
    park = ParkFactory()
    ReportFactory(facility=park, workers=80, women=20)
    TenancyFactory(facility=park)

    (row,) = ParkFilterSet().qs

    assert (row.latest_workers, row.latest_women, row.current_tenants) == (80, 20, 1)
    assert row.latest_period == datetime.date(2026, 10, 1)


def test_operational_on_is_the_date_of_the_figures():
    park = ParkFactory()
    ReportFactory(facility=park, period=datetime.date(2024, 1, 1), workers=10, women=1)
    ReportFactory(facility=park, period=datetime.date(2025, 1, 1), workers=99, women=9)

    filterset = ParkFilterSet({"operational_on": "2024-06-30"})

    assert filterset.as_of == datetime.date(2024, 6, 30)
    assert [row.latest_workers for row in filterset.qs] == [10]


def test_centre_filters_count_like_the_model():
    day = datetime.date(2025, 6, 30)
    CentreFactory(opened_on=datetime.date(2025, 6, 30))
    CentreFactory(opened_on=datetime.date(2025, 7, 1))
    CentreFactory(status=CentreStatus.SUSPENDED, opened_on=datetime.date(2024, 8, 1))
    CentreFactory(status=CentreStatus.APPROVED, opened_on=None, planned_fy=2026)

    assert (
        CentreFilterSet({"operational_on": day.isoformat()}).qs.count()
        == Centre.objects.operational_on(day).count()
        == 2
    )
    assert CentreFilterSet({"launch_fy": "2025"}).qs.count() == 2
    assert CentreFilterSet({"launch_fy": "2026"}).qs.count() == 1
    assert CentreFilterSet({"planned_fy": "2026"}).qs.count() == 1


def test_invalid_values_are_form_errors():
    filterset = CentreFilterSet(
        {"province": "XX", "planned_fy": "1999", "launch_fy": "x", "host_type": "castle"}
    )

    assert not filterset.is_valid()
    assert set(filterset.errors) == {"province", "planned_fy", "launch_fy", "host_type"}


def test_unknown_sort_is_not_an_error():
    filterset = CityFilterSet({"sort": "nonsense"})

    assert filterset.is_valid()
    assert filterset.form.cleaned_data["sort"] == ""


def test_search_needs_every_word_somewhere():
    lahore = CityFactory(name="Lahore")
    wanted = CentreFactory(name="Centre Johar Town", city=lahore)
    CentreFactory(name="Centre Gulberg", city=lahore)
    CentreFactory(name="Johar Centre", city=CityFactory(name="Karachi", province=province("SD")))

    assert [c.pk for c in CentreFilterSet({"q": "johar lahore"}).qs] == [wanted.pk]


def test_company_current_and_facility_match_one_tenancy():
    park, other = ParkFactory(slug="here"), ParkFactory(slug="there")
    here_now = CompanyFactory(slug="here-now")
    TenancyFactory(company=here_now, facility=park)
    was_here = CompanyFactory(slug="was-here")
    TenancyFactory(company=was_here, facility=park, ended_on=datetime.date(2024, 3, 1))
    TenancyFactory(company=was_here, facility=other)

    current_here = CompanyFilterSet({"facility": "here", "current": "true"}).qs
    former_here = CompanyFilterSet({"facility": "here", "current": "false"}).qs

    assert [c.slug for c in current_here] == ["here-now"]
    assert [c.slug for c in former_here] == ["was-here"]


def test_company_current_without_a_place_means_any_tenancy_runs_today():
    today = calendar.today()
    day = datetime.timedelta(days=1)
    ends_today = CompanyFactory(slug="ends-today")
    TenancyFactory(company=ends_today, started_on=today - 30 * day, ended_on=today)
    one_of_two = CompanyFactory(slug="one-of-two")
    TenancyFactory(company=one_of_two, ended_on=today - day)
    TenancyFactory(company=one_of_two, started_on=today - day)
    ended = CompanyFactory(slug="ended-yesterday")
    TenancyFactory(company=ended, started_on=today - 30 * day, ended_on=today - day)
    TenancyFactory(company=CompanyFactory(slug="starts-tomorrow"), started_on=today + day)
    CompanyFactory(slug="never-a-tenant")

    current = CompanyFilterSet({"current": "true"}).qs
    not_current = CompanyFilterSet({"current": "false"}).qs

    assert sorted(c.slug for c in current) == ["ends-today", "one-of-two"]
    assert sorted(c.slug for c in not_current) == [
        "ended-yesterday",
        "never-a-tenant",
        "starts-tomorrow",
    ]


def test_company_rows_are_not_repeated_by_several_tenancies():
    company = CompanyFactory()
    company.sectors.set(["software"])
    TenancyFactory.create_batch(3, company=company)

    assert CompanyFilterSet({"current": "1", "sector": "software"}).qs.count() == 1


def test_each_filterset_has_its_own_sort_filter_sharing_the_constant_orders():
    ParkFactory(name="Alpha")
    ParkFactory(name="Zeta")

    first, second = ParkFilterSet({"sort": "-name"}), ParkFilterSet({"sort": "name"})

    assert first.filters["sort"] is not second.filters["sort"]
    assert first.filters["sort"].parent is first
    assert first.filters["sort"].orders is ParkFilterSet.base_filters["sort"].orders
    assert [park.name for park in first.qs] == ["Zeta", "Alpha"]
    assert [park.name for park in second.qs] == ["Alpha", "Zeta"]
