"""A public list declared once (STYLE 3): each column with what the page and the downloads read.

A Column has a name, its CSV header (SPEC §4.1); an export value, a function of a `.values()`
row that names the fields it reads and carries its SQL twin (registry.public.exports.values);
and, when the page can show it, a translatable header and a cell: the HTML of one record's cell
in the page's language. A Table holds a list's columns in the CSV's order and names those the
page shows, in the page's order. From it come the page's header row and rows (`render`, every
`<td>` labelled with its header by `data-label` for the phone-width rows of SPEC §6), the CSV's
columns (`csv_columns`, which COPY compiles too) and the fields the export selects (`values`).
Any other format of the same list (XLSX, JSON, GeoJSON) reads the same `exported` columns, and
the data package (centres.public.datapackage) their types and descriptions.

Cells are written in Python rather than as template lookups and filters: a page shows 50 rows
of about ten cells, and those lookups were about half of a list page's Python. Each cell is
escaped as the template escaped it, so the HTML is the same.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from registry.public.exports.values import field, keys_of

# The class of a cell and the attribute of its column that asks for it.
CELL_CLASSES = (("num", "numeric"), ("nowrap", "nowrap"))


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of a list: its CSV name and value, its page header and cell."""

    name: str
    # The export value of a .values() row (registry.public.exports.values: it names the fields
    # it reads); None when the column is not downloaded.
    value: Callable[[dict], Any] | None = None
    # The page's header (translated when the page is drawn) and the HTML of a record's cell.
    header: Promise | str | None = None
    cell: "Callable[[Any, PageCells], str] | None" = None
    # Numbers align right in the header and the cells; nowrap keeps a date on one line.
    numeric: bool = False
    nowrap: bool = False
    # The row's header cell (<th scope="row">), which names the record.
    row_header: bool = False
    # What a downloaded column holds, for the data package and /data/ (SPEC §4.4): its Table
    # Schema type (string, integer, number, date, year, yearmonth) and its meaning.
    type: str | None = None
    description: Promise | str | None = None

    def but(self, **changes):
        """Return this column with some attributes changed (a list's own header, say)."""
        return dataclasses.replace(self, **changes)


def exported(name, key=None, **described):
    """Return a column downloaded as the row's field `key` (default: its name), not shown."""
    return Column(name, field(key or name), **described)


class PageCells:
    """What the cells of one page share: its language, the date of its figures, addresses."""

    def __init__(self, language, as_of=None):
        self.language = language
        self.as_of = as_of
        self._urls = {}

    def url(self, name):
        """Return reverse(name) in the page's language, reversed once per page."""
        if name not in self._urls:
            self._urls[name] = reverse(name)
        return self._urls[name]


@dataclasses.dataclass(frozen=True)
class RenderedTable:
    """A page's table: its header cells and, per record, its row's cells (each safe HTML)."""

    headers: list[SafeString]
    rows: list[list[SafeString]]


class Table:
    """A list's columns (in the CSV's order) and the names of those its page shows, in order."""

    def __init__(self, *columns: Column, page: tuple[str, ...]):
        by_name = {column.name: column for column in columns}
        if len(by_name) != len(columns):
            raise ValueError("Two columns of a table share a name.")
        self.columns = columns
        self.shown = tuple(by_name[name] for name in page)
        for column in self.shown:
            if column.header is None or column.cell is None:
                raise ValueError(f"Column {column.name} has no page header or cell.")
        self.exported = tuple(column for column in columns if column.value is not None)

    @property
    def csv_columns(self):
        """Return the CSV's (header, value) pairs, as registry.web.csv_writer writes them."""
        return [(column.name, column.value) for column in self.exported]

    @property
    def fields(self):
        """Return the fields of a row the export values read, each once, in the columns' order."""
        keys = (key for column in self.exported for key in keys_of(column.value))
        return tuple(dict.fromkeys(keys))

    def values(self, queryset):
        """Return the queryset's rows as the downloads read them: dicts of `fields`."""
        return queryset.values(*self.fields)

    def render(self, records, as_of=None):
        """Return the page's header cells and rows of the records, in the page's language."""
        cells = PageCells(get_language(), as_of)
        headers, tags = [], []
        for column in self.shown:
            # The header is a translation, written as {% translate %} writes it (not escaped);
            # in the attribute it is escaped.
            header = str(column.header)
            numeric = ' class="num"' if column.numeric else ""
            headers.append(mark_safe(f'<th scope="col"{numeric}>{header}</th>'))
            if column.row_header:
                tags.append(('<th scope="row">', "</th>"))
                continue
            classes = [name for name, wanted in CELL_CLASSES if getattr(column, wanted)]
            attribute = f' class="{" ".join(classes)}"' if classes else ""
            tags.append((f'<td{attribute} data-label="{escape(header)}">', "</td>"))
        shown = [
            (column.cell, start, end) for column, (start, end) in zip(self.shown, tags, strict=True)
        ]
        rows = [
            [mark_safe(f"{start}{cell(record, cells)}{end}") for cell, start, end in shown]
            for record in records
        ]
        return RenderedTable(headers, rows)
