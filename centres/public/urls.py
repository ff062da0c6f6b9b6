from django.urls import path

from centres.public.views import data, lists, reporting, tracker
from centres.public.views import map as map_views
from centres.public.views.feeds import ChangesFeed

urlpatterns = [
    path("", tracker.overview, name="overview"),
    path("progress/", tracker.progress, name="progress"),
    path("progress/export.csv", tracker.progress_export, name="progress-export"),
    path("progress/export.xlsx", tracker.progress_export_xlsx, name="progress-export-xlsx"),
    path("method/", tracker.method, name="method"),
    path("reporting/", reporting.reporting, name="reporting"),
    path("reporting/export.csv", reporting.reporting_export, name="reporting-export"),
    path("reporting/export.xlsx", reporting.reporting_export_xlsx, name="reporting-export-xlsx"),
    path("map/", map_views.pakistan_map, name="map"),
    path("data/", data.data, name="data"),
    path("data/datapackage.json", data.datapackage, name="datapackage"),
    path("changes.atom", ChangesFeed(), name="changes-feed"),
    path("centres/", lists.CentreListView.as_view(), name="centre-list"),
    path("centres/export.csv", lists.centre_export, name="centre-export"),
    path("centres/export.xlsx", lists.centre_export_xlsx, name="centre-export-xlsx"),
    path("centres/export.geojson", lists.centre_geojson, name="centre-export-geojson"),
    path("centres/<slug:slug>/", lists.CentreDetailView.as_view(), name="centre-detail"),
]
