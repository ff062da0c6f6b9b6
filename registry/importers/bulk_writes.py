"""Writing many model rows at once: inserts (multi-table inheritance included), updates, links
and their change history, without a save() or a signal per row.

What save() and signals would do is the caller's: derived fields (``Company.name_key``, which
``clean()`` keeps), the registry version (``registry.models.changes.bump_registry_version``).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from operator import attrgetter

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 2000


def batches(rows: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    """Yield lists of at most size rows from any iterable."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def row_reader(fields: Sequence[models.Field]) -> Callable[[models.Model], list]:
    """Return a function giving an object's values of the fields as the database driver takes
    them: Python's own, but for datetimes, which Django's fields prepare (SQLite stores them
    naive, in UTC)."""
    get = attrgetter(*(field.attname for field in fields))
    timed = [i for i, field in enumerate(fields) if isinstance(field, models.DateTimeField)]

    def read(obj):
        values = get(obj)
        values = [values] if len(fields) == 1 else list(values)
        for i in timed:
            values[i] = fields[i].get_db_prep_save(values[i], connection)
        return values

    return read


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve count new primary keys of the model's table, never used before."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: past the largest key ever given (AUTOINCREMENT keeps it), so a deleted row's
        # key is never reused; the load's transaction holds the only write lock.
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(largest, row[0] if row else 0) + 1
        return list(range(start, start + count))


def insert_rows(
    model: type[models.Model], fields: Sequence[models.Field], rows: Iterable[Sequence]
) -> None:
    """Insert rows of values, in the order of the fields, into the model's own table.

    PostgreSQL gets COPY, several times faster than INSERT; SQLite one parameterised INSERT
    per batch. Neither sends signals nor calls save().
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The driver's own cursor: its errors become Django's, as the wrapper's would.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for batch in batches(rows):
            cursor.executemany(sql, batch)


def insert_objects(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert new objects of the model with new primary keys, set on them; a child of one
    concrete parent (a park, a centre) gets its parent's row first, under the same key."""
    if not objects:
        return
    tables = [*model._meta.parents, model]
    ids = allocate_ids(tables[0], len(objects))
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        for parent, link in model._meta.parents.items():
            setattr(obj, parent._meta.pk.attname, pk)
            setattr(obj, link.attname, pk)
    for table in tables:
        fields = table._meta.local_concrete_fields
        insert_rows(table, fields, map(row_reader(fields), objects))
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def forget_inserts(model: type[models.Model], objects: Iterable[models.Model]) -> None:
    """Make objects whose insert was rolled back new again."""
    for obj in objects:
        obj.pk = None
        for parent, link in model._meta.parents.items():
            setattr(obj, parent._meta.pk.attname, None)
            setattr(obj, link.attname, None)
        obj._state.adding = True


def update_objects(
    model: type[models.Model], objects: list[models.Model], fields: Iterable[str]
) -> None:
    """Write the named fields of stored objects, in batches (parents' fields included)."""
    if objects and fields:
        model._default_manager.bulk_update(objects, sorted(fields), batch_size=BATCH_SIZE)


def set_links(
    field: models.ManyToManyField,
    links: dict[models.Model, Iterable[models.Model]],
    *,
    replacing: Sequence[models.Model] = (),
) -> None:
    """Give objects their many-to-many links, {object: [related objects]}; the stored links of
    the objects in replacing are deleted first."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name())
    target = through._meta.get_field(field.m2m_reverse_field_name())
    if replacing:
        stored = through._default_manager.filter(**{f"{source.name}__in": replacing})
        stored.delete()
    rows = [(obj.pk, related.pk) for obj, objects in links.items() for related in objects]
    insert_rows(through, [source, target], rows)


def write_history(
    model: type[models.Model],
    created: list[models.Model],
    changed: list[models.Model],
    *,
    user: models.Model | None = None,
    reason: str = "",
) -> None:
    """Write the history rows of created and changed objects, as django-simple-history would
    for each save (the user, the reason, their many-to-many links too), in bulk."""
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    tracked = {field.attname for field in history_model.tracked_fields}
    fields = history_model._meta.concrete_fields
    own = [field for field in fields if field.attname in tracked]
    read = row_reader(own)
    date = history_model._meta.get_field("history_date")
    stamp = [
        history_model._meta.get_field(name)
        for name in ("history_id", "history_date", "history_change_reason", "history_type")
    ]
    user_field = history_model._meta.get_field("history_user")
    now = date.get_db_prep_save(timezone.now(), connection)
    for history_type, objects in (("+", created), ("~", changed)):
        if not objects:
            continue
        ids = allocate_ids(history_model, len(objects))
        user_id = user.pk if user is not None else None
        rows = (
            [*read(obj), pk, now, reason, history_type, user_id]
            for obj, pk in zip(objects, ids, strict=True)
        )
        insert_rows(history_model, [*own, *stamp, user_field], rows)
        write_link_history(history_model, dict(zip(ids, objects, strict=True)))


def write_link_history(history_model: type[models.Model], objects: dict[int, models.Model]) -> None:
    """Copy the current many-to-many links of the objects beside their history rows
    ({history id: object}), as django-simple-history does for one saved object."""
    for field in getattr(history_model, "_history_m2m_fields", ()):
        # django-simple-history names the model of a field's historical links so.
        links_model = apps.get_model(
            history_model._meta.app_label, f"{history_model.__name__}_{field.name}"
        )
        through = field.remote_field.through
        source = f"{field.m2m_field_name()}_id"
        names = [f.attname for f in through._meta.concrete_fields]
        history_of = {obj.pk: history_id for history_id, obj in objects.items()}
        links = through._default_manager.filter(**{f"{source}__in": list(history_of)})
        columns = [links_model._meta.get_field(name) for name in names]
        history = links_model._meta.get_field("history")
        position = names.index(source)
        insert_rows(
            links_model,
            [*columns, history],
            ([*values, history_of[values[position]]] for values in links.values_list(*names)),
        )
