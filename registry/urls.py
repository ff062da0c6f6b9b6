"""Root URLconf: the public site (SPEC §4) and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("centres.urls")),
    path("", include("registry.public_urls")),
]
