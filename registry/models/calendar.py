"""Today, months and Pakistan's fiscal year (SPEC §3.1: FY N runs 1 July N-1 to 30 June N)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext


def today() -> datetime.date:
    """Return today's date in Pakistan: the day every figure stands on unless a page asks."""
    return timezone.localdate()


def fiscal_year(day: datetime.date) -> int:
    """Return the fiscal year a date falls in (July onwards belongs to the next year)."""
    return day.year + 1 if day.month >= 7 else day.year


def fiscal_year_start(year: int) -> datetime.date:
    """Return the first day of fiscal year N (1 July of N-1)."""
    return datetime.date(year - 1, 7, 1)


def fiscal_year_end(year: int) -> datetime.date:
    """Return the last day of fiscal year N (30 June of N)."""
    return datetime.date(year, 6, 30)


def fiscal_year_label(year: int) -> str:
    """Return the public label of a fiscal year, e.g. "FY2025 (2024-25)", in the page's language."""
    return gettext("FY%(year)s (%(first)s-%(last)s)") % {
        "year": year,
        "first": year - 1,
        "last": f"{year % 100:02d}",
    }


def month_start(day: datetime.date) -> datetime.date:
    """Return the first day of the date's month."""
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the date shifted by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))
