"""Roles × actions in the admin (SPEC §5): every path, allowed and denied, forged requests too."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from centres.models import Centre
from registry.models import City, Company, Park, Role, Tenancy, WorkforceReport
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    OperatorFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
    staff,
)
from tests.registry.forms import empty_inlines, park_form


@pytest.fixture
def world():
    """A park and a centre with a report and a tenancy each, in Punjab and in Sindh."""
    places = {}
    for code, city_name in [("PB", "Lahore"), ("SD", "Karachi")]:
        city = CityFactory(name=city_name, slug=city_name.lower(), province=province(code))
        park = ParkFactory(name=f"{city_name} Park", slug=f"{city_name.lower()}-park", city=city)
        centre = CentreFactory(
            name=f"{city_name} Centre", slug=f"{city_name.lower()}-centre", city=city
        )
        places[code] = {
            "city": city,
            "park": park,
            "centre": centre,
            "report": ReportFactory(facility=park, period=datetime.date(2026, 9, 1)),
            "centre_report": ReportFactory(facility=centre, period=datetime.date(2026, 9, 1)),
            "tenancy": TenancyFactory(facility=park),
        }
    return places


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sindh_officer(world):
    return login(staff(Role.PROVINCIAL_OFFICER, provinces=["SD"]))


@pytest.fixture
def karachi_manager(world):
    return login(staff(Role.FACILITY_MANAGER, facilities=[world["SD"]["park"]]))


@pytest.fixture
def viewer(world):
    return login(staff(Role.VIEWER))


@pytest.fixture
def hq(world):
    return login(staff(Role.HQ_EDITOR))


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_rows(client, model):
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def with_version(client, obj, data):
    """Add the version token the change form carries, as a browser would send it back."""
    return {**data, "_version": client.get(change_url(obj)).context["version"]}


# Changelists: each role sees exactly the rows within its reach.


def test_officer_lists_only_their_provinces_records(sindh_officer, world):
    sindh = world["SD"]

    assert changelist_rows(sindh_officer, Park) == {sindh["park"]}
    assert changelist_rows(sindh_officer, Centre) == {sindh["centre"]}
    assert changelist_rows(sindh_officer, City) == {sindh["city"]}
    assert changelist_rows(sindh_officer, Tenancy) == {sindh["tenancy"]}
    assert changelist_rows(sindh_officer, WorkforceReport) == {
        sindh["report"],
        sindh["centre_report"],
    }


def test_manager_lists_only_their_facilitys_records(karachi_manager, world):
    sindh = world["SD"]

    assert changelist_rows(karachi_manager, Park) == {sindh["park"]}
    assert changelist_rows(karachi_manager, Centre) == set()
    assert changelist_rows(karachi_manager, Tenancy) == {sindh["tenancy"]}
    assert changelist_rows(karachi_manager, WorkforceReport) == {sindh["report"]}


@pytest.mark.parametrize("role_client", ["viewer", "hq"])
def test_viewer_and_hq_list_every_province(role_client, request, world):
    client = request.getfixturevalue(role_client)

    assert changelist_rows(client, Park) == {world["PB"]["park"], world["SD"]["park"]}
    assert len(changelist_rows(client, WorkforceReport)) == 4


def test_manager_may_not_open_cities(karachi_manager):
    response = karachi_manager.get(reverse("admin:registry_city_changelist"))

    assert response.status_code == 403


def test_staff_without_a_role_sees_no_registry(world):
    client = login(staff_without_role())

    assert client.get(reverse("admin:registry_park_changelist")).status_code == 403
    assert client.get(change_url(world["SD"]["park"])).status_code == 403


def staff_without_role():
    user = User.objects.create_user("clerk", password="Correct-Horse-7", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_park"))
    return user


# Change forms and forged POSTs.


@pytest.mark.parametrize("kind", ["park", "centre", "report", "tenancy", "city"])
def test_officer_cannot_open_another_provinces_record(sindh_officer, world, kind):
    response = sindh_officer.get(change_url(world["PB"][kind]))

    assert response.status_code == 403


def test_officer_opens_their_provinces_record(sindh_officer, world):
    response = sindh_officer.get(change_url(world["SD"]["park"]))

    assert response.status_code == 200
    assert response.context["has_change_permission"]


def test_forged_change_of_another_provinces_park_changes_nothing(sindh_officer, world):
    punjab_park = world["PB"]["park"]

    response = sindh_officer.post(change_url(punjab_park), park_form(punjab_park, name="Hijacked"))

    assert response.status_code == 403
    assert Park.objects.get(pk=punjab_park.pk).name == "Lahore Park"


def test_forged_delete_of_another_provinces_centre_changes_nothing(sindh_officer, world):
    centre = world["PB"]["centre"]
    url = reverse("admin:centres_centre_delete", args=[centre.pk])

    response = sindh_officer.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert Centre.objects.filter(pk=centre.pk).exists()


def test_forged_bulk_delete_skips_other_provinces_reports(sindh_officer, world):
    punjab, sindh = world["PB"]["report"], world["SD"]["report"]

    response = sindh_officer.post(
        reverse("admin:registry_workforcereport_changelist"),
        {"action": "delete_selected", "_selected_action": [punjab.pk, sindh.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert WorkforceReport.objects.filter(pk=punjab.pk).exists()
    assert not WorkforceReport.objects.filter(pk=sindh.pk).exists()


def test_officer_cannot_add_a_park_in_another_province(sindh_officer, world):
    lahore = world["PB"]["city"]
    data = park_form(world["SD"]["park"], slug="new-park", name="New Park", city=lahore.pk)

    response = sindh_officer.post(reverse("admin:registry_park_add"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["city"])
    assert not Park.objects.filter(slug="new-park").exists()


def test_officer_adds_a_park_in_their_province(sindh_officer, world):
    data = park_form(world["SD"]["park"], slug="new-park", name="New Park")

    response = sindh_officer.post(reverse("admin:registry_park_add"), data)

    assert response.status_code == 302
    assert Park.objects.get(slug="new-park").city == world["SD"]["city"]


def test_officer_cannot_move_their_park_into_another_province(sindh_officer, world):
    park = world["SD"]["park"]
    data = with_version(sindh_officer, park, park_form(park, city=world["PB"]["city"].pk))

    response = sindh_officer.post(change_url(park), data)

    assert response.status_code == 200
    assert "city" in response.context["adminform"].form.errors
    assert Park.objects.get(pk=park.pk).city == world["SD"]["city"]


def test_officer_cannot_file_a_report_for_another_provinces_facility(sindh_officer, world):
    response = sindh_officer.post(
        reverse("admin:registry_workforcereport_add"),
        {"facility": world["PB"]["park"].pk, "period": "2026-08-01", "workers": 5, "women": 1},
    )

    assert response.status_code == 200
    assert not WorkforceReport.objects.filter(period=datetime.date(2026, 8, 1)).exists()


def test_forged_inline_row_of_another_facility_changes_nothing(sindh_officer, world):
    park, punjab_report = world["SD"]["park"], world["PB"]["report"]
    data = park_form(park)
    data.update(
        {
            "reports-TOTAL_FORMS": 1,
            "reports-INITIAL_FORMS": 1,
            "reports-0-id": punjab_report.pk,
            "reports-0-facility": park.pk,
            "reports-0-period": "2026-09-01",
            "reports-0-workers": 1,
            "reports-0-women": 0,
        }
    )

    sindh_officer.post(change_url(park), with_version(sindh_officer, park, data))

    # Django drops an inline row whose id is not among the page's rows.
    assert WorkforceReport.objects.get(pk=punjab_report.pk).workers == 100
    assert set(WorkforceReport.objects.values_list("workers", flat=True)) == {100}


# Facility managers: their facility's reports and tenancies, not its own fields.


def test_manager_sees_their_facilitys_fields_read_only(karachi_manager, world):
    response = karachi_manager.get(change_url(world["SD"]["park"]))

    assert response.status_code == 200
    assert "name" not in response.context["adminform"].form.fields
    assert "city" in response.context["adminform"].readonly_fields


def test_manager_files_a_report_on_their_facility_page_but_not_its_name(karachi_manager, world):
    park = world["SD"]["park"]
    data = park_form(park, name="Renamed")
    data.update(
        {
            "reports-TOTAL_FORMS": 1,
            "reports-0-period": "2026-10-01",
            "reports-0-workers": 300,
            "reports-0-women": 90,
        }
    )

    response = karachi_manager.post(change_url(park), with_version(karachi_manager, park, data))

    assert response.status_code == 302
    assert Park.objects.get(pk=park.pk).name == "Karachi Park"
    assert park.reports.get(period=datetime.date(2026, 10, 1)).workers == 300


def test_manager_cannot_open_another_facility(karachi_manager, world):
    assert karachi_manager.get(change_url(world["SD"]["centre"])).status_code == 403
    assert karachi_manager.get(change_url(world["PB"]["report"])).status_code == 403


def test_manager_cannot_delete_their_facility(karachi_manager, world):
    park = world["SD"]["park"]

    response = karachi_manager.post(
        reverse("admin:registry_park_delete", args=[park.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Park.objects.filter(pk=park.pk).exists()


# Companies are shared: officers and managers view and add them; only HQ changes them.


def test_officer_adds_a_company_but_cannot_change_one(sindh_officer):
    company = CompanyFactory(name="Acme Soft")

    added = sindh_officer.post(
        reverse("admin:registry_company_add"),
        {"name": "Karachi Bytes", "slug": "karachi-bytes", **empty_inlines("tenancies")},
    )
    changed = sindh_officer.post(change_url(company), {"name": "Renamed", "slug": company.slug})

    assert added.status_code == 302
    assert Company.objects.filter(slug="karachi-bytes").exists()
    assert changed.status_code == 403
    assert Company.objects.get(pk=company.pk).name == "Acme Soft"


def test_company_page_shows_an_officer_only_their_tenancies(sindh_officer, world):
    company = CompanyFactory()
    TenancyFactory(company=company, facility=world["PB"]["park"])
    mine = TenancyFactory(company=company, facility=world["SD"]["park"])

    response = sindh_officer.get(change_url(company))

    inline = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in inline.forms] == [mine]


# Viewers read everything and change nothing.


def test_viewer_opens_any_record_read_only(viewer, world):
    response = viewer.get(change_url(world["PB"]["park"]))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_viewer_cannot_change_add_or_delete(viewer, world):
    park = world["PB"]["park"]

    changed = viewer.post(change_url(park), park_form(park, name="Hijacked"))
    added = viewer.post(reverse("admin:registry_park_add"), park_form(park, slug="x"))
    deleted = viewer.post(reverse("admin:registry_park_delete", args=[park.pk]), {"post": "yes"})

    assert (changed.status_code, added.status_code, deleted.status_code) == (403, 403, 403)
    assert Park.objects.get(pk=park.pk).name == "Lahore Park"
    assert Park.objects.count() == 2


def test_only_hq_edits_staff_assignments(sindh_officer, hq):
    url = reverse("admin:registry_staffassignment_changelist")

    assert sindh_officer.get(url).status_code == 403
    assert hq.get(url).status_code == 200


# Autocomplete endpoints answer only with records within reach.


def autocomplete(client, model_name, field_name, term=""):
    return client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "registry", "model_name": model_name, "field_name": field_name},
    )


def test_facility_autocomplete_offers_an_officer_only_their_provinces(sindh_officer):
    response = autocomplete(sindh_officer, "tenancy", "facility")

    assert response.status_code == 200
    assert {row["text"] for row in response.json()["results"]} == {"Karachi Park", "Karachi Centre"}


def test_facility_autocomplete_does_not_leak_a_searched_name(sindh_officer):
    response = autocomplete(sindh_officer, "workforcereport", "facility", term="Lahore")

    assert response.json()["results"] == []


def test_city_autocomplete_offers_an_officer_only_their_provinces(sindh_officer):
    response = autocomplete(sindh_officer, "park", "city")

    assert [row["text"] for row in response.json()["results"]] == ["Karachi"]


def test_facility_autocomplete_offers_a_manager_only_their_facility(karachi_manager):
    response = autocomplete(karachi_manager, "tenancy", "facility")

    assert [row["text"] for row in response.json()["results"]] == ["Karachi Park"]


def test_company_autocomplete_offers_every_company(sindh_officer):
    CompanyFactory(name="Lahore Soft")

    response = autocomplete(sindh_officer, "tenancy", "company", term="Lahore")

    assert [row["text"] for row in response.json()["results"]] == ["Lahore Soft"]


# History pages follow the record's reach; the registry-wide page is HQ's.


def test_history_of_another_provinces_record_is_refused(sindh_officer, world):
    punjab, sindh = world["PB"]["park"], world["SD"]["park"]
    version = punjab.history.first()

    mine = sindh_officer.get(reverse("admin:registry_park_history", args=[sindh.pk]))
    theirs = sindh_officer.get(reverse("admin:registry_park_history", args=[punjab.pk]))
    old_version = sindh_officer.get(
        reverse("admin:registry_park_simple_history", args=[punjab.pk, version.history_id])
    )

    assert (mine.status_code, theirs.status_code, old_version.status_code) == (200, 403, 403)


def test_history_of_a_deleted_record_stays_out_of_reach(sindh_officer, world):
    report = world["PB"]["report"]
    report_id = report.pk
    report.delete()

    response = sindh_officer.get(
        reverse("admin:registry_workforcereport_history", args=[report_id])
    )

    assert response.status_code == 403


@pytest.mark.parametrize("role_client", ["sindh_officer", "karachi_manager", "viewer"])
def test_recent_changes_page_is_for_hq_only(role_client, request):
    client = request.getfixturevalue(role_client)

    assert client.get(reverse("admin:recent_changes")).status_code == 403


def test_index_lists_only_overdue_facilities_within_reach(sindh_officer, world):
    late = ParkFactory(name="Late Lahore Park", city=world["PB"]["city"])
    ReportFactory(facility=late, period=datetime.date(2020, 1, 1))
    mine = ParkFactory(name="Late Karachi Park", city=world["SD"]["city"])
    ReportFactory(facility=mine, period=datetime.date(2020, 1, 1))

    response = sindh_officer.get(reverse("admin:index"))

    assert [f.name for f in response.context["overdue_facilities"]] == ["Late Karachi Park"]


# Exports keep to the rows within reach.


def test_officer_export_holds_only_their_provinces_parks(sindh_officer):
    response = sindh_officer.post(reverse("admin:registry_park_export"), {"format": "0"})

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "karachi-park" in text and "lahore-park" not in text


def test_viewer_may_export_but_not_import(viewer):
    assert viewer.get(reverse("admin:registry_park_export")).status_code == 200
    assert viewer.get(reverse("admin:registry_park_import")).status_code == 403


def test_manager_may_not_import_parks(karachi_manager):
    assert karachi_manager.get(reverse("admin:registry_park_import")).status_code == 403


def test_operator_list_is_read_only_for_officers(sindh_officer):
    operator = OperatorFactory()

    response = sindh_officer.post(
        change_url(operator),
        {"name": "X", "short_name": "X", "slug": operator.slug, "kind": "federal"},
    )

    assert response.status_code == 403


def test_hq_assigns_a_role_and_provinces_to_a_staff_account(hq, world):
    clerk = User.objects.create_user("saima", password="Correct-Horse-7", is_staff=True)

    response = hq.post(
        reverse("admin:registry_staffassignment_add"),
        {"user": clerk.pk, "role": Role.PROVINCIAL_OFFICER, "provinces": ["SD"]},
    )

    assert response.status_code == 302
    assert [group.name for group in clerk.groups.all()] == ["Provincial officer"]
    assert changelist_rows(login(clerk), Park) == {world["SD"]["park"]}


def test_an_officer_needs_a_province(hq):
    clerk = User.objects.create_user("saima", password="Correct-Horse-7", is_staff=True)

    response = hq.post(
        reverse("admin:registry_staffassignment_add"),
        {"user": clerk.pk, "role": Role.PROVINCIAL_OFFICER},
    )

    assert response.status_code == 200
    assert "needs at least one province" in response.text
    assert not clerk.groups.exists()


@pytest.mark.parametrize(
    "changelist",
    ["registry_park", "centres_centre", "registry_tenancy", "registry_workforcereport"],
)
def test_an_officers_changelists_answer_with_bounded_queries(
    sindh_officer, world, changelist, django_assert_max_num_queries
):
    url = reverse(f"admin:{changelist}_changelist")
    with django_assert_max_num_queries(18):
        small = sindh_officer.get(url)
    for _ in range(20):
        park = ParkFactory(city=world["SD"]["city"])
        ReportFactory(facility=park)
        TenancyFactory(facility=park)
    with django_assert_max_num_queries(18):
        large = sindh_officer.get(url)

    assert small.status_code == large.status_code == 200
