"""The centres' API addresses, under /api/v1/ (the root URLconf includes them)."""

from django.urls import path

from centres.api import views

urlpatterns = [
    path("centres/", views.CentreList.as_view(), name="api-centre-list"),
    path("centres/<slug:slug>/", views.CentreDetail.as_view(), name="api-centre-detail"),
    path("progress/", views.ProgressView.as_view(), name="api-progress"),
    path("fiscal-years/", views.FiscalYearsView.as_view(), name="api-fiscal-years"),
    path("reporting/", views.ReportingView.as_view(), name="api-reporting"),
]
