"""The registry's public lists, each declared once: parks, companies and cities (see tables).

Each column names its CSV header and value (SPEC §4.1, in the contract's order), what it holds
and, when the page shows it, its header and cell. The columns parks and centres share are in
registry.public.columns; centres.public.lists declares the centres' list from them too. A cell
reads a record of the page's query (the list's FilterSet: annotated, related rows selected); a
value reads a `.values()` row.
"""

from django.utils.html import conditional_escape as esc
from django.utils.translation import get_language, gettext, gettext_lazy

from registry.public.columns import (
    CITY,
    CLOSED,
    FIGURES,
    INTEGER,
    NAME,
    NUMBER,
    OPENED,
    OPERATOR,
    PROVINCE,
    SEATS,
    SLUG,
    STATUS,
    TEXT,
    WOMEN,
    WOMEN_SHARE,
    link,
    muted,
)
from registry.public.display import day_format, facility_url, grouped, share_of, slug_url
from registry.public.exports.values import field, sorted_joined
from registry.public.exports.values import share_of as share_value
from registry.public.names import local_name
from registry.public.tables import Column, Table, exported

# A city's parks or centres on its page (templates/_facility_table.html): shown, not downloaded.
FACILITIES = Table(
    NAME.but(header=gettext_lazy("Name")),
    STATUS,
    OPENED,
    *FIGURES,
    page=("name", "status", "opened_on", "workers", "women_share_pct", "last_report"),
)

PARKS = Table(
    SLUG,
    NAME.but(header=gettext_lazy("Park")),
    OPERATOR,
    CITY,
    PROVINCE,
    STATUS,
    OPENED,
    CLOSED,
    exported("area_sqft", **INTEGER, description=gettext_lazy("Floor area in square feet.")),
    SEATS,
    Column(
        "current_tenants",
        field("current_tenants"),
        gettext_lazy("Current tenants"),
        lambda park, page: esc(grouped(park.current_tenants, language=page.language)),
        numeric=True,
        **INTEGER,
        description=gettext_lazy("Companies renting space there on the day the figures stand on."),
    ),
    *FIGURES,
    page=(
        "name",
        "operator",
        "city",
        "status",
        "opened_on",
        "current_tenants",
        "workers",
        "women_share_pct",
        "last_report",
    ),
)


# The companies' cells, from companies with their sectors and current tenancies prefetched.


def company_name(company, page):
    return link(slug_url(company.slug, "company-detail", language=page.language), company.name)


def company_sectors(company, page):
    language = page.language
    names = gettext(", ").join(local_name(s, language=language) for s in company.sectors.all())
    return esc(names) if names else muted("—")


def company_renting_at(company, page):
    """Return links to the facilities of the company's current tenancies, or "nowhere"."""
    language = page.language
    links = [
        link(facility_url(t.facility, language=language), local_name(t.facility, language=language))
        for t in company.current_tenancies
    ]
    return gettext(", ").join(links) if links else muted(gettext("nowhere"))


COMPANIES = Table(
    SLUG,
    NAME.but(header=gettext_lazy("Company"), cell=company_name),
    exported(
        "secp_registration_no",
        **TEXT,
        description=gettext_lazy(
            "SECP company registration number, digits only: read it as text, it may start with 0."
        ),
    ),
    Column(
        "sectors",
        sorted_joined("sector_codes"),
        gettext_lazy("Sectors"),
        company_sectors,
        **TEXT,
        description=gettext_lazy(
            "Sector codes joined by ';': software, ites, freelancing, ecommerce, games, "
            "fintech, other."
        ),
    ),
    Column(
        "founded_year",
        field("founded_year"),
        gettext_lazy("Founded"),
        lambda company, page: esc(company.founded_year or "—"),
        numeric=True,
        type="year",
        description=gettext_lazy("Year the company was founded."),
    ),
    Column(
        "current_facilities",
        sorted_joined("current_facility_slugs"),
        gettext_lazy("Renting today at"),
        company_renting_at,
        **TEXT,
        description=gettext_lazy(
            "Identifiers of the parks and centres where it rents space today, joined by ';'."
        ),
    ),
    exported("website", **TEXT, description=gettext_lazy("Website address.")),
    page=("name", "sectors", "current_facilities", "founded_year"),
)


# The cities' cells, from cities annotated with their figures (CityQuerySet.with_figures).


def city_name(city, page):
    """Return the city's name in the page's language, and in the other one when it has both."""
    language = page.language
    name = link(
        slug_url(city.slug, "city-detail", language=language), local_name(city, language=language)
    )
    if not city.name_ur:
        return name
    if language == "ur":
        return f'{name} <span lang="en" dir="ltr">{esc(city.name)}</span>'
    return f'{name} <span lang="ur" dir="rtl">{esc(city.name_ur)}</span>'


def city_count(url_name, query, words, figure):
    """Return the cell of a figure linking to the list behind it, named for screen readers.

    `words` is a translation with a %(city)s placeholder: what the link's count counts.
    """

    def cell(city, page):
        language = page.language
        day = day_format(page.as_of, "Y-m-d", language=language)
        url = f"{page.url(url_name)}?city={esc(city.slug)}&amp;{query.format(day=esc(day))}"
        label = str(words) % {"city": esc(local_name(city, language=language))}
        count = esc(grouped(getattr(city, figure), language=language))
        return f'<a href="{url}">{count}<span class="visually-hidden"> {label}</span></a>'

    return cell


CITIES = Table(
    SLUG,
    NAME.but(header=gettext_lazy("City"), cell=city_name),
    PROVINCE.but(
        value=field("province_id"),
        header=gettext_lazy("Province"),
        cell=lambda city, page: esc(local_name(city.province, language=page.language)),
    ),
    exported("latitude", **NUMBER, description=gettext_lazy("Latitude in decimal degrees.")),
    exported("longitude", **NUMBER, description=gettext_lazy("Longitude in decimal degrees.")),
    Column(
        "parks",
        field("parks"),
        gettext_lazy("Parks operational"),
        city_count(
            "park-list",
            "operational_on={day}",
            gettext_lazy("parks operational in %(city)s"),
            "parks",
        ),
        numeric=True,
        **INTEGER,
        description=gettext_lazy("Parks in the city operational today."),
    ),
    Column(
        "centres",
        field("centres"),
        gettext_lazy("Centres operational"),
        city_count(
            "centre-list",
            "operational_on={day}",
            gettext_lazy("centres operational in %(city)s"),
            "centres",
        ),
        numeric=True,
        **INTEGER,
        description=gettext_lazy("Centres in the city operational today."),
    ),
    Column(
        "current_tenants",
        field("current_tenants"),
        gettext_lazy("Current tenants"),
        city_count(
            "company-list",
            "current=1",
            gettext_lazy("companies renting in %(city)s"),
            "current_tenants",
        ),
        numeric=True,
        **INTEGER,
        description=gettext_lazy("Companies renting space at its parks and centres today."),
    ),
    Column(
        "workers",
        field("workers"),
        gettext_lazy("Workers"),
        lambda city, page: esc(grouped(city.workers, language=page.language)),
        numeric=True,
        **INTEGER,
        description=gettext_lazy(
            "People working at its operational parks and centres, by each one's latest report."
        ),
    ),
    WOMEN.but(value=field("women")),
    WOMEN_SHARE.but(
        value=share_value("women", "workers"),
        cell=lambda city, page: esc(share_of(city.women, city.workers)),
    ),
    page=(
        "name",
        "province",
        "parks",
        "centres",
        "current_tenants",
        "workers",
        "women_share_pct",
    ),
)


def tenant_rows(tenancies):
    """Return a facility page's tenant rows, from tenancies with their company loaded."""
    language = get_language()
    return [
        {
            "company_url": slug_url(tenancy.company.slug, "company-detail", language=language),
            "company": tenancy.company.name,
            "started": day_format(tenancy.started_on, "j F Y", language=language),
            "ended": day_format(tenancy.ended_on, "j F Y", language=language),
            "seats": "—" if tenancy.seats is None else grouped(tenancy.seats, language=language),
        }
        for tenancy in tenancies
    ]
