from django.urls import path

from registry.public import views

urlpatterns = [
    path("parks/", views.ParkListView.as_view(), name="park-list"),
    path("parks/export.csv", views.park_export, name="park-export"),
    path("parks/export.xlsx", views.park_export_xlsx, name="park-export-xlsx"),
    path("parks/export.geojson", views.park_geojson, name="park-export-geojson"),
    path("parks/<slug:slug>/", views.ParkDetailView.as_view(), name="park-detail"),
    path("companies/", views.CompanyListView.as_view(), name="company-list"),
    path("companies/export.csv", views.company_export, name="company-export"),
    path("companies/export.xlsx", views.company_export_xlsx, name="company-export-xlsx"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/export.csv", views.city_export, name="city-export"),
    path("cities/export.xlsx", views.city_export_xlsx, name="city-export-xlsx"),
    path("cities/export.geojson", views.city_geojson, name="city-export-geojson"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("healthz", views.healthz, name="healthz"),
]
