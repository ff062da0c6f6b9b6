"""The parks' and cities' GeoJSON (SPEC §4.4): the CSV's rows and columns as RFC 7946 Features."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import ParkStatus
from registry.public.exports.geojson import feature, json_value
from tests.factories import CityFactory, ParkFactory, ReportFactory, TenancyFactory, province
from tests.geojson_schema import valid_feature_collection

EXPORTS = {
    "park-export-geojson": ("park-export", "parks"),
    "city-export-geojson": ("city-export", "cities"),
}


def download(client, name, params=None):
    response = client.get(reverse(name), params or {})
    return response, b"".join(response.streaming_content)


def csv_rows(client, name, params=None):
    body = download(client, name, params)[1].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def same_value(cell, value):
    """Whether a CSV cell and a GeoJSON property hold the same value (the CSV guards formulas)."""
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return Decimal(cell) == Decimal(str(value))
    return cell in (value, "'" + value)


@pytest.fixture
def places():
    lahore = CityFactory(
        slug="lahore", latitude=Decimal("31.558"), longitude=Decimal("74.3507"), province=province()
    )
    karachi = CityFactory(
        slug="karachi",
        latitude=Decimal("24.8607"),
        longitude=Decimal("67.0011"),
        province=province("SD"),
    )
    arfa = ParkFactory(
        name="=Arfa", city=lahore, latitude=Decimal("31.4760"), longitude=Decimal("74.3423")
    )
    ReportFactory(facility=arfa, period=datetime.date(2026, 9, 1), workers=900, women=101)
    TenancyFactory(facility=arfa)
    ParkFactory(city=karachi, status=ParkStatus.PLANNED, area_sqft=12000)
    return {"lahore": lahore, "karachi": karachi, "arfa": arfa}


@pytest.mark.parametrize("name", EXPORTS)
def test_it_streams_a_valid_feature_collection_named_for_the_day(client, places, name):
    response, body = download(client, name)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    stem, today = EXPORTS[name][1], timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today}.geojson"'
    assert len(valid_feature_collection(body)["features"]) == 2


@pytest.mark.parametrize("name", EXPORTS)
def test_properties_are_the_csv_columns_and_values_typed(client, places, name):
    csv_name = EXPORTS[name][0]
    table = csv_rows(client, csv_name)

    features = valid_feature_collection(download(client, name)[1])["features"]

    assert [f["id"] for f in features] == [row["slug"] for row in table]
    for row, place in zip(table, features, strict=True):
        assert list(place["properties"]) == list(row)
        for key, value in place["properties"].items():
            assert same_value(row[key], value), (key, row[key], value)


def test_numbers_are_numbers_and_empty_cells_null(client, places):
    features = valid_feature_collection(download(client, "park-export-geojson")[1])["features"]

    arfa = next(f["properties"] for f in features if f["id"] == places["arfa"].slug)
    assert arfa["workers"] == 900
    assert arfa["women_share_pct"] == 11.2
    assert arfa["current_tenants"] == 1
    assert arfa["closed_on"] is None
    assert arfa["opened_on"] == "2020-10-01"
    assert arfa["last_report"] == "2026-09"


def test_text_keeps_no_formula_guard(client, places):
    features = valid_feature_collection(download(client, "park-export-geojson")[1])["features"]

    assert "=Arfa" in [f["properties"]["name"] for f in features]


def test_a_facility_is_at_its_own_point_or_else_its_city(client, places):
    features = valid_feature_collection(download(client, "park-export-geojson")[1])["features"]

    points = {f["id"]: f["geometry"]["coordinates"] for f in features}
    assert points.pop(places["arfa"].slug) == [74.3423, 31.476]
    assert list(points.values()) == [[67.0011, 24.8607]]


def test_a_city_is_at_its_longitude_and_latitude(client, places):
    features = valid_feature_collection(download(client, "city-export-geojson")[1])["features"]

    assert {f["id"]: f["geometry"] for f in features}["karachi"] == {
        "type": "Point",
        "coordinates": [67.0011, 24.8607],
    }


def test_a_row_without_coordinates_is_a_feature_without_geometry():
    columns = [("slug", lambda row: row["slug"]), ("latitude", lambda row: None)]
    columns.append(("longitude", lambda row: None))

    place = feature({"slug": "nowhere"}, columns)

    assert place == {
        "type": "Feature",
        "id": "nowhere",
        "geometry": None,
        "properties": {"slug": "nowhere", "latitude": None, "longitude": None},
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), (None, None), (Decimal("33.721500"), 33.7215), (7, 7), ("-3", "-3")],
)
def test_json_value_types_a_csv_value(value, expected):
    assert json_value(value) == expected


@pytest.mark.parametrize("name", EXPORTS)
def test_it_takes_the_pages_filters_and_sort(client, places, name):
    params = {"province": "SD"} if name == "city-export-geojson" else {"status": "operational"}
    params["sort"] = "name"

    features = valid_feature_collection(download(client, name, params)[1])["features"]

    table = csv_rows(client, EXPORTS[name][0], params)
    assert [f["id"] for f in features] == [row["slug"] for row in table]
    assert len(features) == 1


@pytest.mark.parametrize("name", EXPORTS)
def test_an_invalid_filter_answers_400_in_plain_text(client, name):
    response = client.get(reverse(name), {"province": "XX"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"province:" in response.content


@pytest.mark.parametrize("list_name", ["park-list", "city-list"])
def test_the_list_links_its_geojson_with_its_filters(client, places, list_name):
    response = client.get(reverse(list_name), {"q": "a", "page": "1"})

    geojson = reverse(list_name.replace("-list", "-export-geojson"))
    assert f'href="{geojson}?q=a" download>Download GeoJSON<'.encode() in response.content


def test_the_companies_list_has_no_geojson(client):
    assert b"GeoJSON" not in client.get(reverse("company-list")).content
