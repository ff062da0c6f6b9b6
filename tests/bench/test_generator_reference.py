"""The generator's reference data: the demo's cities, one province → operator map."""

import datetime
from decimal import Decimal

from bench.generator import Generator
from bench.generator.reference import CITY_WEIGHTS, demo_cities, park_operators
from registry.models import City, Facility

AS_OF = datetime.date(2026, 11, 15)


def test_the_cities_are_the_demo_files_rows():
    Generator(scale=0.05, seed=1, as_of=AS_OF).run()

    stored = {
        city.slug: (city.name, city.province_id, city.latitude, city.longitude, city.name_ur)
        for city in City.objects.all()
    }
    assert stored == {
        row["slug"]: (
            row["name"],
            row["province"],
            Decimal(row["latitude"]),
            Decimal(row["longitude"]),
            row["name_ur"],
        )
        for row in demo_cities()
    }


def test_weights_name_only_cities_of_the_demo_file():
    assert set(CITY_WEIGHTS) <= {row["slug"] for row in demo_cities()}


def test_facilities_stand_in_the_demo_cities_across_provinces():
    Generator(scale=0.5, seed=1, as_of=AS_OF).run()

    provinces = set(Facility.objects.values_list("city__province", flat=True))
    assert provinces == {row["province"] for row in demo_cities()}


def test_a_provincial_board_shares_its_parks_with_pseb_and_sco_runs_its_own_alone():
    assert park_operators("PB") == ["pseb", "pitb"]
    assert park_operators("KP") == ["pseb", "kpitb"]
    assert park_operators("GB") == park_operators("AJK") == ["sco"]
    assert park_operators("SD") == ["pseb"]


def test_generated_parks_and_centres_have_the_operators_of_their_province():
    Generator(scale=0.5, seed=2, as_of=AS_OF).run()

    pairs = set(Facility.objects.values_list("kind", "city__province", "operator__slug"))
    assert {province for kind, province, operator in pairs if operator == "sco"} <= {"GB", "AJK"}
    assert {province for kind, province, operator in pairs if operator == "pitb"} == {"PB"}
    assert {province for kind, province, operator in pairs if operator == "kpitb"} <= {"KP"}
