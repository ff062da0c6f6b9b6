"""Planned parks and centres: cities by weight, statuses across the pipeline, dates to fit."""

import datetime
import math
import random

from centres.models import Centre, HostType, Programme
from registry.models import CentreStatus, City, Facility, Operator, Park, ParkStatus
from registry.models.calendar import fiscal_year
from registry.models.statuses import OPENED_STATUSES

from .companies import NAME_FIRST
from .draws import SLUG_PREFIX, day_between, near, pick, scaled
from .reference import (
    FEDERAL,
    FEDERAL_OPERATOR,
    FIRST_PARK,
    PROGRAMME_STARTS,
    PROVINCE_QUOTAS,
    PUNJAB,
    centre_partner,
    park_operators,
)

PARKS_PER_SCALE = 50
FEDERAL_CENTRES_PER_SCALE = 160
PUNJAB_CENTRES_PER_SCALE = 90

CENTRE_NAMES = {FEDERAL: ("e-Rozgaar Centre", "erc"), PUNJAB: ("Punjab e-Rozgaar Centre", "perc")}
PARK_STATUSES = {
    ParkStatus.OPERATIONAL: 70,
    ParkStatus.CLOSED: 8,
    ParkStatus.UNDER_CONSTRUCTION: 12,
    ParkStatus.PLANNED: 10,
}
CENTRE_STATUSES = {
    FEDERAL: {
        CentreStatus.OPERATIONAL: 55,
        CentreStatus.SETTING_UP: 14,
        CentreStatus.APPROVED: 12,
        CentreStatus.PROPOSED: 9,
        CentreStatus.SUSPENDED: 5,
        CentreStatus.CLOSED: 5,
    },
    PUNJAB: {
        CentreStatus.OPERATIONAL: 64,
        CentreStatus.CLOSED: 18,
        CentreStatus.SUSPENDED: 10,
        CentreStatus.SETTING_UP: 4,
        CentreStatus.APPROVED: 4,
    },
}
HOST_TYPES = {
    FEDERAL: {
        HostType.UNIVERSITY: 30,
        HostType.COLLEGE: 20,
        HostType.PUBLIC_BUILDING: 20,
        HostType.PRIVATE_PARTNER: 30,
    },
    PUNJAB: {HostType.UNIVERSITY: 55, HostType.COLLEGE: 45},
}
HOSTS = {
    HostType.UNIVERSITY: ["University of {city}", "{city} University of Technology"],
    HostType.COLLEGE: ["Government College {city}", "Government Degree College {city}"],
    HostType.PUBLIC_BUILDING: ["{city} District Council Hall", "{city} Civic Centre"],
    HostType.PRIVATE_PARTNER: ["{word} Business Centre", "{word} Towers"],
}
AREAS = [
    "Blue Area",
    "Gulberg",
    "Model Town",
    "Cantt",
    "University Road",
    "Industrial Estate",
    "Saddar",
    "Civil Lines",
    "Main Boulevard",
    "Satellite Town",
]


class FacilityPlan:
    """Plans the parks and centres of one run, unsaved, from one random stream."""

    def __init__(
        self,
        rng: random.Random,
        *,
        as_of: datetime.date,
        cities: list[tuple[City, float]],
        operators: dict[str, Operator],
        programmes: dict[str, Programme],
    ) -> None:
        self.rng, self.as_of = rng, as_of
        self.cities, self.operators, self.programmes = cities, operators, programmes
        self.per_city = {}

    def facilities(self, scale: float) -> list[Facility]:
        """Return unsaved parks and centres: cities by weight, statuses across the pipeline."""
        rng, cities = self.rng, self.cities
        parks = [
            self.park(rng.choices(cities, weights=[w for _, w in cities])[0][0])
            for _ in range(scaled(PARKS_PER_SCALE, scale))
        ]
        # Federal centres follow the province quotas; Punjab's stay in Punjab.
        federal = []
        for _ in range(scaled(FEDERAL_CENTRES_PER_SCALE, scale)):
            province = pick(rng, PROVINCE_QUOTAS)
            in_province = [(c, w) for c, w in cities if c.province_id == province]
            city = rng.choices(in_province, weights=[w for _, w in in_province])[0][0]
            federal.append(self.centre(city, FEDERAL))
        punjab_cities = [(c, w) for c, w in cities if c.province_id == "PB"]
        punjab = [
            self.centre(
                rng.choices(punjab_cities, weights=[w for _, w in punjab_cities])[0][0], PUNJAB
            )
            for _ in range(scaled(PUNJAB_CENTRES_PER_SCALE, scale))
        ]
        return parks + federal + punjab

    def number_in_city(self, kind: str, city: City) -> int:
        """Return the next number of a facility of this kind in the city, from 1."""
        key = (kind, city.slug)
        self.per_city[key] = self.per_city.get(key, 0) + 1
        return self.per_city[key]

    def dates(
        self, status: str, first_day: datetime.date, skew: float
    ) -> tuple[datetime.date | None, datetime.date | None]:
        """Return (opened_on, closed_on) fitting the status; closed ones ran at least 90 days."""
        rng = self.rng
        last_day = self.as_of - datetime.timedelta(days=1)
        if status == ParkStatus.CLOSED:
            opened = day_between(rng, first_day, self.as_of - datetime.timedelta(days=200))
            return opened, day_between(rng, opened + datetime.timedelta(days=90), last_day)
        if status in OPENED_STATUSES:
            return day_between(rng, first_day, last_day, skew), None
        return None, None

    def place(self, facility: Facility, city: City) -> None:
        """Put the facility in the city: an address, and most often coordinates near it."""
        rng = self.rng
        facility.city = city
        facility.address = f"Plot {rng.randint(1, 400)}, {rng.choice(AREAS)}, {city.name}"
        if rng.random() < 0.7:
            facility.latitude = near(rng, city.latitude)
            facility.longitude = near(rng, city.longitude)

    def park(self, city: City) -> Park:
        """Return an unsaved park in the city."""
        rng = self.rng
        status = pick(rng, PARK_STATUSES)
        opened, closed = self.dates(status, FIRST_PARK, skew=1.0)
        seats = max(20, round(rng.lognormvariate(math.log(220), 0.6) / 10) * 10)
        number = self.number_in_city("park", city)
        park = Park(
            slug=f"{SLUG_PREFIX}stp-{city.slug}-{number}",
            name=f"{city.name} Software Technology Park {number}",
            name_ur=f"سافٹ ویئر ٹیکنالوجی پارک {city.name_ur} {number}" if city.name_ur else "",
            operator=self.operators[rng.choice(park_operators(city.province_id))],
            status=status,
            opened_on=opened,
            closed_on=closed,
            seats=seats,
            area_sqft=round(seats * rng.uniform(45, 80) / 100) * 100,
        )
        self.place(park, city)
        return park

    def centre(self, city: City, programme: str) -> Centre:
        """Return an unsaved centre of the programme in the city."""
        rng = self.rng
        status = pick(rng, CENTRE_STATUSES[programme])
        start = PROGRAMME_STARTS[programme]
        if programme == PUNJAB and rng.random() < 0.5:
            # The first wave: about half of Punjab's centres opened in 2017.
            opened, closed = self.dates(status, start, skew=1.0)
            if opened:
                opened = day_between(rng, start, datetime.date(2017, 12, 31))
                closed = closed and max(closed, opened + datetime.timedelta(days=90))
        else:
            opened, closed = self.dates(status, start, skew=0.8)
        if programme == FEDERAL and rng.random() < 0.85:
            operator = FEDERAL_OPERATOR
        else:
            operator = centre_partner(city.province_id)
        host_type = pick(rng, HOST_TYPES[programme])
        host = rng.choice(HOSTS[host_type]).format(city=city.name, word=rng.choice(NAME_FIRST))
        if opened:
            planned_fy = max(fiscal_year(start), fiscal_year(opened) + rng.choice([-1, 0, 0, 1]))
        else:
            planned_fy = fiscal_year(self.as_of) + rng.choice([0, 0, 1, 1, 2])
        number = self.number_in_city(programme, city)
        label, code = CENTRE_NAMES[programme]
        centre = Centre(
            slug=f"{SLUG_PREFIX}{code}-{city.slug}-{number}",
            name=f"{label} {city.name} {number}",
            name_ur=f"ای روزگار سینٹر {city.name_ur} {number}" if city.name_ur else "",
            operator=self.operators[operator],
            programme=self.programmes[programme],
            status=status,
            opened_on=opened,
            closed_on=closed,
            seats=rng.choice([40, 50, 60, 80, 100, 100, 120, 150, 200, 300])
            if programme == FEDERAL
            else rng.choice([25, 30, 40, 50, 60]),
            host_type=host_type,
            host_institution=host,
            planned_fy=planned_fy if rng.random() < 0.95 else None,
        )
        self.place(centre, city)
        return centre
