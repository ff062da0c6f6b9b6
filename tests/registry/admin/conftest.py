import pytest

from registry.models import Role
from tests.factories import logged_in, staff


@pytest.fixture
def amna():
    """An HQ editor."""
    return staff(Role.HQ_EDITOR, username="amna")


@pytest.fixture
def hq(amna):
    """A client signed in as the HQ editor amna."""
    return logged_in(amna)
