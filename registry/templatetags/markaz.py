"""Template helpers of the public site: navigation, addresses and figure formatting."""

import html

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import reverse, translate_url
from django.utils.html import format_html, strip_tags

from registry.models.calendar import fiscal_year, fiscal_year_label
from registry.public import display
from registry.public.names import local_name

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """Return a navigation item, marked as the current page when the path is in its section.

    The overview's section is its own page alone: its address is the language's root ("/",
    "/ur/"), which every other address of that language starts with, a missing one included.
    """
    url = reverse(url_name)
    path = context["request"].path
    current = path == url if url == reverse("overview") else path.startswith(url)
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """Return the plain text of one of the page's blocks, as the page defines it, e.g. its title.

    For what repeats a block elsewhere on the page (the sharing metadata repeats the title and
    the description): the block is rendered again, its tags stripped and its spaces collapsed.
    """
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks else None
    if block is None:
        return ""
    return " ".join(html.unescape(strip_tags(block.nodelist.render(context))).split())


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
register.filter("share_of", display.share_of)
register.filter("percent", display.percent)
register.filter("slug_url", display.slug_url)
register.filter("facility_url", display.facility_url)
register.filter("choice_label", display.choice_label)
register.filter("day_format", display.day_format)
# Like humanize's intcomma, whose output it is: safe text stays safe.
register.filter("grouped", display.grouped, is_safe=True)
