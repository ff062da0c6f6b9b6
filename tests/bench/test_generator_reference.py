"""The generator's reference data: the demo's cities, one province → operator map."""

import datetime
import random
from decimal import Decimal

from bench.generator import Generator
from bench.generator.activity import received_day
from bench.generator.reference import CITY_WEIGHTS, demo_cities, park_operators
from registry.models import City, Facility
from registry.models.returns import due_on

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


def test_generated_reports_are_received_mostly_on_time_some_late_a_few_unknown():
    rng, as_of = random.Random(7), datetime.date(2026, 11, 27)
    months = [datetime.date(2025, month, 1) for month in range(1, 13)] * 200
    days = [(month, received_day(rng, month, as_of)) for month in months]

    unknown = sum(day is None for _, day in days)
    on_time = sum(day is not None and day <= due_on(month) for month, day in days)
    assert all(day is None or month <= day <= as_of for month, day in days)
    assert 0.02 < unknown / len(days) < 0.07
    assert 0.75 < on_time / len(days) < 0.88
