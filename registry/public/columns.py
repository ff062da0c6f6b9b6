"""The columns of the public lists that parks and centres share, declared once (public.tables).

Each cell reads a facility of the list's query (annotated by with_latest_report(), related rows
selected); each value reads a `.values()` row; the description says what a download's column
holds (the data package and /data/). registry.public.lists and centres.public.lists build their
tables from these.
"""

from django.utils.html import conditional_escape as esc
from django.utils.translation import gettext, gettext_lazy

from registry.public.display import (
    choice_label,
    day_format,
    facility_url,
    grouped,
    share_of,
    slug_url,
)
from registry.public.exports.values import field, location, month_of
from registry.public.exports.values import share_of as share_value
from registry.public.names import local_name
from registry.public.tables import Column, exported


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


# What the downloads' columns mean (the data package and /data/), where several lists share it.
TEXT, INTEGER, NUMBER = {"type": "string"}, {"type": "integer"}, {"type": "number"}
SHARE_MEANING = gettext_lazy(
    "Women's share of those workers, in per cent to one decimal; empty when there are none."
)
PROVINCE_MEANING = gettext_lazy("Code of the province or territory: PB, SD, KP, BA, IS, GB, AJK.")
SLUG = exported("slug", **TEXT, description=gettext_lazy("Identifier of the record, unique."))
NAME = Column(
    "name",
    field("name"),
    cell=facility_name,
    row_header=True,
    **TEXT,
    description=gettext_lazy("Name, in English."),
)
OPERATOR = Column(
    "operator",
    field("operator__slug"),
    gettext_lazy("Operator"),
    lambda facility, page: esc(facility.operator.short_name or facility.operator.name),
    **TEXT,
    description=gettext_lazy("Identifier of the body that runs the facility."),
)
CITY = Column(
    "city",
    field("city__slug"),
    gettext_lazy("City"),
    facility_city,
    **TEXT,
    description=gettext_lazy("Identifier of the city the facility is in (the cities' slug)."),
)
PROVINCE = exported("province", "city__province_id", **TEXT, description=PROVINCE_MEANING)
STATUS = Column(
    "status",
    field("status"),
    gettext_lazy("Status"),
    facility_status,
    **TEXT,
    description=gettext_lazy(
        "Status: planned, under_construction, operational or closed for a park; proposed, "
        "approved, setting_up, operational, suspended or closed for a centre."
    ),
)
OPENED = Column(
    "opened_on",
    field("opened_on"),
    gettext_lazy("Opened"),
    facility_opened,
    nowrap=True,
    type="date",
    description=gettext_lazy("Day the park opened; empty until it opens."),
)
CLOSED = exported(
    "closed_on", type="date", description=gettext_lazy("Day it closed; empty while open.")
)
SEATS = exported("seats", **INTEGER, description=gettext_lazy("Seats (workstations)."))
WORKERS = Column(
    "workers",
    field("latest_workers"),
    gettext_lazy("Workers"),
    facility_workers,
    numeric=True,
    **INTEGER,
    description=gettext_lazy(
        "People working there by its latest monthly report, on the day the figures stand on "
        "(today, or operational_on); 0 without a report, empty when not operational that day."
    ),
)
WOMEN = exported(
    "women",
    "latest_women",
    **INTEGER,
    description=gettext_lazy("Women among those workers, by the same report."),
)
WOMEN_SHARE = Column(
    "women_share_pct",
    share_value("latest_women", "latest_workers"),
    gettext_lazy("Women's share"),
    facility_women_share,
    numeric=True,
    **NUMBER,
    description=SHARE_MEANING,
)
LAST_REPORT = Column(
    "last_report",
    month_of("latest_period"),
    gettext_lazy("Last report"),
    facility_last_report,
    nowrap=True,
    type="yearmonth",
    description=gettext_lazy("Month (YYYY-MM) of the latest monthly report; empty without one."),
)
LATITUDE = Column(
    "latitude",
    location(0),
    **NUMBER,
    description=gettext_lazy("Latitude in decimal degrees: the facility's own, else its city's."),
)
LONGITUDE = Column(
    "longitude",
    location(1),
    **NUMBER,
    description=gettext_lazy("Longitude in decimal degrees: the facility's own, else its city's."),
)
# The columns every facility list ends with, in the contract's order.
FIGURES = (WORKERS, WOMEN, WOMEN_SHARE, LAST_REPORT, LATITUDE, LONGITUDE)
