"""The project's URLs plus /bench-bare/, the framework's ceiling (never part of the product)."""

from django.http import HttpResponse
from django.urls import path

from registry.urls import urlpatterns as project_urlpatterns


def bare(request):
    """Answer "ok": the least a request through the same middleware can cost."""
    return HttpResponse("ok", content_type="text/plain")


# Listed beside the project's patterns, not included: i18n_patterns must stay at the top level.
urlpatterns = [path("bench-bare/", bare), *project_urlpatterns]
