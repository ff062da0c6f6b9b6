import pytest


@pytest.fixture(autouse=True)
def _no_api_throttle(settings):
    """No request limit, so many requests in a row never meet it (the throttle test sets one)."""
    settings.API_THROTTLE_RATE = None
