import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test may use the database; the schema and its seed rows come from migrations."""


@pytest.fixture
def seeded_lists(transactional_db):
    """Reload the provinces and sectors a data migration seeds: other transactional tests flush."""
    seed = importlib.import_module("registry.migrations.0002_provinces_and_sectors")
    seed.load(apps, None)
