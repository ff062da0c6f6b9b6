"""Root URLconf: the public site (SPEC §4) and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
]
# The public site in English at its plain paths and in Urdu under /ur/ (SPEC §4, issue 7).
urlpatterns += i18n_patterns(
    path("", include("centres.public.urls")),
    path("", include("registry.public.urls")),
    prefix_default_language=False,
)

# 400, 403 and 404 use Django's views with our templates; 500 tells a lost database apart.
handler500 = "registry.web.errors.server_error"
