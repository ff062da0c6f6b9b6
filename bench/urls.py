"""The project's URLs plus /bench-bare/, the framework's ceiling (never part of the product)."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """Answer "ok": the least a request through the same middleware can cost."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench-bare/", bare),
    path("", include("registry.urls")),
]
