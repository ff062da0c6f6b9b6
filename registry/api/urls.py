"""The registry's API addresses, its schema and its docs page, under /api/v1/ (root URLconf)."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from registry.api import views


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar), its script a file of its
    own: the site's Content-Security-Policy allows no inline script or style."""

    template_name = "api/swagger_ui.html"
    template_name_js = "api/swagger_ui.js"
    url_name = "api-schema"
    title = "Markaz open data API"


urlpatterns = [
    path("", views.ApiRoot.as_view(), name="api-root"),
    path("parks/", views.ParkList.as_view(), name="api-park-list"),
    path("parks/<slug:slug>/", views.ParkDetail.as_view(), name="api-park-detail"),
    path("companies/", views.CompanyList.as_view(), name="api-company-list"),
    path("companies/<slug:slug>/", views.CompanyDetail.as_view(), name="api-company-detail"),
    path("cities/", views.CityList.as_view(), name="api-city-list"),
    path("cities/<slug:slug>/", views.CityDetail.as_view(), name="api-city-detail"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
]
