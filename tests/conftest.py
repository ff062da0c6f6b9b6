import pytest


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test may use the database; the schema and its seed rows come from migrations."""
