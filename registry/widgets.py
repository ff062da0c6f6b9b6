"""Form inputs of the public pages that render only values their HTML input type can hold.

A date or number input given text it cannot parse (an edited address: `?as_of=yesterday`) would
otherwise echo it back as its value, which is invalid HTML and which browsers discard anyway; the
error message next to the field still says what was wrong.
"""

import datetime
import re

from django import forms

# HTML's "valid floating-point number".
NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")


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


class NumberInput(forms.NumberInput):
    """`<input type="number">` showing its value only when the value is a number."""

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str) and not NUMBER.fullmatch(value):
            return None
        return value
