"""Assert that the database refuses a write by the named constraint, on SQLite and PostgreSQL."""

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint


def sqlite_words(name):
    """Return how SQLite's message names the constraint PostgreSQL calls `name`.

    SQLite names a CHECK constraint (and a trigger's or an expression index's error) as
    PostgreSQL does, a unique one by its columns, and a field's own check by the column.
    """
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            if constraint.name == name:
                if isinstance(constraint, UniqueConstraint) and constraint.fields:
                    columns = (model._meta.get_field(field).column for field in constraint.fields)
                    return ", ".join(f"{table}.{column}" for column in columns)
                return name
        for field in model._meta.local_fields:
            if name == f"{table}_{field.column}_key":
                return f"{table}.{field.column}"
            if name == f"{table}_{field.column}_check":
                return f"CHECK constraint failed: {field.column}"
    return name


@contextmanager
def raises_constraint(name):
    """Assert that the block's write is refused by the constraint `name`, in a savepoint."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        yield error
    expected = sqlite_words(name) if connection.vendor == "sqlite" else name
    assert expected in str(error.value), f"not refused by {name}: {error.value}"
