"""Refuse malformed requests before any view runs: a wrong method, an oversized body, a NUL.

- The public site (every path outside the admin) answers GET and HEAD only, 405 otherwise
  (SPEC §6); a page added later is covered without a line of its own. The JSON API under
  API_PREFIX also answers OPTIONS (CORS preflights, SPEC §4.4), and its 405 is JSON.
- A body larger than REQUEST_BODY_MAX_MB (plus IMPORT_MAX_UPLOAD_MB on the admin's import
  pages, for the file) answers 413 before a byte of it is read, so it never reaches the disk.
  Django reads no body without a Content-Length, so the header is the size.
- A NUL character anywhere a view might hand it to the database (the path, the query string,
  headers and cookies, form fields) answers 400: PostgreSQL text cannot hold one,
  so a query with it fails, and no person types it. File contents are the importers' to judge.
"""

from itertools import chain

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import Resolver404, resolve

PUBLIC_METHODS = ("GET", "HEAD")
API_PREFIX = "/api/"
API_METHODS = ("GET", "HEAD", "OPTIONS")
MB = 1024 * 1024


class NulInRequest(SuspiciousOperation):
    """The request carries a NUL character outside a file's contents (answered 400)."""


def is_admin(request):
    """Say whether the request is for the admin site."""
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


def is_import(request):
    """Say whether the request is for one of the admin's import pages (upload or confirm)."""
    if not is_admin(request):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace == "admin" and (match.url_name or "").endswith("_import")


def body_size(request):
    """Return the size of the request's body, as Django will read it."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit_mb(request):
    """Return the largest body in MB this request may carry."""
    extra = settings.IMPORT_MAX_UPLOAD_MB if is_import(request) else 0
    return settings.REQUEST_BODY_MAX_MB + extra


def texts(request):
    """Yield every text of the request a view may read; Django strips NULs from upload names."""
    yield request.path_info
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            yield key
            yield from values
    yield from chain.from_iterable(request.COOKIES.items())
    yield from (value for key, value in request.META.items() if key.startswith("HTTP_"))


class RequestGuardMiddleware:
    """Answer 405, 413 or 400 to the requests the module docstring describes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            if request.method not in API_METHODS:
                response = JsonResponse(
                    {"detail": "This address answers GET, HEAD and OPTIONS requests only."},
                    status=405,
                )
                response["Allow"] = ", ".join(API_METHODS)
                return response
        elif request.method not in PUBLIC_METHODS and not is_admin(request):
            return HttpResponseNotAllowed(
                PUBLIC_METHODS,
                "This address answers GET and HEAD requests only.\n",
                content_type="text/plain; charset=utf-8",
            )
        size = body_size(request)
        if size > settings.REQUEST_BODY_MAX_MB * MB and size > body_limit_mb(request) * MB:
            return HttpResponse(
                f"The request is too large: {size / MB:.1f} MB, where this address accepts "
                f"at most {body_limit_mb(request)} MB.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        # Read only now: parsing a form reads the body, which must have passed its limit.
        if any("\x00" in text for text in texts(request)):
            raise NulInRequest("The request contains a NUL character.")
        return self.get_response(request)
