"""The registry's public lists, each declared once: parks, companies and cities (see tables).

Each column names its CSV header and value (SPEC §4.1, in the contract's order) and, when the
page shows it, its header and cell. The columns parks and centres share are declared here once;
centres.public.lists declares the centres' list from them. A cell reads a record of the page's
query (the list's FilterSet: annotated, related rows selected); a value reads a `.values()` row.
"""

from django.utils.html import conditional_escape as esc
from django.utils.translation import get_language, gettext, gettext_lazy

from registry.public.display import (
    choice_label,
    day_format,
    facility_url,
    grouped,
    share_of,
    slug_url,
)
from registry.public.exports.values import field, location, month_of, sorted_joined
from registry.public.exports.values import share_of as share_value
from registry.public.names import local_name
from registry.public.tables import Column, Table, exported


def link(url, text):
    return f'<a href="{esc(url)}">{esc(text)}</a>'


def muted(text):
    return f'<span class="muted">{text}</span>'


# The cells parks and centres share, from facilities annotated by with_latest_report().


def facility_name(facility, page):
    language = page.language
    return link(facility_url(facility, language=language), local_name(facility, language=language))


def facility_city(facility, page):
    city, language = facility.city, page.language
    place = link(
        slug_url(city.slug, "city-detail", language=language), local_name(city, language=language)
    )
    return f"{place}<br>{muted(esc(local_name(city.province, language=language)))}"


def facility_status(facility, page):
    label = choice_label(facility, "status", language=page.language)
    return f'<span class="status status--{esc(facility.status)}">{esc(label)}</span>'


def facility_opened(facility, page):
    return esc(day_format(facility.opened_on, "j F Y", language=page.language) or "—")


def facility_workers(facility, page):
    """Return the latest report's workers; "—" for a facility not operational on the date."""
    workers = facility.latest_workers
    return "—" if workers is None else esc(grouped(workers, language=page.language))


def facility_women_share(facility, page):
    return esc(share_of(facility.latest_women, facility.latest_workers))


def facility_last_report(facility, page):
    period = facility.latest_period
    if period is None:
        return muted(gettext("no report"))
    return esc(day_format(period, "F Y", language=page.language))


SLUG = exported("slug")
NAME = Column("name", field("name"), cell=facility_name, row_header=True)
OPERATOR = Column(
    "operator",
    field("operator__slug"),
    gettext_lazy("Operator"),
    lambda facility, page: esc(facility.operator.short_name or facility.operator.name),
)
CITY = Column("city", field("city__slug"), gettext_lazy("City"), facility_city)
PROVINCE = exported("province", "city__province_id")
STATUS = Column("status", field("status"), gettext_lazy("Status"), facility_status)
OPENED = Column(
    "opened_on", field("opened_on"), gettext_lazy("Opened"), facility_opened, nowrap=True
)
CLOSED = exported("closed_on")
SEATS = exported("seats")
WORKERS = Column(
    "workers", field("latest_workers"), gettext_lazy("Workers"), facility_workers, numeric=True
)
WOMEN = exported("women", "latest_women")
WOMEN_SHARE = Column(
    "women_share_pct",
    share_value("latest_women", "latest_workers"),
    gettext_lazy("Women's share"),
    facility_women_share,
    numeric=True,
)
LAST_REPORT = Column(
    "last_report",
    month_of("latest_period"),
    gettext_lazy("Last report"),
    facility_last_report,
    nowrap=True,
)
LATITUDE = Column("latitude", location(0))
LONGITUDE = Column("longitude", location(1))
# The columns every facility list ends with, in the contract's order.
FIGURES = (WORKERS, WOMEN, WOMEN_SHARE, LAST_REPORT, LATITUDE, LONGITUDE)

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
    exported("area_sqft"),
    SEATS,
    Column(
        "current_tenants",
        field("current_tenants"),
        gettext_lazy("Current tenants"),
        lambda park, page: esc(grouped(park.current_tenants, language=page.language)),
        numeric=True,
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
    Column("name", field("name"), gettext_lazy("Company"), company_name, row_header=True),
    exported("secp_registration_no"),
    Column("sectors", sorted_joined("sector_codes"), gettext_lazy("Sectors"), company_sectors),
    Column(
        "founded_year",
        field("founded_year"),
        gettext_lazy("Founded"),
        lambda company, page: esc(company.founded_year or "—"),
        numeric=True,
    ),
    Column(
        "current_facilities",
        sorted_joined("current_facility_slugs"),
        gettext_lazy("Renting today at"),
        company_renting_at,
    ),
    exported("website"),
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
    Column("name", field("name"), gettext_lazy("City"), city_name, row_header=True),
    Column(
        "province",
        field("province_id"),
        gettext_lazy("Province"),
        lambda city, page: esc(local_name(city.province, language=page.language)),
    ),
    exported("latitude"),
    exported("longitude"),
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
    ),
    Column(
        "workers",
        field("workers"),
        gettext_lazy("Workers"),
        lambda city, page: esc(grouped(city.workers, language=page.language)),
        numeric=True,
    ),
    exported("women"),
    Column(
        "women_share_pct",
        share_value("women", "workers"),
        gettext_lazy("Women's share"),
        lambda city, page: esc(share_of(city.women, city.workers)),
        numeric=True,
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
