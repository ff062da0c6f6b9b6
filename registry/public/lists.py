"""The rows of the public lists' tables: the text of each cell, computed once per row in Python.

A list page shows 50 rows of about ten cells. Written as template lookups and filters
(`park.city.province|local_name`, `park.latest_women|share_of:park.latest_workers`), each cell
costs the template engine a variable resolution and a filter call per part: the rows were about
half of a list page's Python. The templates keep every tag of the table and escape these texts
as they escaped the filters' output, so the HTML is the same. The page's language is read once
per table and passed to the helpers.
"""

from django.utils.translation import get_language, gettext

from registry.public.display import (
    choice_label,
    day_format,
    facility_url,
    grouped,
    share_of,
    slug_url,
)
from registry.public.names import local_name


def facility_row(facility, language):
    """Return the cells parks and centres share, from a facility annotated with its latest report.

    `last_report` is None for a facility that never reported (the template says so); workers
    are "—" for a facility not operational on the list's date, which has no workforce then.
    """
    city = facility.city
    period = facility.latest_period
    return {
        "url": facility_url(facility, language=language),
        "name": local_name(facility, language=language),
        "city_url": slug_url(city.slug, "city-detail", language=language),
        "city": local_name(city, language=language),
        "province": local_name(city.province, language=language),
        "status": facility.status,
        "status_label": choice_label(facility, "status", language=language),
        "opened": day_format(facility.opened_on, "j F Y", language=language) or "—",
        "workers": "—"
        if facility.latest_workers is None
        else grouped(facility.latest_workers, language=language),
        "women_share": share_of(facility.latest_women, facility.latest_workers),
        "last_report": day_format(period, "F Y", language=language) if period else None,
    }


def park_rows(parks):
    """Return the park list's rows: the facility cells, the operator and the current tenants."""
    language = get_language()
    return [
        facility_row(park, language)
        | {
            "operator": park.operator.short_name or park.operator.name,
            "tenants": grouped(park.current_tenants, language=language),
        }
        for park in parks
    ]


def company_rows(companies):
    """Return the company list's rows, from companies with their current tenancies prefetched.

    `sectors` is one text, the names joined by the page's list separator ("" when none);
    `renting_at` lists the facilities of the current tenancies, each with its address.
    """
    language = get_language()
    separator = gettext(", ")
    return [
        {
            "url": slug_url(company.slug, "company-detail", language=language),
            "name": company.name,
            "sectors": separator.join(
                local_name(sector, language=language) for sector in company.sectors.all()
            ),
            "renting_at": [
                {
                    "url": facility_url(tenancy.facility, language=language),
                    "name": local_name(tenancy.facility, language=language),
                }
                for tenancy in company.current_tenancies
            ],
            "founded": company.founded_year or "—",
        }
        for company in companies
    ]


def city_rows(cities):
    """Return the city list's rows, from cities annotated with their figures."""
    language = get_language()
    return [
        {
            "url": slug_url(city.slug, "city-detail", language=language),
            "slug": city.slug,
            "name": local_name(city, language=language),
            "name_en": city.name,
            "name_ur": city.name_ur,
            "province": local_name(city.province, language=language),
            "parks": grouped(city.parks, language=language),
            "centres": grouped(city.centres, language=language),
            "tenants": grouped(city.current_tenants, language=language),
            "workers": grouped(city.workers, language=language),
            "women_share": share_of(city.women, city.workers),
        }
        for city in cities
    ]


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
