"""Root URLconf: the public site (SPEC §4), its JSON API (§4.4) and the admin."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from centres.api.urls import urlpatterns as centres_api
from registry.api.urls import urlpatterns as registry_api

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # The JSON API (SPEC §4.4), in one language at one address: outside i18n_patterns.
    path("api/v1/", include(centres_api + registry_api)),
]
# The public site in English at its plain paths and in Urdu under /ur/ (SPEC §4, issue 7).
urlpatterns += i18n_patterns(
    path("", include("centres.public.urls")),
    path("", include("registry.public.urls")),
    prefix_default_language=False,
)

# 400, 403 and 404 use Django's views with our templates; 500 tells a lost database apart.
# Under /api/ they answer JSON (registry.api.errors); elsewhere the site's pages.
handler400 = "registry.api.errors.bad_request"
handler404 = "registry.api.errors.not_found"
handler500 = "registry.api.errors.server_error"
