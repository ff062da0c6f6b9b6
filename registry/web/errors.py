"""Error views that never read the database: a lost database answers 503, anything else 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(exc):
    """Say whether the exception, or one it came from, is a lost database."""
    return _database_unavailable(exc)


def _database_unavailable(exc):
    while exc is not None:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    """Render the 503 page when the database is unreachable, else the 500 page (handler500)."""
    # Django calls handler500 while handling the exception, so sys.exc_info() holds it.
    if _database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse(loader.render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
