"""The bulk-load bench's steps (bench/bulk.py): each runs in a fresh process,
`python -m bench.bulk --step NAME …`, and prints its figures as one line of JSON."""

import json
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def backend_cpu():
    """Return the CPU seconds the PostgreSQL backend serving this process has used, or None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    if not hasattr(backend_cpu, "pid"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_cpu.pid = cursor.fetchone()[0]
    # Fields 14 and 15 of /proc/PID/stat: user and system time in clock ticks (the server runs
    # on this machine).
    with open(f"/proc/{backend_cpu.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(function):
    """Run the function; return its wall, own CPU and backend CPU seconds and its result."""
    server = backend_cpu()
    cpu, started = own_cpu(), time.perf_counter()
    result = function()
    wall, cpu = time.perf_counter() - started, own_cpu() - cpu
    server = None if server is None else backend_cpu() - server
    return {"wall": wall, "cpu": cpu, "server_cpu": server, "result": result}


def bulk_tables(with_history=False):
    """Return [(table, columns)] of every table the bulk files load, parents and links first.

    With history, also the history tables import_registry writes beside them.
    """
    from django.apps import apps

    from registry.importers import bulk_files

    models = []
    for bulk in bulk_files():
        model = bulk.resource_class._meta.model
        links = [field.remote_field.through for field in model._meta.local_many_to_many]
        models += [*model._meta.get_parent_list()[::-1], model, *links]
        if with_history:
            history = getattr(model, model._meta.simple_history_manager_attribute).model
            models.append(history)
            models += [
                apps.get_model(history._meta.app_label, f"{history.__name__}_{field.name}")
                for field in getattr(history, "_history_m2m_fields", ())
            ]
    tables = {}
    for model in models:
        columns = [field.column for field in model._meta.local_concrete_fields]
        tables.setdefault(model._meta.db_table, columns)
    return list(tables.items())


def copy_out(directory, with_history):
    """Write each bulk table's rows (the database's own CSV) into the directory."""
    from django.db import connection
    from psycopg import sql

    for table, columns in bulk_tables(with_history):
        query = sql.SQL("COPY (SELECT {} FROM {} ORDER BY 1) TO STDOUT WITH (FORMAT csv)").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(query) as copy,
            open(Path(directory) / f"{table}.csv", "wb") as out,
        ):
            for chunk in copy:
                out.write(chunk)


def copy_in(directory, with_history):
    """COPY every table's file into the database in one transaction; return the rows."""
    from django.db import connection, transaction
    from psycopg import sql

    rows = 0
    with transaction.atomic():
        for table, columns in bulk_tables(with_history):
            query = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(query) as copy,
                open(Path(directory) / f"{table}.csv", "rb") as source,
            ):
                while chunk := source.read(1 << 16):
                    copy.write(chunk)
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                rows += cursor.fetchone()[0]
    return rows


def peer_resource():
    """Return django-import-export's plain resource for workforce.csv, as its docs write one."""
    from import_export import fields, resources, widgets

    from registry.models import Facility, WorkforceReport

    class WorkforceReportResource(resources.ModelResource):
        facility = fields.Field(
            attribute="facility",
            column_name="facility",
            widget=widgets.ForeignKeyWidget(Facility, field="slug"),
        )
        period = fields.Field(
            attribute="period", column_name="period", widget=widgets.DateWidget("%Y-%m")
        )

        class Meta:
            model = WorkforceReport
            fields = ("facility", "period", "workers", "women", "source")
            import_id_fields = ("facility", "period")
            # Every row judged by full_clean(), as import_registry judges it.
            clean_model_instances = True

    return WorkforceReportResource()


def import_export_load(path):
    """Import the file with django-import-export; return how many rows it created."""
    import tablib

    with open(path, encoding="utf-8-sig") as source:
        dataset = tablib.Dataset().load(source.read(), format="csv")
    result = peer_resource().import_data(dataset, dry_run=False, use_transactions=True)
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit(f"django-import-export refused rows of {path}")
    return result.totals["new"]


def rolled_back(function):
    """Run the function inside a transaction rolled back afterwards; return its result."""
    from django.db import transaction

    with transaction.atomic():
        result = function()
        transaction.set_rollback(True)
    return result


def run_step(args):
    """Run one step in this process; print its figures as one JSON line."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    quiet = StringIO()
    files = sorted(str(path) for path in Path(args.dir).glob("*.csv")) if args.dir else []
    steps = {
        "migrate": lambda: call_command("migrate", verbosity=0),
        "generate": lambda: call_command(
            "generate_registry", scale=args.scale, seed=1, stdout=quiet
        ),
        "export": lambda: call_command("export_registry", args.dir, stdout=quiet),
        "import": lambda: call_command("import_registry", *files, stdout=quiet),
        "execute": lambda: connection.cursor().execute(args.sql),
        "copy-out": lambda: copy_out(args.dir, args.history),
        "copy-in": lambda: copy_in(args.dir, args.history),
        "peer-import-export": lambda: rolled_back(lambda: import_export_load(files[0])),
        "peer-ours": lambda: rolled_back(
            lambda: call_command("import_registry", *files, stdout=quiet)
        ),
    }
    figures = timed(steps[args.step])
    if not isinstance(figures["result"], int | float):
        figures["result"] = None
    print(json.dumps(figures))


# The run: scratch databases, rounds in turns, the table ---------------------------------------
