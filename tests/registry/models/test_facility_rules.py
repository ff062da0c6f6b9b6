import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from centres.models import Centre
from registry.models import Facility, calendar
from registry.models.places import OUTSIDE_PAKISTAN
from tests.factories import CentreFactory, CityFactory, OperatorFactory, ParkFactory

D = datetime.date


def errors_of(record):
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


def test_operational_park_needs_its_opening_date():
    park = ParkFactory.build(status="operational", opened_on=None)

    assert errors_of(park)["opened_on"] == ["An operational park needs its opening date."]


def test_operational_centre_needs_its_launch_date():
    centre = CentreFactory.build(status="operational", opened_on=None)

    assert errors_of(centre)["opened_on"] == ["An operational centre needs its launch date."]


def test_closed_facility_needs_the_date_it_closed():
    park = ParkFactory.build(status="closed", closed_on=None)

    assert errors_of(park)["closed_on"] == ["A closed park needs the date it closed."]


def test_closing_date_must_follow_opening_date():
    park = ParkFactory.build(status="closed", opened_on=D(2024, 3, 1), closed_on=D(2024, 3, 1))

    assert errors_of(park)["closed_on"][0].startswith("The closing date must be after")


def test_no_date_in_the_future():
    tomorrow = calendar.today() + datetime.timedelta(days=2)

    assert "opened_on" in errors_of(ParkFactory.build(opened_on=tomorrow))


def test_park_cannot_take_a_centre_status():
    park = ParkFactory.build(status="setting_up", opened_on=None)

    assert "status" in errors_of(park)


def test_coordinates_must_lie_inside_pakistan():
    park = ParkFactory.build(
        city=CityFactory(), operator=OperatorFactory(), latitude=Decimal("51.5"), longitude=1
    )

    assert errors_of(park) == {"__all__": [OUTSIDE_PAKISTAN]}


def test_slugs_are_unique_across_parks_and_centres():
    ParkFactory(slug="shared-slug")
    centre = CentreFactory.build(slug="shared-slug")

    assert "slug" in errors_of(centre)


def test_kind_follows_the_model():
    park, centre = ParkFactory(), CentreFactory()

    assert {f.pk: f.kind for f in Facility.objects.all()} == {
        park.pk: "park",
        centre.pk: "centre",
    }


def test_location_falls_back_to_the_city():
    park = ParkFactory(latitude=None, longitude=None)

    assert park.location == (park.city.latitude, park.city.longitude)


def test_operational_on_counts_launched_and_not_yet_closed():
    day = D(2026, 11, 27)
    CentreFactory(name="Open", opened_on=D(2024, 2, 6))
    CentreFactory(name="Suspended", status="suspended", opened_on=D(2024, 5, 1))
    CentreFactory(name="Closed", status="closed", opened_on=D(2024, 5, 1), closed_on=D(2025, 1, 1))
    CentreFactory(name="Closes today", status="closed", opened_on=D(2024, 5, 1), closed_on=day)
    CentreFactory(name="Launches today", opened_on=day)
    CentreFactory(name="Setting up", status="setting_up", opened_on=None)

    names = set(Centre.objects.operational_on(day).values_list("name", flat=True))

    assert names == {"Open", "Suspended", "Launches today"}
    assert set(Centre.objects.operational_on(D(2024, 12, 31)).values_list("name", flat=True)) == {
        "Open",
        "Suspended",
        "Closed",
        "Closes today",
    }
