"""What migrations share (the loader skips modules whose names start with an underscore)."""

from django.db import migrations


def run_per_vendor(statements_by_vendor):
    """Return a RunPython operation executing the statements of the database's vendor, if any."""

    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


def sqlite_triggers_set_aside(table):
    """Return RunPython operations (before, after) that drop SQLite's triggers naming the table
    and create them again.

    Django changes a constraint on SQLite by remaking the table (copy, drop, rename), and SQLite
    refuses the rename while a trigger names the table. Put the table's remaking between the two.
    """
    saved = []

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = [(name, sql) for name, sql in cursor.fetchall() if table in sql]
        for name, sql in triggers:
            schema_editor.execute(f'DROP TRIGGER "{name}"')
            saved.append(sql)

    def create(apps, schema_editor):
        while saved:
            schema_editor.execute(saved.pop(0))

    return (
        migrations.RunPython(drop, create, elidable=False),
        migrations.RunPython(create, drop, elidable=False),
    )
