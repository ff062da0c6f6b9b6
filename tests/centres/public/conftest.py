import pytest

from tests.factories import worked_registry


@pytest.fixture
def registry():
    """The small registry whose overview and progress figures the tests work out by hand."""
    return worked_registry()
