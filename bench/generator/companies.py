"""Planned companies: fictional names, unique after normalisation, with their sectors."""

import datetime
import math
import random

from django.utils.text import slugify

from registry.models import normalise_company_name
from registry.models.company_names import company_name_stem

from .draws import SLUG_PREFIX, scaled

COMPANIES_PER_SCALE = 3000

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


def plan_companies(
    rng: random.Random, *, scale: float, as_of: datetime.date
) -> list[tuple[dict, list[str]]]:
    """Return company rows with unique names and slugs, and each one's sector codes."""
    count = scaled(COMPANIES_PER_SCALE, scale)
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
            "name_stem": company_name_stem(name),
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
            "founded_year": as_of.year - math.floor(30 * rng.random() ** 2)
            if rng.random() < 0.85
            else None,
        }
        companies.append((row, list(dict.fromkeys(sectors[: rng.choice([1, 1, 2, 3])]))))
    return companies
