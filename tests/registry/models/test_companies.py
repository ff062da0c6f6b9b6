import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.models import Company, Tenancy, normalise_company_name
from tests.factories import CompanyFactory, ParkFactory, TenancyFactory

D = datetime.date


@pytest.mark.parametrize("name", ["Acme Soft", "acme soft ", "ＡＣＭＥ Soft", "  ACME   SOFT"])
def test_names_of_the_same_company_share_one_key(name):
    assert normalise_company_name(name) == "acme soft"


def test_a_second_company_with_the_same_name_is_refused_in_words():
    CompanyFactory(name="Acme Soft", slug="acme-soft")
    duplicate = Company(name="ＡＣＭＥ soft ", slug="acme-2")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {
        "name": [
            "This company is already registered as “Acme Soft” (acme-soft); names are compared "
            "ignoring case, width and surrounding spaces."
        ]
    }


def test_registration_number_is_kept_as_digits():
    company = Company(name="Digits Ltd", slug="digits", secp_registration_no=" 012-3456 ")

    company.full_clean()

    assert company.secp_registration_no == "0123456"


def test_registration_number_with_letters_is_refused():
    company = Company(name="Letters Ltd", slug="letters", secp_registration_no="AB-123")

    with pytest.raises(ValidationError) as error:
        company.full_clean()

    assert "secp_registration_no" in error.value.message_dict


def test_empty_registration_numbers_do_not_collide():
    for n in range(2):
        company = Company(name=f"Blank {n}", slug=f"blank-{n}", secp_registration_no="")
        company.full_clean()
        company.save()

    assert Company.objects.filter(secp_registration_no__isnull=True).count() == 2


def test_ntn_takes_seven_digits_and_an_optional_check_digit():
    Company(name="Taxed", slug="taxed", ntn="1234567-8").full_clean()

    with pytest.raises(ValidationError):
        Company(name="Taxed", slug="taxed", ntn="12345").full_clean()


def test_overlapping_tenancy_is_refused_in_words():
    first = TenancyFactory(started_on=D(2024, 1, 1))
    overlap = Tenancy(company=first.company, facility=first.facility, started_on=D(2025, 1, 1))

    with pytest.raises(ValidationError) as error:
        overlap.full_clean()

    assert error.value.message_dict["started_on"] == [
        f"{first.company} already has a tenancy at {first.facility} from 1 January 2024 onwards"
        " that overlaps this one."
    ]


def test_current_tenants_include_the_last_day():
    park = ParkFactory()
    TenancyFactory(facility=park, started_on=D(2024, 1, 1), ended_on=D(2026, 11, 27))
    TenancyFactory(facility=park, started_on=D(2024, 1, 1), ended_on=D(2026, 11, 26))
    TenancyFactory(facility=park, started_on=D(2026, 11, 28))

    assert Tenancy.objects.current_on(D(2026, 11, 27)).count() == 1
    row = type(park).objects.with_current_tenants(D(2026, 11, 27)).get()
    assert row.current_tenants == 1
