"""The text of figures, dates, choices and addresses on public pages, in the page's language.

The templates use these as filters (registry.templatetags.markaz) and the list tables compute
their cells with them (registry.public.lists). A list page shows 50 rows with several addresses,
dates and choice labels each; Django's own tags and filters redo per row what depends only on the
page's language (a full reverse(), a date format parsed, every label of a field translated, a
number's grouping looked up in the format modules), so these do it once per language. Each takes
the page's language by default; a caller formatting many cells passes `language`, read once.
"""

import datetime
import functools
import re

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.translation import get_language

from registry.models import women_share

# What the `slug` path converter accepts; a slug reverse() would refuse goes through reverse().
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_MARKER = "__slug__"


def share_of(women, workers):
    """Return the weighted women's share as "18.2%", or "—" when nobody works."""
    return percent(women_share(women or 0, workers or 0))


def percent(value):
    """Return a percentage as "18.2%", or "—" when there is none."""
    return "—" if value is None else f"{value}%"


@functools.cache
def _around_slug(url_name, language, script_prefix, urlconf):
    """Return the parts of a slug page's address before and after its slug."""
    before, _, after = reverse(url_name, args=[SLUG_MARKER]).partition(SLUG_MARKER)
    return before, after


def slug_url(slug, url_name, *, language=None):
    """Return what {% url url_name slug %} returns, reversing the pattern once per language."""
    if not SLUG.fullmatch(slug):
        return reverse(url_name, args=[slug])
    language = language or get_language()
    before, after = _around_slug(url_name, language, get_script_prefix(), get_urlconf())
    return f"{before}{slug}{after}"


def facility_url(facility, *, language=None):
    """Return the public page of a park or a centre."""
    return slug_url(facility.slug, f"{facility.kind_label}-detail", language=language)


@functools.cache
def _choice_labels(field, language):
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(record, field_name, *, language=None):
    """Return record.get_<field_name>_display(), the labels translated once per language."""
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return _choice_labels(field, language or get_language()).get(value, value)


@functools.lru_cache(maxsize=4096)
def _formatted_day(day, format_string, language):
    return date_format(day, format_string)


def day_format(value, format_string, *, language=None):
    """Return value|date:format_string, formatting each date once per language and format."""
    if type(value) is not datetime.date:
        return date_filter(value, format_string)
    return _formatted_day(value, format_string, language or get_language())


@functools.lru_cache(maxsize=4096)
def _grouped_int(number, language):
    return intcomma(number)


def grouped(value, *, language=None):
    """Return value|intcomma ("12,345"), grouping each whole number once per language."""
    if type(value) is not int:
        return intcomma(value)
    return _grouped_int(value, language or get_language())
