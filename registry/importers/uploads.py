"""Files uploaded to the admin's import (SPEC §5, §6): capped, then read as CSV or XLSX rows.

Two caps, both settings: the upload's size (``IMPORT_MAX_UPLOAD_MB``) and, for an XLSX file
(a zip of XML), the size its parts declare they unpack to (``IMPORT_MAX_XLSX_INFLATED_MB``),
checked before anything unpacks it; Python's zip reader never unpacks more than a part
declares, so a "zip bomb" is refused without being opened.
"""

import enum
import io
import zipfile

from django.conf import settings

from .files import CsvFile

MB = 1024 * 1024


class UploadFormat(enum.StrEnum):
    """The formats the admin's import reads, named as django-import-export titles them."""

    CSV = "csv"
    XLSX = "xlsx"


def size_refusal(size: int) -> str | None:
    """Return why an upload of this many bytes cannot be imported, or None."""
    cap = settings.IMPORT_MAX_UPLOAD_MB
    if size > cap * MB:
        return (
            f"The file is {size / MB:.1f} MB; files of at most {cap} MB can be imported. "
            "Split it into smaller files and import them one after another."
        )
    return None


def upload_refusal(data: bytes, file_format: str) -> str | None:
    """Return why an upload cannot be imported (its size, its unpacked size), or None."""
    refusal = size_refusal(len(data))
    if refusal is not None or file_format != UploadFormat.XLSX:
        return refusal
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        return "This is not an Excel workbook (.xlsx); save it as .xlsx or as CSV UTF-8."
    inflated, cap = sum(part.file_size for part in parts), settings.IMPORT_MAX_XLSX_INFLATED_MB
    if inflated > cap * MB:
        return (
            f"This workbook unpacks to {inflated / MB:,.0f} MB, more than the {cap} MB that can "
            "be imported; save it as CSV UTF-8, or split it into smaller workbooks."
        )
    return None


class SheetFile(CsvFile):
    """A bulk file's header and rows read from the first sheet of an XLSX workbook; a row's
    line is its row number in the sheet."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(name, None)
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            self.errors.append((None, None, f"The workbook cannot be read ({exc})."))
            return
        try:
            for line, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
                cells = [
                    "" if value is None else value.strip() if isinstance(value, str) else value
                    for value in values
                ]
                if not self.headers:
                    # A sheet's formatting often reaches past its last named column.
                    while cells and cells[-1] == "":
                        cells.pop()
                    if cells:
                        self.set_header(line, [str(cell).strip() for cell in cells])
                elif any(cell != "" for cell in cells):
                    self.add_row(line, cells)
        finally:
            book.close()
        if not self.headers:
            self.errors.append((1, None, "The sheet is empty; it needs a header row of columns."))


def read_upload(name: str, data: bytes, file_format: str) -> CsvFile:
    """Return the header, rows and lines of an uploaded bulk file (a CsvFile or a SheetFile)."""
    return SheetFile(name, data) if file_format == UploadFormat.XLSX else CsvFile(name, data)
