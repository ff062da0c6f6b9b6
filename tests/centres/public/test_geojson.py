"""The centres' GeoJSON (SPEC §4.4): the CSV's rows and columns, the page's filters."""

import csv
import datetime
import io
from decimal import Decimal

from django.urls import reverse

from registry.models import CentreStatus
from tests.factories import CentreFactory, CityFactory, ReportFactory
from tests.geojson_schema import valid_feature_collection


def body_of(client, name, params=None):
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_centres_geojson_holds_the_csvs_rows_with_typed_values(client):
    city = CityFactory(latitude=Decimal("33.7215"), longitude=Decimal("73.0433"))
    centre = CentreFactory(city=city, planned_fy=2024, seats=40, host_institution="")
    ReportFactory(facility=centre, period=datetime.date(2026, 10, 1), workers=60, women=15)
    CentreFactory(city=city, status=CentreStatus.PROPOSED, opened_on=None)

    features = valid_feature_collection(body_of(client, "centre-export-geojson"))["features"]

    table = list(csv.DictReader(io.StringIO(body_of(client, "centre-export").decode("utf-8-sig"))))
    assert [f["id"] for f in features] == [row["slug"] for row in table]
    launched = next(f for f in features if f["id"] == centre.slug)
    assert list(launched["properties"]) == list(table[0])
    assert launched["geometry"] == {"type": "Point", "coordinates": [73.0433, 33.7215]}
    properties = launched["properties"]
    assert (properties["planned_fy"], properties["launch_fy"], properties["seats"]) == (
        2024,
        2024,
        40,
    )
    assert (properties["workers"], properties["women"], properties["women_share_pct"]) == (
        60,
        15,
        25.0,
    )
    assert properties["host_institution"] is None
    assert properties["launched_on"] == "2024-02-06"


def test_centres_geojson_counts_workers_on_the_operational_on_date(client):
    centre = CentreFactory()
    ReportFactory(facility=centre, period=datetime.date(2025, 1, 1), workers=10, women=1)
    ReportFactory(facility=centre, period=datetime.date(2026, 1, 1), workers=30, women=3)

    params = {"operational_on": "2025-06-30"}
    (only,) = valid_feature_collection(body_of(client, "centre-export-geojson", params))["features"]

    assert only["properties"]["workers"] == 10
    assert only["properties"]["last_report"] == "2025-01"


def test_centres_geojson_refuses_an_invalid_filter(client):
    response = client.get(reverse("centre-export-geojson"), {"operational_on": "soon"})

    assert response.status_code == 400
    assert response.content.startswith(b"Invalid filter.\noperational_on: ")


def test_the_centre_list_links_its_geojson(client):
    CentreFactory()

    response = client.get(reverse("centre-list"), {"status": "operational"})

    href = reverse("centre-export-geojson") + "?status=operational"
    assert f'<a class="csv-link" href="{href}" download>Download GeoJSON'.encode() in (
        response.content
    )
