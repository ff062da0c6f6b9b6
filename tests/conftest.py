import pytest


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test may use the database: the schema from migrations, and the SPEC's fixed lists,
    which post_migrate restores after every migrate and flush (registry/models/fixed_lists.py)."""
