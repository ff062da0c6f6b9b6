"""What migrations share (the loader skips modules whose names start with an underscore)."""


def run_per_vendor(statements_by_vendor):
    """Return a RunPython operation executing the statements of the database's vendor, if any."""

    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation
