"""The export values of list columns: functions of a `.values()` row, each with its SQL twin.

A value is a callable over a row (a dict keyed by the query's field names) carrying `sql`, a
triple (template, keys, kind): the keys it reads, which are the fields the rows must hold, and
the same value in SQL as a template over those keys, of the Python type `kind` (None: the type
of the first key's column). The csv module's path calls the function; PostgreSQL's COPY
(registry.public.exports.copy) writes the template; both give the same cell. A value with no
template is written by Python alone. Every format reads the same values (the CSV formats them
with registry.web.csv_writer.cell()).
"""

from decimal import Decimal

from registry.models import women_share
from registry.models.calendar import fiscal_year


def in_sql(function, template, *keys, kind=None):
    """Return the function as a value of the row's keys, with `template` as its SQL twin."""
    function.sql = (template, keys, kind)
    return function


def keys_of(value):
    """Return the keys of the row a value reads."""
    return value.sql[1]


def field(key):
    """Return the value of one field of the row, as it is."""
    return in_sql(lambda row: row[key], "{0}", key)


def month(value):
    """Return a month as YYYY-MM, or None."""
    return value.strftime("%Y-%m") if value else None


def fy(value):
    """Return the fiscal year (an integer) a date falls in, or None."""
    return fiscal_year(value) if value else None


def joined(values):
    """Return values joined with ';' in sorted order (multi-valued cells)."""
    return ";".join(sorted(str(value) for value in values))


def resorted(text):
    """Return ';'-joined text (as joined in SQL, in any order) in sorted order; empty for none."""
    return joined(text.split(";")) if text else ""


def sorted_joined(key):
    """Return the ';'-joined values of the row's key, in sorted order.

    The values come joined by registry.models.querysets.Joined, which sorts them on PostgreSQL,
    the only database COPY writes for: its SQL twin is the value itself. Elsewhere Python sorts
    them.
    """
    return in_sql(lambda row: resorted(row[key]), "{0}", key, kind=str)


def month_of(key):
    """Return the month (YYYY-MM) of a date in the row."""
    return in_sql(lambda row: month(row[key]), "to_char({0}, 'YYYY-MM')", key, kind=str)


def fy_of(key):
    """Return the fiscal year of a date in the row."""
    return in_sql(
        lambda row: fy(row[key]),
        # fiscal_year(): the calendar year, the next one from July on.
        "(EXTRACT(YEAR FROM {0}) + CASE WHEN EXTRACT(MONTH FROM {0}) >= 7 THEN 1 ELSE 0 END)::int",
        key,
        kind=int,
    )


def share_of(women, workers):
    """Return the weighted women's share of the row's women and workers keys."""
    return in_sql(
        lambda row: women_share(row[women], row[workers]),
        # women_share(): women × 100 / workers to one decimal, rounded half up (ROUND on numeric
        # rounds half away from zero: the same for shares, never negative); none for no workers.
        "ROUND(({0})::numeric * 100 / NULLIF({1}, 0), 1)",
        women,
        workers,
        kind=Decimal,
    )


def location(index):
    """Return a facility's latitude (0) or longitude (1), its city's when unset.

    The row carries latitude, longitude, city__latitude and city__longitude; the rule is that
    of Facility.location: the facility's own only when it has both.
    """
    key = ("latitude", "longitude")[index]

    def value(facility):
        own = facility["latitude"] is not None and facility["longitude"] is not None
        return facility[key] if own else facility[f"city__{key}"]

    return in_sql(
        value,
        "CASE WHEN {1} IS NOT NULL AND {2} IS NOT NULL THEN {0} ELSE {3} END",
        key,
        "latitude",
        "longitude",
        f"city__{key}",
    )
