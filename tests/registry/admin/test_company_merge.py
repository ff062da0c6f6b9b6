"""HQ's "merge companies" (SPEC §5, issue 20 item 7): a confirmation page choosing the kept
company, tenancies moved, refusals (overlap, registration numbers), the dropped company's page
answering 301 in both languages, both histories kept, and only HQ may merge."""

import datetime

import pytest
from django.urls import reverse

from registry.importers import load_files
from registry.models import Company, CompanyRedirect, Role, Tenancy
from registry.models.merges import merge_refusals
from tests.factories import CompanyFactory, ParkFactory, TenancyFactory, staff

CHANGELIST = "admin:registry_company_changelist"


def merge(client, companies, kept=None):
    """Post the merge action; with kept, confirm it on the intermediate page."""
    data = {"action": "merge_companies", "_selected_action": [c.pk for c in companies]}
    if kept is not None:
        data |= {"confirm": "1", "kept": kept.pk}
    return client.post(reverse(CHANGELIST), data)


@pytest.fixture
def pair():
    park = ParkFactory(name="Arfa Tower")
    kept = CompanyFactory(name="Acme Software (Pvt) Ltd", slug="acme-software")
    dropped = CompanyFactory(
        name="Acme Soft", slug="acme-soft", secp_registration_no="0123456", website=""
    )
    TenancyFactory(
        company=kept,
        facility=park,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 12, 31),
    )
    TenancyFactory(company=dropped, facility=park, started_on=datetime.date(2022, 1, 1))
    TenancyFactory(company=dropped, facility=ParkFactory(), started_on=datetime.date(2023, 5, 1))
    return kept, dropped


def test_the_action_first_asks_which_company_to_keep(hq, pair):
    kept, dropped = pair

    page = merge(hq, [kept, dropped])

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="kept"' in html and f'value="{dropped.pk}"' in html
    assert "Arfa Tower from 2022-01-01 onwards" in html
    assert Company.objects.filter(pk=dropped.pk).exists()


def test_merging_moves_the_tenancies_and_keeps_the_kept_companys_record(hq, pair):
    kept, dropped = pair

    response = merge(hq, [kept, dropped], kept=kept)

    assert response.status_code == 302
    assert not Company.objects.filter(pk=dropped.pk).exists()
    assert Tenancy.objects.filter(company=kept).count() == 3
    kept = Company.objects.get(pk=kept.pk)
    # The kept company's empty registration number is filled from the dropped one's.
    assert kept.secp_registration_no == "0123456"
    assert hq.get(reverse("company-detail", args=["acme-software"])).status_code == 200


def test_the_dropped_companys_page_answers_301_to_the_kept_ones_in_both_languages(hq, pair):
    kept, dropped = pair
    merge(hq, [kept, dropped], kept=kept)

    english = hq.get("/companies/acme-soft/?tab=tenants")
    urdu = hq.get("/ur/companies/acme-soft/")

    assert english.status_code == urdu.status_code == 301
    assert english["Location"] == "/companies/acme-software/?tab=tenants"
    assert urdu["Location"] == "/ur/companies/acme-software/"
    assert hq.get("/companies/never-was/").status_code == 404


def test_both_histories_stay_readable_with_the_merge_as_their_reason(hq, pair):
    kept, dropped = pair
    dropped_id = dropped.pk
    merge(hq, [kept, dropped], kept=kept)

    dropped_history = Company.history.filter(id=dropped_id).order_by("history_date")
    assert [row.history_type for row in dropped_history] == ["+", "-"]
    assert dropped_history.last().history_change_reason == (
        "Merged into “Acme Software (Pvt) Ltd” (acme-software)"
    )
    page = hq.get(reverse("admin:registry_company_history", args=[dropped_id]))
    assert page.status_code == 200
    assert "Merged into" in page.content.decode()

    kept_reason = Company.history.filter(id=kept.pk).latest().history_change_reason
    assert kept_reason.startswith("Merged “Acme Soft” (acme-soft) into this company")
    for tenancy in Tenancy.objects.filter(company=kept, started_on__gte=datetime.date(2022, 1, 1)):
        latest = tenancy.history.latest()
        assert latest.history_change_reason.startswith("Moved from “Acme Soft” (acme-soft)")
        assert latest.history_user.username == "amna"
        assert tenancy.history.earliest().company_id == dropped_id


def test_a_merge_whose_tenancies_would_overlap_is_refused(hq, pair):
    kept, dropped = pair
    Tenancy.objects.filter(company=kept).update(ended_on=datetime.date(2022, 6, 30))

    page = merge(hq, [kept, dropped])
    confirmed = merge(hq, [kept, dropped], kept=kept)

    assert "cannot be merged" in page.content.decode()
    assert "Merge into the company chosen" not in page.content.decode()
    assert confirmed.status_code == 400
    assert "overlaps" in confirmed.content.decode()
    assert Company.objects.filter(pk=dropped.pk).exists()
    assert Tenancy.objects.filter(company=dropped).count() == 2


def test_an_open_ended_tenancy_overlaps_any_later_one():
    park = ParkFactory()
    kept, dropped = CompanyFactory(), CompanyFactory()
    TenancyFactory(company=kept, facility=park, started_on=datetime.date(2019, 1, 1))
    TenancyFactory(
        company=dropped,
        facility=park,
        started_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2025, 3, 1),
    )
    assert len(merge_refusals(kept, [dropped])) == 1
    assert len(merge_refusals(dropped, [kept])) == 1
    Tenancy.objects.filter(company=kept).update(ended_on=datetime.date(2024, 12, 31))
    assert merge_refusals(kept, [dropped]) == []


def test_a_merge_of_companies_with_two_registration_numbers_is_refused(hq, pair):
    kept, dropped = pair
    Company.objects.filter(pk=kept.pk).update(secp_registration_no="0999999")

    confirmed = merge(hq, [kept, dropped], kept=kept)

    assert confirmed.status_code == 400
    assert "registration numbers differ (0123456, 0999999)" in confirmed.content.decode()
    assert Company.objects.filter(pk=dropped.pk).exists()


def test_a_merged_slug_cannot_be_taken_by_a_new_company(hq, pair, add_company):
    kept, dropped = pair
    merge(hq, [kept, dropped], kept=kept)

    response = add_company(hq, "Qalam Works", "acme-soft")

    assert response.status_code == 200
    assert "merged into" in str(response.context["adminform"].form.errors["slug"])
    assert CompanyRedirect.objects.get(old_slug="acme-soft").company_id == kept.pk


def test_merging_again_moves_the_earlier_redirects_along(hq, pair):
    kept, dropped = pair
    merge(hq, [kept, dropped], kept=kept)
    third = CompanyFactory(name="Acme Soft Solutions", slug="acme-soft-solutions")

    merge(hq, [third, Company.objects.get(pk=kept.pk)], kept=third)

    assert hq.get("/companies/acme-soft/")["Location"] == "/companies/acme-soft-solutions/"
    assert hq.get("/companies/acme-software/")["Location"] == "/companies/acme-soft-solutions/"


@pytest.mark.parametrize("role", [Role.PROVINCIAL_OFFICER, Role.FACILITY_MANAGER, Role.VIEWER])
def test_only_hq_may_merge(role, pair, sign_in):
    kept, dropped = pair
    facility = Tenancy.objects.filter(company=dropped).first().facility
    user = staff(role, username="clerk", provinces=["PB"], facilities=[facility])
    client = sign_in(user)

    listing = client.get(reverse(CHANGELIST))
    forged = merge(client, [kept, dropped], kept=kept)

    assert "merge_companies" not in listing.content.decode()
    assert forged.status_code in (200, 302, 403)
    assert 'name="kept"' not in forged.content.decode()
    assert Company.objects.filter(pk=dropped.pk).exists()
    assert not CompanyRedirect.objects.exists()


def test_merging_one_company_is_refused_with_a_message(hq, pair):
    kept, _ = pair

    response = merge(hq, [kept], kept=kept)

    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_import_registry_refuses_a_new_company_on_a_merged_slug(hq, pair, tmp_path):
    kept, dropped = pair
    merge(hq, [kept, dropped], kept=kept)
    path = tmp_path / "companies.csv"
    path.write_text("slug,name\nacme-soft,Qalam Works\n")

    report = load_files([path], by="import_registry")

    assert any(
        "companies.csv:2: slug: This slug belonged to a company merged" in e for e in report.errors
    )
    assert not Company.objects.filter(slug="acme-soft").exists()
