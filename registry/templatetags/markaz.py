"""Template helpers of the public site: navigation and figure formatting."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from registry.models import women_share

register = template.Library()


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
