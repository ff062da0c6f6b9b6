"""The API's errors as JSON (SPEC §4.4): `{"detail": ...}`, and `errors` by parameter on a 400.

DRF's own errors (400, 404, 405, 429 with Retry-After) pass through exception_handler; what
never reaches an API view (an unknown address, a refused request, a crash) is answered by the
root URLconf's handlers, which give JSON under API_PREFIX and the HTML pages elsewhere.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from registry.web import errors as html_errors

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
INVALID = "Invalid parameter."


def invalid_parameters(errors):
    """Return the 400 error of a form's or a FilterSet's errors: its messages by parameter."""
    return exceptions.ValidationError(
        {name: [str(message) for message in messages] for name, messages in errors.items()}
    )


def error_body(detail, errors=None):
    """Return an error's JSON: its detail and, for a 400, the messages by parameter."""
    return {"detail": str(detail)} | ({"errors": errors} if errors else {})


def exception_handler(exc, context):
    """Answer DRF's errors as {"detail", "errors"}; a lost database 503, anything else 500."""
    response = drf_exception_handler(exc, context)
    if response is not None:
        if isinstance(exc, exceptions.ValidationError):
            response.data = error_body(INVALID, response.data)
        elif isinstance(response.data, dict) and "detail" in response.data:
            response.data = error_body(response.data["detail"])
        return response
    request = context["request"]
    logger.error("API error at %s", request.path, exc_info=exc)
    if isinstance(exc, OperationalError | InterfaceError):
        return server_json(503, "The database is unavailable; try again shortly.")
    return server_json(500, "Server error.")


def server_json(status, detail):
    response = JsonResponse(error_body(detail), status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(html_errors.RETRY_AFTER_SECONDS)
    return response


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


def bad_request(request, exception=None):
    """handler400: JSON under the API, Django's page elsewhere."""
    if is_api(request):
        return JsonResponse(error_body("Bad request."), status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    """handler404: JSON under the API, Django's page elsewhere."""
    if is_api(request):
        return JsonResponse(error_body("Not found."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: JSON under the API (503 for a lost database), the site's pages elsewhere."""
    if not is_api(request):
        return html_errors.server_error(request)
    if html_errors.database_unavailable(sys.exc_info()[1]):
        return server_json(503, "The database is unavailable; try again shortly.")
    return server_json(500, "Server error.")
