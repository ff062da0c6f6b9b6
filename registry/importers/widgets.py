"""Widgets that read and write the cells of the bulk-load files (SPEC §4.2) and name bad values."""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import models
from import_export import widgets

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MONTH = re.compile(r"\d{4}-\d{2}")
WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def is_empty(value: object) -> bool:
    """Say whether a cell is empty (None or blank)."""
    return value is None or str(value).strip() == ""


def text(value: object) -> str:
    """Return a cell as trimmed text; a spreadsheet's whole number 12.0 reads as "12"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.CharWidget):
    """Text, trimmed; an empty cell is "" or, for a nullable field, None; a NUL is an error.

    PostgreSQL text cannot hold a NUL character (and SQLite would keep it silently), so the cell
    is refused by its column, the same on both.
    """

    def __init__(self, null: bool = False) -> None:
        super().__init__(allow_blank=not null)

    def clean(self, value: object, row: dict | None = None, **kwargs: object) -> str | None:
        if is_empty(value):
            return "" if self.allow_blank else None
        if "\x00" in text(value):
            raise ValueError("The cell contains a NUL character (0x00), which text cannot hold.")
        return text(value)


class WholeNumberWidget(widgets.IntegerWidget):
    """A plain whole number such as 1200 (no separators, no decimals)."""

    def clean(self, value: object, row: dict | None = None, **kwargs: object) -> int | None:
        if is_empty(value):
            return None
        if not WHOLE_NUMBER.fullmatch(text(value)):
            raise ValueError(f"“{value}” is not a whole number.")
        return int(text(value))

    def render(self, value: object, obj: object = None, **kwargs: object) -> str:
        return "" if value is None else str(value)


class PlainDecimalWidget(widgets.DecimalWidget):
    """A plain decimal number such as 33.7215, exported without trailing zeros."""

    def clean(self, value: object, row: dict | None = None, **kwargs: object) -> Decimal | None:
        if is_empty(value):
            return None
        try:
            number = Decimal(text(value))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(f"“{value}” is not a number (write it like 33.7215).")
        return number

    def render(self, value: object, obj: object = None, **kwargs: object) -> str:
        return "" if value is None else format(value.normalize(), "f")


class IsoDateWidget(widgets.DateWidget):
    """A date written YYYY-MM-DD."""

    def clean(
        self, value: object, row: dict | None = None, **kwargs: object
    ) -> datetime.date | None:
        if is_empty(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if ISO_DATE.fullmatch(text(value)):
            try:
                return datetime.date.fromisoformat(text(value))
            except ValueError:
                pass
        raise ValueError(f"“{value}” is not a date; write dates as YYYY-MM-DD, e.g. 2024-07-01.")

    def render(self, value: object, obj: object = None, **kwargs: object) -> str:
        return value.isoformat() if value else ""


class MonthWidget(IsoDateWidget):
    """A month written YYYY-MM, or as an ISO date of any of its days; stored as its first day.

    A spreadsheet that turned the month into a date (a date cell, or YYYY-MM-DD text) still
    names the month the clerk meant.
    """

    def clean(
        self, value: object, row: dict | None = None, **kwargs: object
    ) -> datetime.date | None:
        if is_empty(value):
            return None
        if isinstance(value, datetime.date) or ISO_DATE.fullmatch(text(value)):
            try:
                return super().clean(value).replace(day=1)
            except ValueError:
                pass
        if ISO_MONTH.fullmatch(text(value)):
            try:
                return datetime.date.fromisoformat(f"{text(value)}-01")
            except ValueError:
                pass
        raise ValueError(
            f"“{value}” is not a month; write the month as YYYY-MM, e.g. 2024-07 "
            "(a date of any day of the month, YYYY-MM-DD, also names it)."
        )

    def render(self, value: object, obj: object = None, **kwargs: object) -> str:
        return f"{value.year:04d}-{value.month:02d}" if value else ""


def lookup_field(model: type[models.Model]) -> str:
    """Return the field a bulk file names a related row by: its slug, else its code (the pk)."""
    names = {field.name for field in model._meta.get_fields()}
    return "slug" if "slug" in names else model._meta.pk.name


class ReferenceMixin:
    """Looks references up in a map of every related row, loaded once per import."""

    def references(self) -> dict[str, models.Model]:
        """Return every related row by the text that names it, read once."""
        if getattr(self, "_references", None) is None:
            self._references = {
                str(getattr(obj, self.field)): obj for obj in self.model._default_manager.all()
            }
        return self._references

    def unknown(self, values: list[str]) -> ValueError:
        """Return the error naming references that match no row."""
        noun = self.model._meta.verbose_name
        label = "code" if self.field != "slug" else "slug"
        listed = ", ".join(f"“{value}”" for value in values)
        message = f"There is no {noun} with the {label} {listed}."
        if label == "code":
            message += f" The codes are: {', '.join(sorted(self.references()))}."
        return ValueError(message)


class ReferenceWidget(ReferenceMixin, widgets.ForeignKeyWidget):
    """A reference to another row by its slug (or code)."""

    def clean(
        self, value: object, row: dict | None = None, **kwargs: object
    ) -> models.Model | None:
        if is_empty(value):
            return None
        try:
            return self.references()[text(value)]
        except KeyError:
            raise self.unknown([text(value)]) from None

    def render(self, value: object, obj: object = None, **kwargs: object) -> str:
        return "" if value is None else str(getattr(value, self.field))


class CodeListWidget(ReferenceMixin, widgets.ManyToManyWidget):
    """Several references in one cell, separated by semicolons; exported sorted."""

    def __init__(self, model: type[models.Model], field: str | None = None) -> None:
        super().__init__(model, separator=";", field=field)

    def clean(self, value: object, row: dict | None = None, **kwargs: object) -> list[models.Model]:
        codes = list(dict.fromkeys(code.strip() for code in text(value or "").split(";")))
        codes = [code for code in codes if code]
        unknown = [code for code in codes if code not in self.references()]
        if unknown:
            raise self.unknown(unknown)
        return [self.references()[code] for code in codes]

    def render(self, value: object, obj: object = None, **kwargs: object) -> str:
        if value is None:
            return ""
        return self.render_objects(value.all())

    def render_objects(self, objects: Iterable[models.Model]) -> str:
        """Return the cell naming these related rows."""
        return self.separator.join(sorted(str(getattr(obj, self.field)) for obj in objects))
