"""The resource every bulk file is read and written with, and the registry of bulk files."""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils.module_loading import autodiscover_modules
from import_export import fields, resources, widgets

from .widgets import (
    CodeListWidget,
    IsoDateWidget,
    PlainDecimalWidget,
    ReferenceWidget,
    TextWidget,
    WholeNumberWidget,
    lookup_field,
)


def constraint_fields(constraint: models.BaseConstraint) -> list[str]:
    """Return the model fields a constraint refers to, in the order it names them."""
    names = list(getattr(constraint, "fields", ()))
    pending = [*getattr(constraint, "expressions", ()), getattr(constraint, "condition", None)]
    while pending:
        node = pending.pop(0)
        if isinstance(node, Q):
            pending[:0] = node.children
        elif isinstance(node, tuple):
            lookup, value = node
            names.append(lookup.split("__")[0])
            if isinstance(value, F) or hasattr(value, "flatten"):
                pending.insert(0, value)
        elif isinstance(node, F):
            names.append(node.name.split("__")[0])
        elif hasattr(node, "flatten"):
            pending[:0] = [expr for expr in node.flatten() if expr is not node]
    return names


class BulkResource(resources.ModelResource):
    """One bulk file's rows as one model's records: matched on the natural key, fully validated.

    Subclasses list the §4.2 columns in ``Meta.fields`` (also the export order) and the natural
    key in ``Meta.import_id_fields``; the model's ``full_clean()`` judges every row.
    """

    # Model fields that are not columns, and the column whose value they derive from.
    error_columns = {}
    # Whether rows are also judged for warnings that refuse nothing (the admin's preview).
    warns = False

    class Meta:
        skip_html_diff = True

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: models.Field, readonly: bool
    ) -> fields.Field:
        """Return the column of a model field, read and written by the bulk format's widget."""
        return fields.Field(
            attribute=field_name,
            column_name=field_name,
            widget=cls.widget_for(django_field),
            readonly=readonly,
        )

    @classmethod
    def widget_for(cls, django_field: models.Field) -> widgets.Widget:
        """Return the widget that reads and writes a model field in the bulk format."""
        related = django_field.related_model
        if django_field.many_to_many:
            return CodeListWidget(related, field=lookup_field(related))
        if django_field.is_relation:
            return ReferenceWidget(related, field=lookup_field(related))
        if isinstance(django_field, models.DateField):
            return IsoDateWidget()
        if isinstance(django_field, models.DecimalField):
            return PlainDecimalWidget()
        if isinstance(django_field, models.IntegerField):
            return WholeNumberWidget()
        return TextWidget(null=django_field.null)

    def after_load(self, written: list) -> None:
        """Called with the primary keys of the records a file wrote, once all of them are."""

    def natural_key_columns(self) -> list[str]:
        """Return the columns of the natural key."""
        return [self.fields[name].column_name for name in self.get_import_id_fields()]

    def model_field(self, field: fields.Field) -> models.Field:
        """Return the model field a column reads into."""
        return self._meta.model._meta.get_field(field.attribute)

    def header_errors(self, headers: Iterable[str]) -> list[tuple[str, str]]:
        """Return (column, message) for each duplicate, unknown or missing column of a header."""
        columns = [field.column_name for field in self.get_import_fields()]
        required = set(self.natural_key_columns()) | {
            field.column_name
            for field in self.get_import_fields()
            if not self.model_field(field).blank
        }
        errors, seen = [], set()
        for header in filter(None, headers):
            if header in seen:
                errors.append((header, "This column appears more than once in the header."))
            elif header not in columns:
                errors.append((header, f"Unknown column; the columns are: {', '.join(columns)}."))
            seen.add(header)
        errors += [
            (column, "This required column is missing from the header.")
            for column in columns
            if column in required and column not in seen
        ]
        return errors

    def column_for(self, name: str) -> str:
        """Return the CSV column that a model field's (or a constraint's) error belongs to."""
        by_attribute = {field.attribute: field.column_name for field in self.get_import_fields()}
        by_attribute.update(self.error_columns)
        return by_attribute.get(name, self.natural_key_columns()[0])

    def row_errors(self, error: ValidationError) -> list[tuple[str, str]]:
        """Return (column, message) for every message of a row's ValidationError."""
        found = []
        for name, messages in error.message_dict.items():
            for message in messages:
                column = self.column_for(
                    self.constraint_field(message) if name == NON_FIELD_ERRORS else name
                )
                found.append((column, message))
        return found

    def constraint_field(self, message: str) -> str:
        """Return the first field of the model constraint whose message this is, if any."""
        model = self._meta.model
        columns = {field.attribute for field in self.get_import_fields()}
        for parent in [model, *model._meta.get_parent_list()]:
            for constraint in parent._meta.constraints:
                if str(constraint.get_violation_error_message()) == message:
                    named = [name for name in constraint_fields(constraint) if name in columns]
                    if named:
                        return named[0]
        return NON_FIELD_ERRORS

    @cached_property
    def m2m_fields(self) -> list[fields.Field]:
        """Return the many-to-many columns."""
        return [
            field
            for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ManyToManyWidget)
        ]

    @cached_property
    def reference_fields(self) -> list[fields.Field]:
        """Return the columns that name another record."""
        return [
            field for field in self.get_import_fields() if isinstance(field.widget, ReferenceWidget)
        ]

    def stored_by_key(self) -> dict[tuple, models.Model]:
        """Return every stored record of the file's model by its natural key (pks for
        references), read once."""
        model = self._meta.model
        attnames = [
            model._meta.get_field(self.fields[name].attribute).attname
            for name in self.get_import_id_fields()
        ]
        return {
            tuple(getattr(instance, attname) for attname in attnames): instance
            for instance in self.get_queryset().iterator(chunk_size=2000)
        }

    def repeated_key_error(self) -> dict[str, list[str]]:
        """Return the error of a row whose natural key an earlier row of the file has."""
        *others, last = self.natural_key_columns()
        columns = f"{', '.join(others)} and {last}" if others else last
        first = self.fields[self.get_import_id_fields()[0]].attribute
        return {first: [f"An earlier row of this file has the same {columns}."]}

    def before_row(self, instance: models.Model, *, new: bool, number: int) -> None:
        """Look at a row's record before the file's values are set on it (for subclasses)."""

    def row_problems(
        self, instance: models.Model, *, new: bool, number: int, failed: Iterable[str]
    ) -> dict[str, list[str]]:
        """Return {field: [messages]} of what else refuses a row, beyond the model's rules; the
        fields in failed have problems already (for subclasses)."""
        return {}

    def row_warnings(
        self, instance: models.Model, *, new: bool, changed: set[str], line: int
    ) -> list[tuple[str, str]]:
        """Return (column, message) for what a clerk should look at in a row that loads, refusing
        nothing; changed holds the attnames an update changes (for subclasses)."""
        return []

    def validate_instance(
        self,
        instance: models.Model,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        """Judge a row's record by the model's rules; raise one ValidationError with them all."""
        # A cell that could not be read is reported once, not again as the empty value it left.
        unreadable = import_validation_errors or {}
        errors = {}
        try:
            instance.full_clean(
                exclude=[*unreadable, *self.fields_read_from_maps(instance)],
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        try:
            self.validate_constraints(instance, exclude={*unreadable, *errors})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors or unreadable:
            raise ValidationError({**errors, **unreadable})

    def fields_read_from_maps(self, instance: models.Model) -> list[str]:
        """Return the references a row named and the loader found: they exist, unasked."""
        return [
            field.attribute
            for field in self.reference_fields
            if getattr(instance, self.model_field(field).attname) is not None
        ]

    def validate_constraints(self, instance: models.Model, exclude: Iterable[str]) -> None:
        """Check the constraints that only a query can judge before the row is saved.

        Two kinds are left to other judges, which saves three queries a row. Check constraints:
        the database enforces them when the row is saved (``do_instance_save`` reports a refusal
        with the constraint's own message) and ``clean()`` states their rules for the clerk.
        The natural key's uniqueness: the instance loader's map and ``keys_seen`` know it.
        """
        natural_key = {
            self.model_field(self.fields[name]).name for name in self.get_import_id_fields()
        }
        errors = {}
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint) or (
                    set(getattr(constraint, "fields", ())) == natural_key
                ):
                    continue
                try:
                    constraint.validate(model, instance, exclude=exclude)
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_row(self, instance: models.Model) -> None:
        """Save one record in its own savepoint; a constraint's refusal is a ValidationError
        with the constraint's message. Its history is written with the file's, in bulk."""
        instance.skip_history_when_saving = True
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as exc:
            constraint = self.refused_by(instance, exc)
            if constraint is None:
                raise
            message = constraint.get_violation_error_message()
            raise ValidationError({NON_FIELD_ERRORS: [message]}) from exc
        finally:
            del instance.skip_history_when_saving

    @staticmethod
    def refused_by(instance: models.Model, error: Exception) -> models.BaseConstraint | None:
        """Return the model constraint a database error names, if it names one."""
        message = str(error)
        for _, constraints in instance.get_constraints():
            for constraint in constraints:
                if re.search(rf"\b{re.escape(constraint.name)}\b", message):
                    return constraint
        return None

    def export_rows(self) -> tuple[list[str], list[Sequence]]:
        """Return the header and the rows of every record, sorted by the natural key."""
        dataset = self.export()
        positions = [dataset.headers.index(column) for column in self.natural_key_columns()]
        rows = sorted(dataset, key=lambda row: [row[position] for position in positions])
        return dataset.headers, rows


@dataclass(frozen=True)
class BulkFile:
    """A bulk file: its name, its place in the load order, and the resource for its rows."""

    name: str
    order: int
    resource_class: type


BULK_FILES = {}


def bulk_file(name: str, order: int) -> Callable[[type], type]:
    """Register a resource as the loader of a bulk file; files load in ascending order."""

    def register(resource_class):
        BULK_FILES[name] = BulkFile(name, order, resource_class)
        return resource_class

    return register


def bulk_files() -> list[BulkFile]:
    """Return every app's bulk files in load order."""
    autodiscover_modules("importers")
    return sorted(BULK_FILES.values(), key=lambda bulk: bulk.order)
