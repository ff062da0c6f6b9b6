"""The open data page `/data/` and its Data Package `/data/datapackage.json` (SPEC §4.4)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from centres.public.datapackage import DOWNLOADS, LICENCE, TYPE_LABELS, data_package


def datapackage(request):
    """Answer the Frictionless Data Package of every CSV, in English, with absolute paths."""
    with translation.override("en"):
        package = data_package(request.build_absolute_uri)
    return JsonResponse(package, json_dumps_params={"indent": 2, "ensure_ascii": False})


def download_rows(request):
    """Return each download with its address, columns and the code that reads it."""
    rows = []
    for download in DOWNLOADS:
        with translation.override("en"):
            csv_url = request.build_absolute_uri(reverse(download.url_name))
        rows.append(
            {
                "download": download,
                "csv_url": reverse(download.url_name),
                "xlsx_url": reverse(f"{download.url_name}-xlsx"),
                "geojson_url": download.geojson_url_name and reverse(download.geojson_url_name),
                "page_url": download.page_url_name and reverse(download.page_url_name),
                "fields": [
                    field | {"label": TYPE_LABELS[field["type"]]} for field in download.fields
                ],
                "pandas": download.pandas(csv_url),
                "readr": download.readr(csv_url),
            }
        )
    return rows


def data(request):
    """Describe every download, column by column, and how to read it with its types."""
    with translation.override("en"):
        package_url = request.build_absolute_uri(reverse("datapackage"))
    return render(
        request,
        "centres/data.html",
        {"downloads": download_rows(request), "licence": LICENCE, "package_url": package_url},
    )
