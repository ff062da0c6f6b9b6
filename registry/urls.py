"""Root URLconf: the public site (SPEC §4) and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("centres.urls")),
    path("", include("registry.public_urls")),
]

# 400, 403 and 404 use Django's views with our templates; 500 tells a lost database apart.
handler500 = "registry.errors.server_error"
