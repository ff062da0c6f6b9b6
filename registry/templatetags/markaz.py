"""Template helpers of the public site: navigation, addresses and figure formatting.

A list page shows 50 rows with several addresses, dates and choice labels each; Django's tags for
them redo per row what depends only on the page's language (a full reverse(), a date format
parsed, every label of a field translated, a number's grouping looked up in the format
modules), so the helpers below do that once per language.
"""

import datetime
import functools
import re

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language

from registry.fiscal import fiscal_year, fiscal_year_label
from registry.models import women_share
from registry.names import local_name

register = template.Library()

# What the `slug` path converter accepts; a slug reverse() would refuse goes through reverse().
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_MARKER = "__slug__"


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """Return a navigation item, marked as the current page when the path is in its section."""
    url = reverse(url_name)
    path = context["request"].path
    current = path == url if url == "/" else path.startswith(url)
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.filter
def share_of(women, workers):
    """Return the weighted women's share as "18.2%", or "—" when nobody works."""
    share = women_share(women or 0, workers or 0)
    return "—" if share is None else f"{share}%"


@functools.cache
def _around_slug(url_name, language, script_prefix, urlconf):
    """Return the parts of a slug page's address before and after its slug."""
    before, _, after = reverse(url_name, args=[SLUG_MARKER]).partition(SLUG_MARKER)
    return before, after


@register.filter
def slug_url(slug, url_name):
    """Return what {% url url_name slug %} returns, reversing the pattern once per language."""
    if not SLUG.fullmatch(slug):
        return reverse(url_name, args=[slug])
    before, after = _around_slug(url_name, get_language(), get_script_prefix(), get_urlconf())
    return f"{before}{slug}{after}"


@register.filter
def facility_url(facility):
    """Return the public page of a park or a centre."""
    return slug_url(facility.slug, f"{facility.kind_label}-detail")


@functools.cache
def _choice_labels(field, language):
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice_label(record, field_name):
    """Return record.get_<field_name>_display(), the labels translated once per language."""
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return _choice_labels(field, get_language()).get(value, value)


@functools.lru_cache(maxsize=4096)
def _formatted_day(day, format_string, language):
    return date_format(day, format_string)


@register.filter
def day_format(value, format_string):
    """Return value|date:format_string, formatting each date once per language and format."""
    if type(value) is not datetime.date:
        return date_filter(value, format_string)
    return _formatted_day(value, format_string, get_language())


@functools.lru_cache(maxsize=4096)
def _grouped_int(number, language):
    return intcomma(number)


@register.filter(is_safe=True)
def grouped(value):
    """Return value|intcomma ("12,345"), grouping each whole number once per language."""
    if type(value) is not int:
        return intcomma(value)
    return _grouped_int(value, get_language())


@register.filter
def fy_label(year):
    """Return a fiscal year's public label, e.g. "FY2025 (2024-25)", or "—"."""
    return fiscal_year_label(year) if year else "—"


@register.filter
def fy_of(day):
    """Return the label of the fiscal year a date falls in, or "—"."""
    return fiscal_year_label(fiscal_year(day)) if day else "—"


@register.simple_tag(takes_context=True)
def translated_url(context, language_code):
    """Return this page's address in another language, with the same query string."""
    return translate_url(context["request"].get_full_path(), language_code)


register.filter("local_name", local_name)
