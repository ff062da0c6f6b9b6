"""Form inputs of the public pages.

A date or number input given text it cannot parse (an edited address: `?as_of=yesterday`) would
otherwise echo it back as its value, which is invalid HTML and which browsers discard anyway; the
error message next to the field still says what was wrong.

A select is written in Python (`PlainSelect`): Django renders one template per option, and the
list pages' filter forms hold a hundred options.
"""

import datetime
import re

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

# HTML's "valid floating-point number".
NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")
# HTML's "valid month string" (four-digit years).
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class IsoDateInput(forms.DateInput):
    """`<input type="date">` showing YYYY-MM-DD, or nothing when the value is not such a date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return value


class MonthInput(forms.TextInput):
    """`<input type="month">` showing YYYY-MM, or nothing when the value is not such a month."""

    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        value = super().format_value(value)
        if isinstance(value, str) and not MONTH.fullmatch(value):
            return None
        return value


class NumberInput(forms.NumberInput):
    """`<input type="number">` showing its value only when the value is a number."""

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str) and not NUMBER.fullmatch(value):
            return None
        return value


def attributes(attrs):
    """Return HTML attributes as Django's widgets/attrs.html writes them (True: the name alone)."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A `<select>` with the very HTML of Django's select.html, written without templates.

    The filter forms of the lists render about a hundred options, and Django's templates (one
    include per option) made them a large share of every list page. Grouped choices (the
    companies list's facilities, parks and centres each an `<optgroup>`) are written the same way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, group, _ in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"{attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
                for option in group
            )
            if group_name:
                parts.append("\n  </optgroup>")
        return mark_safe(
            f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>'
            f"{''.join(parts)}\n</select>"
        )
