"""A deterministic national-scale registry of fictional parks, centres and companies (SPEC §6).

Scale 1 is a national rollout near its FY2027 targets; scale 10 is the benchmark's registry:

    facilities   300 × scale  (50 parks, 160 federal and 90 Punjab e-Rozgaar centres)
    companies  3,000 × scale
    tenancies  about 6,000 × scale  (two per company on average)
    reports    about 10,500 × scale (monthly, from each facility's opening to its last report)

Scale 1/6 is close to today's national figures (50 facilities). The SPEC's "national scale
×10" (§6) is the issue's 3,000 facilities, so one unit of scale is 300, not 50.

The same scale, seed and as-of date give the same rows. Every slug starts with ``gen-`` and
every report's source with ``Generated``, which is how the command tells its own rows from
real data. Rows are written in bulk (COPY on PostgreSQL), never one save() per row, so what
``save()`` and signals would do is done here: ``Company.name_key``, ``Facility.kind``, one
bump of the registry version. Generated rows get no change-history entries. The generator
lives in ``centres`` because it writes parks and centres alike (registry never imports centres).
"""

import datetime
import math
import random
from decimal import Decimal
from itertools import accumulate, chain, islice

from django.db import connection, transaction
from django.utils.text import slugify

from centres.models import Centre, Programme, Target
from registry.models import (
    CentreStatus,
    City,
    Company,
    Facility,
    FacilityKind,
    Operator,
    OperatorKind,
    Park,
    ParkStatus,
    Province,
    Tenancy,
    WorkforceReport,
    normalise_company_name,
)
from registry.models.calendar import add_months, fiscal_year, month_start
from registry.models.changes import bump_registry_version
from registry.models.facilities import operating_months

SLUG_PREFIX = "gen-"
SOURCE_PREFIX = "Generated"
BATCH_SIZE = 2000
EARLIEST_AS_OF = datetime.date(2025, 7, 1)

PARKS_PER_SCALE = 50
FEDERAL_CENTRES_PER_SCALE = 160
PUNJAB_CENTRES_PER_SCALE = 90
COMPANIES_PER_SCALE = 3000

# The reference cities (shared/data/cities.csv) with a weight: bigger IT markets get more.
CITIES = [
    # slug, name, province, latitude, longitude, Urdu name, weight
    ("islamabad", "Islamabad", "IS", "33.7215", "73.0433", "اسلام آباد", 9),
    ("lahore", "Lahore", "PB", "31.5580", "74.3507", "لاہور", 14),
    ("rawalpindi", "Rawalpindi", "PB", "33.5973", "73.0479", "راولپنڈی", 5),
    ("faisalabad", "Faisalabad", "PB", "31.4155", "73.0897", "فیصل آباد", 5),
    ("multan", "Multan", "PB", "30.1968", "71.4782", "ملتان", 3),
    ("gujranwala", "Gujranwala", "PB", "32.1557", "74.1871", "گوجرانوالہ", 3),
    ("sialkot", "Sialkot", "PB", "32.4927", "74.5313", "سیالکوٹ", 2),
    ("gujrat", "Gujrat", "PB", "32.5742", "74.0754", "گجرات", 1),
    ("bahawalpur", "Bahawalpur", "PB", "29.3978", "71.6752", "بہاولپور", 1.5),
    ("rahim-yar-khan", "Rahim Yar Khan", "PB", "28.4199", "70.3035", "رحیم یار خان", 1),
    ("sargodha", "Sargodha", "PB", "32.0859", "72.6742", "سرگودھا", 1.5),
    ("sahiwal", "Sahiwal", "PB", "30.6660", "73.1019", "ساہیوال", 1),
    ("dera-ghazi-khan", "Dera Ghazi Khan", "PB", "30.0459", "70.6403", "ڈیرہ غازی خان", 1),
    ("okara", "Okara", "PB", "30.8103", "73.4516", "اوکاڑہ", 0.7),
    ("chakwal", "Chakwal", "PB", "32.9329", "72.8539", "چکوال", 0.5),
    ("taxila", "Taxila", "PB", "33.746", "72.787", "ٹیکسلا", 0.5),
    ("karachi", "Karachi", "SD", "24.8608", "67.0104", "کراچی", 16),
    ("hyderabad", "Hyderabad", "SD", "25.3924", "68.3737", "حیدرآباد", 2.5),
    ("jamshoro", "Jamshoro", "SD", "25.4361", "68.2802", "جامشورو", 0.7),
    ("nawabshah", "Nawabshah", "SD", "26.2394", "68.4037", "نواب شاہ", 0.7),
    ("sukkur", "Sukkur", "SD", "27.7032", "68.8589", "سکھر", 1),
    ("larkana", "Larkana", "SD", "27.5590", "68.2120", "لاڑکانہ", 0.8),
    ("peshawar", "Peshawar", "KP", "34.0080", "71.5785", "پشاور", 4),
    ("abbottabad", "Abbottabad", "KP", "34.1463", "73.2117", "ایبٹ آباد", 1),
    ("mansehra", "Mansehra", "KP", "34.3302", "73.1968", "مانسہرہ", 0.5),
    ("mingora", "Mingora (Swat)", "KP", "34.7795", "72.3627", "منگورہ", 0.8),
    ("mardan", "Mardan", "KP", "34.1979", "72.0497", "مردان", 0.8),
    ("bannu", "Bannu", "KP", "32.9853", "70.6040", "بنوں", 0.5),
    ("kohat", "Kohat", "KP", "33.5820", "71.4493", "کوہاٹ", 0.5),
    ("dera-ismail-khan", "Dera Ismail Khan", "KP", "31.8313", "70.9017", "ڈیرہ اسماعیل خان", 0.6),
    ("chitral", "Chitral", "KP", "35.8518", "71.7864", "چترال", 0.3),
    ("quetta", "Quetta", "BA", "30.1841", "67.0014", "کوئٹہ", 2.5),
    ("khuzdar", "Khuzdar", "BA", "27.8119", "66.6110", "خضدار", 0.4),
    ("turbat", "Turbat", "BA", "26.0012", "63.0485", "تربت", 0.3),
    ("gwadar", "Gwadar", "BA", "25.1216", "62.3254", "گوادر", 0.4),
    ("gilgit", "Gilgit", "GB", "35.9187", "74.3125", "گلگت", 0.7),
    ("skardu", "Skardu", "GB", "35.2979", "75.6337", "سکردو", 0.4),
    ("gakuch", "Gakuch", "GB", "36.17", "73.77", "", 0.2),
    ("aliabad", "Aliabad (Hunza)", "GB", "36.3070", "74.6155", "", 0.2),
    ("muzaffarabad", "Muzaffarabad", "AJK", "34.3700", "73.4708", "مظفرآباد", 1),
    ("mirpur", "Mirpur", "AJK", "33.1478", "73.7519", "میرپور", 0.8),
    ("rawalakot", "Rawalakot", "AJK", "33.8578", "73.7604", "راولاکوٹ", 0.3),
    ("kotli", "Kotli", "AJK", "33.5184", "73.9022", "کوٹلی", 0.3),
    ("bagh", "Bagh", "AJK", "33.983", "73.783", "باغ", 0.3),
]

OPERATORS = [
    ("pseb", "Pakistan Software Export Board", "PSEB", OperatorKind.FEDERAL),
    ("pitb", "Punjab Information Technology Board", "PITB", OperatorKind.PROVINCIAL),
    ("sco", "Special Communications Organization", "SCO", OperatorKind.MILITARY),
    ("kpitb", "Khyber Pakhtunkhwa Information Technology Board", "KPITB", OperatorKind.PROVINCIAL),
]
FEDERAL = "federal-e-rozgaar"
PUNJAB = "punjab-e-rozgaar"
PROGRAMMES = [
    (FEDERAL, "Federal e-Rozgaar centres (2024–)", "pseb"),
    (PUNJAB, "Punjab e-Rozgaar (2017–)", "pitb"),
]
# SPEC §3.2: the seeded targets of the federal programme, with the quota plan of August 2024.
TARGET_SOURCE = "Pakistan Economic Survey 2024-25; quota plan of August 2024"
TARGETS = [
    (Target.Metric.CENTRES_OPERATIONAL, 50, 2025, None),
    (Target.Metric.CENTRES_OPERATIONAL, 250, 2027, None),
    (Target.Metric.JOBS_AT_CENTRES, 20000, 2027, None),
]
PROVINCE_QUOTAS = {"PB": 149, "SD": 51, "KP": 28, "IS": 11, "BA": 6, "AJK": 3, "GB": 2}

PROGRAMME_STARTS = {FEDERAL: datetime.date(2024, 2, 6), PUNJAB: datetime.date(2017, 5, 1)}
FIRST_PARK = datetime.date(2012, 2, 1)

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
OPENED = {ParkStatus.OPERATIONAL, CentreStatus.SUSPENDED, ParkStatus.CLOSED}
HOST_TYPES = {
    FEDERAL: {
        Centre.HostType.UNIVERSITY: 30,
        Centre.HostType.COLLEGE: 20,
        Centre.HostType.PUBLIC_BUILDING: 20,
        Centre.HostType.PRIVATE_PARTNER: 30,
    },
    PUNJAB: {Centre.HostType.UNIVERSITY: 55, Centre.HostType.COLLEGE: 45},
}
HOSTS = {
    Centre.HostType.UNIVERSITY: ["University of {city}", "{city} University of Technology"],
    Centre.HostType.COLLEGE: ["Government College {city}", "Government Degree College {city}"],
    Centre.HostType.PUBLIC_BUILDING: ["{city} District Council Hall", "{city} Civic Centre"],
    Centre.HostType.PRIVATE_PARTNER: ["{word} Business Centre", "{word} Towers"],
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

NAME_FIRST = (
    "Zaitoon Indus Karakoram Ravi Chenab Jhelum Margalla Saffron Falcon Crescent Nexa Qalam "
    "Sitara Noor Bolan Khyber Mehran Datum Pixel Quantum Byte Vertex Orbit Nimbus Hunza Kohsar "
    "Shalimar Sapphire Jasmine Lotus Apex Zenith Cedar Deodar Indigo Cobalt Anaar Badban Chinar "
    "Darya Ghazal Hilal Kinnow Lahr Minar Naqsh Pukhtoon Sindhu Taaruf Ufaq Wadi Yaqoot Zarf "
    "Badshahi Tarbela Thar Kirthar Siachen Gandhara"
).split()
NAME_MIDDLE = (
    "Global Smart Bright Net Web Cyber Info Micro Hyper Green Blue Silver Golden Prime Next "
    "Open True Alpha Nova Swift"
).split()
# The last word of a name, with the sector it suggests.
NAME_LAST = {
    "Soft": "software",
    "Software": "software",
    "Technologies": "software",
    "Tech": "software",
    "Solutions": "software",
    "Systems": "software",
    "Labs": "software",
    "Logic": "software",
    "Apps": "software",
    "Digital": "ites",
    "Outsourcing": "ites",
    "BPO": "ites",
    "Data": "ites",
    "Networks": "ites",
    "Freelancers": "freelancing",
    "Commerce": "ecommerce",
    "Mart": "ecommerce",
    "Games": "games",
    "Studios": "games",
    "Pay": "fintech",
    "Finance": "fintech",
    "Works": "other",
}
NAME_SUFFIXES = ["", "", " (Pvt) Ltd", " Pvt Ltd", " SMC-Private Limited", " International"]
SECTORS = {
    "software": 45,
    "ites": 25,
    "freelancing": 10,
    "ecommerce": 8,
    "games": 4,
    "fintech": 5,
    "other": 3,
}
TENANCIES_PER_COMPANY = {0: 5, 1: 35, 2: 30, 3: 20, 4: 10}


def source_label(seed, scale):
    """Return the source written on every generated report."""
    return f"{SOURCE_PREFIX} (seed {seed}, scale {scale:g})"


def scaled(per_scale, scale):
    """Return how many rows a scale asks for: at least one, rounded half up."""
    return max(1, math.floor(per_scale * scale + 0.5))


def foreign_data_counts():
    """Return how many facilities, companies and reports the generator did not make."""
    return {
        "facilities": Facility.objects.exclude(slug__startswith=SLUG_PREFIX).count(),
        "companies": Company.objects.exclude(slug__startswith=SLUG_PREFIX).count(),
        "workforce reports": WorkforceReport.objects.exclude(
            source__startswith=SOURCE_PREFIX
        ).count(),
    }


def _pick(rng, weights):
    """Return a key of a {choice: weight} dict, drawn with those weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day_between(rng, start, end, skew=1.0):
    """Return a day from start to end inclusive; skew < 1 favours later days."""
    span = (end - start).days
    if span <= 0:
        return start
    return start + datetime.timedelta(days=round(span * rng.random() ** skew))


def _near(rng, degrees):
    """Return coordinates a few kilometres from a city's, to six decimal places."""
    return (Decimal(degrees) + Decimal(rng.uniform(-0.04, 0.04))).quantize(Decimal("0.000001"))


class Generator:
    """Plan and write one generated registry; run() does both inside one transaction."""

    def __init__(self, *, scale, seed, as_of):
        self.scale, self.seed, self.as_of = scale, seed, as_of
        self.source = source_label(seed, scale)

    def _rng(self, part):
        # One stream per part: the facilities stay the same when the company rules change.
        return random.Random(f"{self.seed}:{part}")

    @transaction.atomic
    def run(self):
        """Replace earlier generated rows with a new registry; return the counts written."""
        self.delete_generated()
        self.load_reference_data()
        facilities = self.write_facilities()
        companies = self.write_companies()
        tenancies = self.write_tenancies(facilities, companies)
        reports = self.write_reports(facilities)
        # Bulk writes send no signals: tell cached pages and ETags that the registry changed.
        bump_registry_version()
        analyse(
            [Facility, Park, Centre, Company, Company.sectors.through, Tenancy, WorkforceReport]
        )
        return {
            "facilities": len(facilities),
            "companies": len(companies),
            "tenancies": tenancies,
            "workforce reports": reports,
        }

    def delete_generated(self):
        """Delete the rows an earlier run generated; reference data stays."""
        # In SQL, not through the ORM: the ORM would send a signal (and write a history row)
        # per deleted row, and load multi-table parents one query at a time.
        facilities = Facility.objects.filter(slug__startswith=SLUG_PREFIX)
        companies = Company.objects.filter(slug__startswith=SLUG_PREFIX)
        delete_rows(WorkforceReport, "facility", facilities)
        delete_rows(Tenancy, "facility", facilities)
        delete_rows(Tenancy, "company", companies)
        delete_rows(Company.sectors.through, "company", companies)
        delete_rows(Company, "id", companies)
        delete_rows(Park, "facility_ptr", facilities)
        delete_rows(Centre, "facility_ptr", facilities)
        delete_rows(Facility, "id", facilities)

    def load_reference_data(self):
        """Create the cities, operators, programmes and seeded targets that are missing."""
        provinces = {p.code: p for p in Province.objects.all()}
        self.cities = {}
        for slug, name, province, lat, lon, name_ur, weight in CITIES:
            city, _ = City.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "province": provinces[province],
                    "latitude": Decimal(lat),
                    "longitude": Decimal(lon),
                    "name_ur": name_ur,
                },
            )
            self.cities[slug] = (city, weight)
        self.operators = {
            slug: Operator.objects.get_or_create(
                slug=slug, defaults={"name": name, "short_name": short, "kind": kind}
            )[0]
            for slug, name, short, kind in OPERATORS
        }
        self.programmes = {
            slug: Programme.objects.get_or_create(
                slug=slug, defaults={"name": name, "operator": self.operators[operator]}
            )[0]
            for slug, name, operator in PROGRAMMES
        }
        targets = [(metric, value, year, None) for metric, value, year, _ in TARGETS]
        targets += [
            (Target.Metric.CENTRES_OPERATIONAL, quota, 2027, provinces[code])
            for code, quota in PROVINCE_QUOTAS.items()
        ]
        for metric, value, year, province in targets:
            Target.objects.get_or_create(
                metric=metric,
                fiscal_year=year,
                programme=self.programmes[FEDERAL],
                province=province,
                defaults={"value": value, "source": TARGET_SOURCE},
            )

    # Facilities ---------------------------------------------------------------------------

    def plan_facilities(self):
        """Return unsaved parks and centres: cities by weight, statuses across the pipeline."""
        rng = self._rng("facilities")
        self._per_city = {}
        cities = list(self.cities.values())
        parks = [
            self._plan_park(rng, rng.choices(cities, weights=[w for _, w in cities])[0][0])
            for _ in range(scaled(PARKS_PER_SCALE, self.scale))
        ]
        # Federal centres follow the province quotas; Punjab's stay in Punjab.
        federal = []
        for _ in range(scaled(FEDERAL_CENTRES_PER_SCALE, self.scale)):
            province = _pick(rng, PROVINCE_QUOTAS)
            in_province = [(c, w) for c, w in cities if c.province_id == province]
            city = rng.choices(in_province, weights=[w for _, w in in_province])[0][0]
            federal.append(self._plan_centre(rng, city, FEDERAL))
        punjab_cities = [(c, w) for c, w in cities if c.province_id == "PB"]
        punjab = [
            self._plan_centre(
                rng, rng.choices(punjab_cities, weights=[w for _, w in punjab_cities])[0][0], PUNJAB
            )
            for _ in range(scaled(PUNJAB_CENTRES_PER_SCALE, self.scale))
        ]
        return parks + federal + punjab

    def _number_in_city(self, kind, city):
        key = (kind, city.slug)
        self._per_city[key] = self._per_city.get(key, 0) + 1
        return self._per_city[key]

    def _dates(self, rng, status, first_day, skew):
        """Return (opened_on, closed_on) fitting the status; closed ones ran at least 90 days."""
        last_day = self.as_of - datetime.timedelta(days=1)
        if status == ParkStatus.CLOSED:
            opened = _day_between(rng, first_day, self.as_of - datetime.timedelta(days=200))
            return opened, _day_between(rng, opened + datetime.timedelta(days=90), last_day)
        if status in OPENED:
            return _day_between(rng, first_day, last_day, skew), None
        return None, None

    def _place(self, rng, facility, city):
        facility.city = city
        facility.address = f"Plot {rng.randint(1, 400)}, {rng.choice(AREAS)}, {city.name}"
        if rng.random() < 0.7:
            facility.latitude = _near(rng, city.latitude)
            facility.longitude = _near(rng, city.longitude)

    def _plan_park(self, rng, city):
        status = _pick(rng, PARK_STATUSES)
        opened, closed = self._dates(rng, status, FIRST_PARK, skew=1.0)
        operators = {"PB": ["pseb", "pitb"], "KP": ["pseb", "kpitb"], "GB": ["sco"], "AJK": ["sco"]}
        seats = max(20, round(rng.lognormvariate(math.log(220), 0.6) / 10) * 10)
        number = self._number_in_city("park", city)
        park = Park(
            slug=f"{SLUG_PREFIX}stp-{city.slug}-{number}",
            name=f"{city.name} Software Technology Park {number}",
            name_ur=f"سافٹ ویئر ٹیکنالوجی پارک {city.name_ur} {number}" if city.name_ur else "",
            operator=self.operators[rng.choice(operators.get(city.province_id, ["pseb"]))],
            status=status,
            opened_on=opened,
            closed_on=closed,
            seats=seats,
            area_sqft=round(seats * rng.uniform(45, 80) / 100) * 100,
        )
        self._place(rng, park, city)
        return park

    def _plan_centre(self, rng, city, programme):
        status = _pick(rng, CENTRE_STATUSES[programme])
        start = PROGRAMME_STARTS[programme]
        if programme == PUNJAB and rng.random() < 0.5:
            # The first wave: about half of Punjab's centres opened in 2017.
            opened, closed = self._dates(rng, status, start, skew=1.0)
            if opened:
                opened = _day_between(rng, start, datetime.date(2017, 12, 31))
                closed = closed and max(closed, opened + datetime.timedelta(days=90))
        else:
            opened, closed = self._dates(rng, status, start, skew=0.8)
        if programme == FEDERAL and rng.random() < 0.85:
            operator = "pseb"
        else:
            partners = {"PB": "pitb", "KP": "kpitb", "GB": "sco", "AJK": "sco"}
            operator = partners.get(city.province_id, "pseb")
        host_type = _pick(rng, HOST_TYPES[programme])
        host = rng.choice(HOSTS[host_type]).format(city=city.name, word=rng.choice(NAME_FIRST))
        if opened:
            planned_fy = max(fiscal_year(start), fiscal_year(opened) + rng.choice([-1, 0, 0, 1]))
        else:
            planned_fy = fiscal_year(self.as_of) + rng.choice([0, 0, 1, 1, 2])
        number = self._number_in_city(programme, city)
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
        self._place(rng, centre, city)
        return centre

    def write_facilities(self):
        """Insert the planned parks and centres; return them with primary keys."""
        facilities = self.plan_facilities()
        parents = [
            Facility(
                **{
                    field.attname: getattr(facility, field.attname)
                    for field in Facility._meta.concrete_fields
                    if not field.primary_key
                }
            )
            for facility in facilities
        ]
        Facility.objects.bulk_create(parents, batch_size=BATCH_SIZE)
        for facility, parent in zip(facilities, parents, strict=True):
            facility.id = facility.facility_ptr_id = parent.pk
        insert_child_rows(Park, [f for f in facilities if f.kind == FacilityKind.PARK])
        insert_child_rows(Centre, [f for f in facilities if f.kind == FacilityKind.CENTRE])
        return facilities

    # Companies ----------------------------------------------------------------------------

    def plan_companies(self):
        """Return company rows with unique names and slugs, and each one's sector codes."""
        rng = self._rng("companies")
        count = scaled(COMPANIES_PER_SCALE, self.scale)
        names, slugs = set(), set()
        registration_nos = rng.sample(range(100_000, 9_999_999), count)
        companies = []
        for index in range(count):
            last = rng.choice(list(NAME_LAST))
            middle = rng.choice(NAME_MIDDLE) + " " if rng.random() < 0.6 else ""
            name = base = f"{rng.choice(NAME_FIRST)} {middle}{last}{rng.choice(NAME_SUFFIXES)}"
            copy = 1
            while normalise_company_name(name) in names:
                copy += 1
                name = f"{base} {copy}"
            names.add(normalise_company_name(name))
            slug = base = SLUG_PREFIX + slugify(name)
            copy = 1
            while slug in slugs:
                copy += 1
                slug = f"{base}-{copy}"
            slugs.add(slug)
            sectors = [NAME_LAST[last]]
            sectors += rng.choices(list(SECTORS), weights=list(SECTORS.values()), k=2)
            row = {
                "name": name,
                # bulk inserts skip Company.save(), which keeps this key.
                "name_key": normalise_company_name(name),
                "slug": slug,
                "secp_registration_no": f"{registration_nos[index]:07d}"
                if rng.random() < 0.8
                else None,
                "ntn": f"{rng.randint(1_000_000, 9_999_999)}-{rng.randint(0, 9)}"
                if rng.random() < 0.5
                else "",
                "website": f"https://{slug.removeprefix(SLUG_PREFIX)}.example.pk"
                if rng.random() < 0.6
                else "",
                "founded_year": self.as_of.year - math.floor(30 * rng.random() ** 2)
                if rng.random() < 0.85
                else None,
            }
            companies.append((row, list(dict.fromkeys(sectors[: rng.choice([1, 1, 2, 3])]))))
        return companies

    def write_companies(self):
        """Insert the planned companies and their sectors; return their rows with primary keys."""
        planned = self.plan_companies()
        insert_rows(Company, (row for row, _ in planned))
        ids = dict(Company.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", "pk"))
        for row, _ in planned:
            row["id"] = ids[row["slug"]]
        insert_rows(
            Company.sectors.through,
            (
                {"company_id": row["id"], "sector_id": code}
                for row, sectors in planned
                for code in sectors
            ),
        )
        return [row for row, _ in planned]

    # Tenancies ----------------------------------------------------------------------------

    def plan_tenancies(self, facilities, companies):
        """Yield tenancy rows: facilities by seats, never two overlapping at one place."""
        rng = self._rng("tenancies")
        hosts = [f for f in facilities if f.opened_on]
        cum_weights = list(accumulate(f.seats or 1 for f in hosts))
        for company in companies:
            wanted = _pick(rng, TENANCIES_PER_COMPANY)
            chosen = {}
            for host in rng.choices(hosts, cum_weights=cum_weights, k=wanted * 2):
                if len(chosen) < wanted:
                    chosen.setdefault(host.pk, host)
            for host in chosen.values():
                yield from self._stays(rng, company, host)

    def _stays(self, rng, company, host):
        """Yield one company's tenancies at one facility: a stay, now and then a later return."""
        first = max(host.opened_on, datetime.date(company["founded_year"] or 1990, 1, 1))
        last = host.closed_on or self.as_of
        while first <= last:
            started = _day_between(rng, first, last)
            ends = host.closed_on is not None or rng.random() < 0.35
            if ends and started + datetime.timedelta(days=30) <= last:
                ended = _day_between(rng, started + datetime.timedelta(days=30), last)
            else:
                # Tenants leave a closed facility by the day it closes.
                ended = host.closed_on
            yield {
                "company_id": company["id"],
                "facility_id": host.pk,
                "started_on": started,
                "ended_on": ended,
                "seats": max(1, round(rng.lognormvariate(2.3, 0.8)))
                if rng.random() < 0.9
                else None,
            }
            if ended is None or rng.random() >= 0.1:
                return
            # One in ten leavers comes back later; the stays never overlap.
            first = ended + datetime.timedelta(days=31)

    def write_tenancies(self, facilities, companies):
        """Insert the planned tenancies; return how many."""
        return insert_rows(Tenancy, self.plan_tenancies(facilities, companies))

    # Workforce reports --------------------------------------------------------------------

    def plan_reports(self, facilities):
        """Yield monthly report rows, from each opened facility's first month to its last."""
        rng = self._rng("reports")
        this_month = month_start(self.as_of)
        for facility in facilities:
            if not facility.opened_on:
                continue
            if facility.status == ParkStatus.OPERATIONAL:
                if rng.random() < 0.03:
                    continue  # never reported
                # Reports come in a month or two late; about one in ten is overdue (SPEC §2.4).
                lag = (
                    rng.choice([0, 1, 1, 1, 2, 2, 3]) if rng.random() >= 0.1 else rng.randint(4, 14)
                )
                last = add_months(this_month, -lag)
            elif facility.status == ParkStatus.CLOSED:
                # The last month with a day of operation: the day before closing (SPEC §2.4).
                _, last = operating_months(facility.opened_on, facility.closed_on)
            else:
                # A suspended facility stopped reporting some months ago.
                last = add_months(this_month, -rng.randint(3, 18))
            size = (facility.seats or 50) * rng.uniform(0.4, 1.0)
            share = rng.betavariate(18, 2) if rng.random() < 0.01 else rng.betavariate(4, 15)
            period, age = month_start(facility.opened_on), 0
            while period <= last:
                if rng.random() >= 0.03:  # now and then a month goes unreported
                    ramp = min(1, 0.35 + age / 18)  # a new facility fills up over its first year
                    workers = max(1, round(size * ramp * rng.uniform(0.93, 1.07)))
                    yield {
                        "facility_id": facility.pk,
                        "period": period,
                        "workers": workers,
                        "women": min(workers, round(workers * share * rng.uniform(0.9, 1.1))),
                        "source": self.source,
                    }
                period, age = add_months(period, 1), age + 1

    def write_reports(self, facilities):
        """Insert the planned reports; return how many."""
        return insert_rows(WorkforceReport, self.plan_reports(facilities))


def insert_rows(model, rows):
    """Insert rows given as {attname: value} dicts with the same keys; return how many.

    PostgreSQL gets COPY, several times faster than INSERT; other databases get bulk_create().
    Neither sends signals nor calls save(), and no primary keys come back.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows, written = chain([first], rows), 0
    if connection.vendor != "postgresql":
        for batch in batches(rows):
            model.objects.bulk_create([model(**row) for row in batch])
            written += len(batch)
        return written
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in first)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(tuple(row.values()))
            written += 1
    return written


def analyse(models):
    """Refresh PostgreSQL's planner statistics of freshly loaded tables.

    Without them, until autovacuum gets round to it (if it runs at all), the planner takes the
    tables for empty and chooses plans that are orders of magnitude slower.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def delete_rows(model, field_name, queryset):
    """Delete, in one SQL statement, the rows whose field points at a row of the queryset."""
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.get_field(field_name).column
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} IN ({sql})", params)


def insert_child_rows(model, objects):
    """Insert the child-table rows of multi-table-inherited objects whose parent rows exist.

    bulk_create() refuses multi-table inheritance, so this writes the child's own columns
    (including the parent link) with one parameterised INSERT per batch, on any database.
    """
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for batch in batches(rows):
            cursor.executemany(sql, batch)


def batches(rows, size=BATCH_SIZE):
    """Yield lists of at most size rows from any iterable."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch
