"""Loading one bulk file's rows in chunks: read by the resource's widgets, judged by the model,
written in bulk (SPEC §4.2; §6 "Bulk load").

Every row is read with the resource's fields and widgets, matched on its natural key in a map of
the stored rows read once, and judged by the model's ``full_clean()``: every field rule and
every ``clean()``, so a rule added to a model is checked here without a word in this module.
The rules that need a query (``validate_unique()``, the constraints) are left to the database,
which judges them all when a chunk of rows is written with ``bulk_create()``/``bulk_update()``.
A row the model refuses, and every row of a chunk the database refused, is judged again the
thorough way, one row at a time with its queries and its own savepoint
(``BulkResource.validate_instance``, ``BulkResource.save_row``), so every problem is reported
in the words it always was and the clean rows cost no query of their own.

The caller holds the transaction and rolls it back when there are problems (all or nothing);
the written rows' history is written in bulk, chunk by chunk.
"""

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .bulk_writes import (
    BATCH_SIZE,
    forget_inserts,
    insert_objects,
    set_links,
    update_objects,
    write_history,
)

if TYPE_CHECKING:
    from .base import BulkResource


class RowKind(enum.StrEnum):
    """What loading a row does with it, as django-import-export names it."""

    NEW = "new"
    UPDATE = "update"
    SKIP = "skip"
    INVALID = "invalid"


# The kinds of a row that loads: a preview shows the first rows of each.
LOADED_KINDS = (RowKind.NEW, RowKind.UPDATE, RowKind.SKIP)


@dataclass
class RowResult:
    """A row of the file as a preview shows it: its line, what it does, its key, its changes."""

    line: int
    import_type: RowKind
    key: str
    changes: list = field(default_factory=list)


@dataclass
class FileResult:
    """What loading a file's rows did (or would do): totals, problems, the first rows of each
    kind (new, update, skip), and warnings that refuse nothing (line, column, message)."""

    totals: Counter
    problems: list
    shown: dict
    warnings: list = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Return how many rows load: new, updated or unchanged."""
        return sum(self.totals[kind] for kind in LOADED_KINDS)


@dataclass
class Pending:
    """A valid row waiting for its chunk to be written."""

    instance: models.Model
    new: bool
    line: int
    unreadable: dict
    fields: set
    links: dict


class BatchLoad:
    """Loads one bulk file's rows with a resource, in chunks, inside the caller's transaction."""

    def __init__(
        self,
        resource: "BulkResource",
        *,
        shown_rows: int = 0,
        user: object = None,
        reason: str = "",
        progress: Callable[[int], None] | None = None,
        on_written: Callable[[list, list], None] | None = None,
    ) -> None:
        self.resource = resource
        self.model = resource._meta.model
        self.shown_rows = shown_rows
        self.user, self.reason = user, reason
        # Told how many rows were read, now and then; and of each chunk's written records.
        self.progress, self.on_written = progress, on_written
        self.totals = Counter()
        self.problems = []
        self.warnings = []
        self.shown = {kind: [] for kind in LOADED_KINDS}
        self.pending = []
        # The primary keys of the records written, for the resource's after_load().
        self.written = []

    def run(
        self,
        headers: list[str],
        rows: Iterable[Sequence],
        lines: Iterable[int],
        header_line: int = 1,
    ) -> FileResult:
        """Load the rows (lists of cells under the headers, each on its line); return the
        FileResult."""
        resource = self.resource
        header = resource.header_errors(headers)
        if header:
            self.problems = [(header_line, name, text) for name, text in header]
            return self.result()
        self.fields = [f for f in resource.get_import_fields() if f.column_name in headers]
        self.link_fields = [f for f in self.fields if f in resource.m2m_fields]
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.stored = resource.stored_by_key()
        self.seen = set()
        for number, (cells, line) in enumerate(zip(rows, lines, strict=True), 1):
            self.read_row(number, dict(zip(headers, cells, strict=False)), line)
            if len(self.pending) >= BATCH_SIZE:
                self.flush()
            if self.progress is not None and number % BATCH_SIZE == 0:
                self.progress(number)
        self.flush()
        if not self.problems:
            resource.after_load(self.written)
        return self.result()

    def result(self) -> FileResult:
        """Return what loading the rows did so far."""
        return FileResult(
            totals=self.totals, problems=self.problems, shown=self.shown, warnings=self.warnings
        )

    def read_row(self, number: int, row: dict[str, object], line: int) -> None:
        """Read, match and judge one row; queue it to be written, or record its problems."""
        resource = self.resource
        values, unreadable = {}, {}
        for column in self.fields:
            try:
                values[column] = column.clean(row)
            except ValueError as exc:
                unreadable[column.attribute] = ValidationError(str(exc), code="invalid")
        key = self.key_of(values)
        errors = {}
        if key is not None and key in self.seen:
            errors.update(resource.repeated_key_error())
        elif key is not None:
            self.seen.add(key)
        instance = self.stored.get(key) if key is not None else None
        new = instance is None
        if new:
            instance = self.model()
            before, links_before, shown_before = {}, {}, None
        else:
            before = {f.attname: getattr(instance, f.attname) for f in self.model._meta.fields}
            links_before = {
                f: {obj.pk for obj in getattr(instance, f.attribute).all()}
                for f in self.link_fields
            }
            shown_before = self.rendered(instance) if self.showing(RowKind.UPDATE) else None
        resource.before_row(instance, new=new, number=number)
        links = {}
        for column, value in values.items():
            if column in self.link_fields:
                links[column] = value
            else:
                setattr(instance, column.attribute, value)
        failed = {}
        if not unreadable:
            try:
                instance.full_clean(
                    exclude=resource.fields_read_from_maps(instance),
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                failed = exc.message_dict
        judged = resource.row_problems(
            instance, new=new, number=number, failed={*unreadable, *failed, *errors}
        )
        for name, messages in judged.items():
            errors.setdefault(name, []).extend(messages)
        if errors or unreadable or failed:
            self.refuse(instance, unreadable, errors, line)
            return
        changed = {name for name, value in before.items() if getattr(instance, name) != value}
        links = {
            column: wanted
            for column, wanted in links.items()
            if new or {obj.pk for obj in wanted} != links_before[column]
        }
        if not new and not changed and not links:
            self.totals[RowKind.SKIP] += 1
            self.show(RowKind.SKIP, line, instance)
            return
        kind = RowKind.NEW if new else RowKind.UPDATE
        self.warnings += [
            (line, column, text)
            for column, text in resource.row_warnings(instance, new=new, changed=changed, line=line)
        ]
        if shown_before is not None:
            changes = [
                (column.column_name, old, now)
                for column, old, now in zip(
                    self.fields, shown_before, self.rendered(instance, links), strict=True
                )
                if old != now
            ]
            self.show(kind, line, instance, changes)
        else:
            self.show(kind, line, instance)
        self.pending.append(Pending(instance, new, line, unreadable, changed, links))

    def key_of(self, values: dict) -> tuple | None:
        """Return a row's natural key (pks for references), or None when a part is missing."""
        key = []
        for column in self.key_fields:
            if column not in values:
                return None
            value = values[column]
            key.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(key)

    def rendered(self, instance: models.Model, links: dict | None = None) -> list:
        """Return the row's cells as an export writes them, for the preview's changes."""
        return [
            column.widget.render_objects(links[column])
            if links and column in links
            else column.export(instance)
            for column in self.fields
        ]

    def showing(self, kind: RowKind) -> bool:
        """Say whether the preview still shows rows of this kind."""
        return len(self.shown[kind]) < self.shown_rows

    def show(
        self, kind: RowKind, line: int, instance: models.Model, changes: Iterable[tuple] = ()
    ) -> None:
        """Keep the row for the preview while it shows rows of its kind."""
        if self.showing(kind):
            key = ", ".join(str(column.export(instance)) for column in self.key_fields)
            self.shown[kind].append(RowResult(line, kind, key, list(changes)))

    def refuse(self, instance: models.Model, unreadable: dict, errors: dict, line: int) -> None:
        """Record every problem of a refused row: the loader's own (a repeated key, the caller's
        judgement) and the model's, judged the thorough way, with its queries."""
        try:
            self.resource.validate_instance(instance, unreadable)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.totals[RowKind.INVALID] += 1
        problem = ValidationError(errors)
        self.problems += [(line, name, text) for name, text in self.resource.row_errors(problem)]

    def flush(self) -> None:
        """Write the pending rows in bulk; if the database refuses any, write them one by one."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        created = [p.instance for p in pending if p.new]
        changed = [p.instance for p in pending if not p.new]
        try:
            with transaction.atomic():
                insert_objects(self.model, created)
                update_objects(self.model, changed, set().union(*(p.fields for p in pending)))
                self.write_links(pending)
        except IntegrityError:
            forget_inserts(self.model, created)
            pending = [p for p in pending if self.save_one(p)]
            created = [p.instance for p in pending if p.new]
            changed = [p.instance for p in pending if not p.new]
        self.totals[RowKind.NEW] += len(created)
        self.totals[RowKind.UPDATE] += len(changed)
        write_history(self.model, created, changed, user=self.user, reason=self.reason)
        self.written += [obj.pk for obj in (*created, *changed)]
        if self.on_written is not None:
            self.on_written(created, changed)

    def write_links(self, pending: list[Pending]) -> None:
        """Write the many-to-many links of the pending rows."""
        for column in self.link_fields:
            model_field = self.resource.model_field(column)
            links = {p.instance: p.links[column] for p in pending if column in p.links}
            replacing = [p.instance for p in pending if column in p.links and not p.new]
            set_links(model_field, links, replacing=replacing)

    def save_one(self, pending: Pending) -> bool:
        """Judge and save one row the thorough way; return whether it was saved."""
        errors = {}
        try:
            self.resource.validate_instance(pending.instance, pending.unreadable)
            self.resource.save_row(pending.instance)
            self.write_links([pending])
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not errors:
            return True
        self.totals[RowKind.INVALID] += 1
        problem = ValidationError(errors)
        self.problems += [
            (pending.line, column, text) for column, text in self.resource.row_errors(problem)
        ]
        return False
