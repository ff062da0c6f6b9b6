"""XLSX files of any rows (SPEC §4.4): the public lists, the tracker, the returns, the admin.

The same columns as registry.web.csv_writer, (header, accessor) pairs, written as typed cells:
dates as dates (yyyy-mm-dd), integers and decimals as numbers, text as text, an empty cell for
null. No formula guard, since a cell is never a formula: text starting with "=" (or spelled like
an error code such as #N/A) is written as a string cell, not left for openpyxl to read as one.
The header row is bold and frozen, and the columns are as wide as the header and the first
rows need.

openpyxl's write-only mode writes each row to a temporary file as it is read and then zips it,
so memory stays flat however many rows; the finished file is streamed from disk.
"""

import contextlib
import datetime
import tempfile
from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registry.web.csv_writer import dated_filename

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_FORMAT = "@"
# The most characters a cell holds: Excel refuses a workbook with a longer one.
MAX_TEXT = 32767
# The rows read ahead to size the columns (the header's width is the least), and the bounds.
SIZED_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
# A sheet's name is at most 31 characters and cannot hold these.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))

Column = tuple[str, Callable[[Any], Any]]


def text_cell(sheet, text: str) -> str | Cell:
    """Return text as a sheet takes it: control characters dropped, never read as a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]
    if text.startswith("=") or text in ERROR_CODES:
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl took it for a formula (or an error value)
        return cell
    return text


def xlsx_value(sheet, value: Any) -> Any:
    """Return the value as a typed cell: None, a number, a date, a boolean or text."""
    kind = type(value)
    if value is None or kind is int or kind is bool or kind is Decimal or kind is float:
        return value
    if kind is str:
        return text_cell(sheet, value) if value else None
    if isinstance(value, datetime.datetime):
        # Excel holds no time zone: a moment is written as Pakistan's wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, datetime.date | int | Decimal | float):
        return value
    return text_cell(sheet, str(value))


def shown_width(value: Any) -> int:
    """Return about how many characters a spreadsheet shows for a value."""
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, datetime.date):
        return 10
    return len(str(value))


def column_widths(headers: list[str], rows: list[list[Any]]) -> list[int]:
    """Return each column's width: its widest header or value of the rows, within bounds."""
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, shown_width(value)) for width, value in zip(widths, row, strict=True)]
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def as_text(sheet, value: Any) -> Cell:
    """Return a cell formatted as text ("@"), so that what is typed into it stays text."""
    text = None if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_TEXT]
    cell = WriteOnlyCell(sheet, value=text)
    if text is not None:
        cell.data_type = "s"  # never a formula, whatever it starts with
    cell.number_format = TEXT_FORMAT
    return cell


def write_xlsx(
    rows: Iterable[Any],
    columns: list[Column],
    title: str,
    out: IO[bytes],
    text_columns: Collection[str] = (),
) -> None:
    """Write the rows' columns to `out` as a workbook of one sheet named `title`.

    The cells of `text_columns` (headers) are formatted as text, even when empty, and so is
    the whole column: a month typed into it is not turned into a date.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title.translate(SHEET_NAME_FORBIDDEN)[:31] or "Sheet")
    headers = [header for header, _ in columns]
    accessors = [accessor for _, accessor in columns]
    values = ([accessor(row) for accessor in accessors] for row in rows)
    ahead = list(islice(values, SIZED_ROWS))
    texts = [header in text_columns for header in headers]
    for index, width in enumerate(column_widths(headers, ahead), 1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = width
        if texts[index - 1]:
            dimension.number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=text_cell(sheet, header))
        cell.font = bold
        header_cells.append(cell)
    try:
        sheet.append(header_cells)
        if any(texts):
            for row in chain(ahead, values):
                sheet.append(
                    [
                        as_text(sheet, value) if text else xlsx_value(sheet, value)
                        for value, text in zip(row, texts, strict=True)
                    ]
                )
        else:
            for row in chain(ahead, values):
                sheet.append([xlsx_value(sheet, value) for value in row])
        book.save(out)
    finally:
        writer = sheet._writer
        if not sheet.closed and writer is not None:
            # A failed export leaves no temporary file behind (its XML is unfinished: closing
            # the writer may complain, and the rows' own error is the one to raise).
            with contextlib.suppress(Exception):
                writer.xf.close()
            writer.cleanup()


def xlsx_file(
    rows: Iterable[Any], columns: list[Column], title: str, text_columns: Collection[str] = ()
) -> IO[bytes]:
    """Return a temporary file holding the workbook (see write_xlsx), read from its start."""
    out = tempfile.TemporaryFile()
    try:
        write_xlsx(rows, columns, title, out, text_columns)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def xlsx_attachment(file: IO[bytes], name: str) -> FileResponse:
    """Stream a workbook's file as an attachment `<name>-YYYY-MM-DD.xlsx` (today in Pakistan)."""
    return FileResponse(
        file,
        as_attachment=True,
        filename=dated_filename(name, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


def xlsx_response(rows: Iterable[Any], columns: list[Column], name: str) -> FileResponse:
    """Answer the rows as an attachment `<name>-YYYY-MM-DD.xlsx`, one sheet named `name`."""
    return xlsx_attachment(xlsx_file(rows, columns, name), name)
