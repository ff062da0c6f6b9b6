"""The reference data a generated registry stands on: cities, operators, programmes, targets.

The cities are the demo's (registry/fixtures/demo/cities.csv), the one list of cities in the
repository; this module adds only how big an IT market each is.
"""

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal

from centres.models import Programme, Target
from registry.management.commands.load_demo import DEMO_DIR
from registry.models import City, Operator, OperatorKind, Province

CITIES_CSV = DEMO_DIR / "cities.csv"
# How many facilities a city draws, relative to the others: bigger IT markets get more. By
# province; the cities themselves are drawn in the order of the demo's file.
CITY_WEIGHTS = {
    "islamabad": 9,
    "lahore": 14,
    "rawalpindi": 5,
    "faisalabad": 5,
    "multan": 3,
    "gujranwala": 3,
    "sialkot": 2,
    "gujrat": 1,
    "bahawalpur": 1.5,
    "rahim-yar-khan": 1,
    "sargodha": 1.5,
    "sahiwal": 1,
    "dera-ghazi-khan": 1,
    "okara": 0.7,
    "chakwal": 0.5,
    "taxila": 0.5,
    "karachi": 16,
    "hyderabad": 2.5,
    "jamshoro": 0.7,
    "nawabshah": 0.7,
    "sukkur": 1,
    "larkana": 0.8,
    "peshawar": 4,
    "abbottabad": 1,
    "mansehra": 0.5,
    "mingora": 0.8,
    "mardan": 0.8,
    "bannu": 0.5,
    "kohat": 0.5,
    "dera-ismail-khan": 0.6,
    "chitral": 0.3,
    "quetta": 2.5,
    "khuzdar": 0.4,
    "turbat": 0.3,
    "gwadar": 0.4,
    "gilgit": 0.7,
    "skardu": 0.4,
    "gakuch": 0.2,
    "aliabad": 0.2,
    "muzaffarabad": 1,
    "mirpur": 0.8,
    "rawalakot": 0.3,
    "kotli": 0.3,
    "bagh": 0.3,
}
# A city of the demo without a weight above is a small market.
SMALL_MARKET = 0.3

OPERATORS = [
    ("pseb", "Pakistan Software Export Board", "PSEB", OperatorKind.FEDERAL),
    ("pitb", "Punjab Information Technology Board", "PITB", OperatorKind.PROVINCIAL),
    ("sco", "Special Communications Organization", "SCO", OperatorKind.MILITARY),
    ("kpitb", "Khyber Pakhtunkhwa Information Technology Board", "KPITB", OperatorKind.PROVINCIAL),
]
FEDERAL_OPERATOR = "pseb"
# The operator of each province's own parks and centres; PSEB runs them everywhere else. A
# provincial board shares its province with PSEB; SCO, in Gilgit-Baltistan and AJK, runs the
# parks there alone.
PROVINCE_OPERATORS = {"PB": "pitb", "KP": "kpitb", "GB": "sco", "AJK": "sco"}

FEDERAL = "federal-e-rozgaar"
PUNJAB = "punjab-e-rozgaar"
PROGRAMMES = [
    (FEDERAL, "Federal e-Rozgaar centres (2024–)", FEDERAL_OPERATOR),
    (PUNJAB, "Punjab e-Rozgaar (2017–)", "pitb"),
]
# SPEC §3.2: the seeded targets of the federal programme, with the quota plan of August 2024.
TARGET_SOURCE = "Pakistan Economic Survey 2024-25; quota plan of August 2024"
TARGETS = [
    (Target.Metric.CENTRES_OPERATIONAL, 50, 2025),
    (Target.Metric.CENTRES_OPERATIONAL, 250, 2027),
    (Target.Metric.JOBS_AT_CENTRES, 20000, 2027),
]
PROVINCE_QUOTAS = {"PB": 149, "SD": 51, "KP": 28, "IS": 11, "BA": 6, "AJK": 3, "GB": 2}

PROGRAMME_STARTS = {FEDERAL: datetime.date(2024, 2, 6), PUNJAB: datetime.date(2017, 5, 1)}
FIRST_PARK = datetime.date(2012, 2, 1)


def demo_cities() -> list[dict[str, str]]:
    """Return the rows of the demo's cities.csv, in the file's order."""
    with CITIES_CSV.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def park_operators(province: str) -> list[str]:
    """Return the operators a park in the province is drawn from."""
    local = PROVINCE_OPERATORS.get(province)
    if local is None:
        return [FEDERAL_OPERATOR]
    kinds = {slug: kind for slug, _, _, kind in OPERATORS}
    if kinds[local] == OperatorKind.PROVINCIAL:
        return [FEDERAL_OPERATOR, local]
    return [local]


def centre_partner(province: str) -> str:
    """Return the operator of a centre the federal programme does not run itself."""
    return PROVINCE_OPERATORS.get(province, FEDERAL_OPERATOR)


@dataclass(frozen=True)
class Reference:
    """The reference rows of one run: cities with their weights, operators and programmes."""

    cities: list[tuple[City, float]]
    operators: dict[str, Operator]
    programmes: dict[str, Programme]


def load_reference_data() -> Reference:
    """Create the cities, operators, programmes and seeded targets that are missing."""
    provinces = {p.code: p for p in Province.objects.all()}
    cities = []
    for row in demo_cities():
        city, _ = City.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "province": provinces[row["province"]],
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
                "name_ur": row["name_ur"],
            },
        )
        cities.append((city, CITY_WEIGHTS.get(row["slug"], SMALL_MARKET)))
    operators = {
        slug: Operator.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "kind": kind}
        )[0]
        for slug, name, short, kind in OPERATORS
    }
    programmes = {
        slug: Programme.objects.get_or_create(
            slug=slug, defaults={"name": name, "operator": operators[operator]}
        )[0]
        for slug, name, operator in PROGRAMMES
    }
    targets = [(metric, value, year, None) for metric, value, year in TARGETS]
    targets += [
        (Target.Metric.CENTRES_OPERATIONAL, quota, 2027, provinces[code])
        for code, quota in PROVINCE_QUOTAS.items()
    ]
    for metric, value, year, province in targets:
        Target.objects.get_or_create(
            metric=metric,
            fiscal_year=year,
            programme=programmes[FEDERAL],
            province=province,
            defaults={"value": value, "source": TARGET_SOURCE},
        )
    return Reference(cities=cities, operators=operators, programmes=programmes)
