"""Reading bulk files from disk, loading them all or nothing, and writing them back out."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from registry.models.changes import bump_registry_version

from .base import BulkFile, bulk_files
from .batch import BatchLoad, RowKind

BOM = b"\xef\xbb\xbf"
# Bytes that are not UTF-8 become these lone surrogates under the "surrogateescape" handler.
UNDECODED = re.compile("[\udc80-\udcff]")
# A problem of a file: its line, its column and what is wrong (line and column None if unknown).
Problem = tuple[int | None, str | None, str]


class CsvFile:
    """A bulk file's header, rows and each row's physical line number, read from CSV bytes."""

    def __init__(self, name: str, data: bytes | None) -> None:
        self.name = name
        self.headers, self.rows, self.lines, self.errors = [], [], [], []
        self.header_line = 1
        if data is None:
            return
        data = data.removeprefix(BOM)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.errors.append(self.not_utf8(data, exc))
            return
        if not text.strip():
            self.errors.append((1, None, "The file is empty; it needs a header row of columns."))
            return
        self.parse(text)

    @classmethod
    def from_path(cls, path: str | Path) -> "CsvFile":
        """Read a bulk file from disk."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            source = cls(Path(path).name, None)
            source.errors.append((None, None, f"The file cannot be read: {exc.strerror}."))
            return source
        return cls(Path(path).name, data)

    def parse(self, text: str) -> None:
        """Read the header and rows of CSV text."""
        reader = csv.reader(io.StringIO(text, newline=""))
        line = 1
        try:
            for cells in reader:
                cells = [cell.strip() for cell in cells]
                if not self.headers:
                    self.set_header(line, cells)
                elif any(cells):
                    self.add_row(line, cells)
                line = reader.line_num + 1
        except csv.Error as exc:
            self.errors.append((reader.line_num, None, f"The file is not valid CSV: {exc}."))

    @property
    def all_named(self) -> bool:
        """Say whether the header names every column."""
        return all(self.headers)

    def set_header(self, line: int, cells: list[str]) -> None:
        """Take the cells as the header, noting every column it leaves unnamed."""
        self.headers, self.header_line = cells, line
        self.errors += [
            (line, f"column {number}", "The header names no column here.")
            for number, header in enumerate(cells, 1)
            if not header
        ]

    def add_row(self, line: int, cells: list) -> None:
        """Keep a row padded to the header's width, or refuse one with cells beyond it."""
        width = len(self.headers)
        extra = [(number, cell) for number, cell in enumerate(cells[width:], width + 1) if cell]
        if extra:
            number, cell = extra[0]
            self.errors.append(
                (line, f"column {number}", f"“{cell}” is beyond the {width} header columns.")
            )
            return
        self.rows.append(cells[:width] + [""] * (width - len(cells)))
        self.lines.append(line)

    @staticmethod
    def not_utf8(data: bytes, exc: UnicodeDecodeError) -> Problem:
        """Return the problem of bytes that are not UTF-8, naming the row and cell."""
        # Find the cell to name, decoding only to locate it: a guessed code page is never stored.
        reader = csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline=""))
        headers, line, column = None, 1, None
        for cells in reader:
            headers = headers or cells
            bad = [index for index, cell in enumerate(cells) if UNDECODED.search(cell)]
            if bad:
                index = bad[0]
                column = headers[index].strip() if index < len(headers) else f"column {index + 1}"
                break
            line = reader.line_num + 1
        return (
            line,
            column,
            f"The file is not UTF-8 text (byte 0x{data[exc.start]:02X} cannot be read); "
            "it was probably saved in a Windows code page. Save it as “CSV UTF-8” and load "
            "it again.",
        )


def format_error(name: str, line: int | None, column: str | None, message: str) -> str:
    """Return an error as `file:line: column: message`, leaving out the parts not known."""
    return ": ".join(part for part in (f"{name}:{line}" if line else name, column, message) if part)


@dataclass
class LoadReport:
    """What a load did: a summary line per file, or every error (and then nothing was saved)."""

    summaries: list
    errors: list


def load_file(bulk: BulkFile, path: str | Path, by: str) -> tuple[str | None, list[str]]:
    """Import one bulk file inside the caller's transaction; return (summary, errors).

    History names the file and `by`, the command that loads it, as the reason for each change.
    """
    source = CsvFile.from_path(path)
    problems = list(source.errors)
    if source.headers and source.all_named:
        reason = f"Loaded from {source.name} by {by}"
        result = BatchLoad(bulk.resource_class(), reason=reason).run(
            source.headers, source.rows, source.lines, source.header_line
        )
        problems += result.problems
    if problems:
        # By line, then in the order the file's own header lists the columns.
        position = {column: index for index, column in enumerate(source.headers)}
        problems.sort(key=lambda problem: (problem[0] or 0, position.get(problem[1], -1)))
        return None, [format_error(source.name, *problem) for problem in problems]
    totals = result.totals
    summary = (
        f"{source.name}: {totals[RowKind.NEW]} new, {totals[RowKind.UPDATE]} updated, "
        f"{totals[RowKind.SKIP]} unchanged"
    )
    return summary, []


def load_files(paths: Iterable[str | Path], *, by: str) -> LoadReport:
    """Load bulk files in dependency order, all or nothing, in one transaction.

    `by` names the command loading them ("import_registry"), for the history of each change.
    """
    known = {bulk.name: bulk for bulk in bulk_files()}
    errors, planned = [], {}
    for path in paths:
        name = Path(path).name
        if name not in known:
            errors.append(
                format_error(name, None, None, f"Unknown file name; expected {', '.join(known)}.")
            )
        elif name in planned:
            errors.append(format_error(name, None, None, "This file is given more than once."))
        else:
            planned[name] = path
    summaries = []
    with transaction.atomic():
        for bulk in known.values():
            if bulk.name in planned:
                summary, file_errors = load_file(bulk, planned[bulk.name], by)
                summaries.append(summary)
                errors += file_errors
        if errors:
            transaction.set_rollback(True)
        else:
            # Bulk writes send no signals: one bump tells cached pages the registry changed.
            bump_registry_version()
    return LoadReport(summaries=[] if errors else summaries, errors=errors)


def stored_rows() -> dict[type, int]:
    """Return how many rows the registry holds of each model a bulk file loads, in load order."""
    models = [bulk.resource_class._meta.model for bulk in bulk_files()]
    return {model: model._default_manager.count() for model in models}


def export_files(directory: str | Path) -> list[tuple[str, int]]:
    """Write every bulk file into the directory (UTF-8 with BOM); return (name, rows) pairs."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for bulk in bulk_files():
        headers, rows = bulk.resource_class().export_rows()
        with open(directory / bulk.name, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows(rows)
        written.append((bulk.name, len(rows)))
    return written
