import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Forget the language a /ur/ request activated, so later tests reverse English URLs."""
    yield
    translation.deactivate()
