"""A list's GeoJSON (SPEC §4.4): an RFC 7946 FeatureCollection of its rows, streamed.

Each row is a Feature whose properties are the CSV's columns, read from the same declaration
(registry.public.tables) with the CSV's values typed for JSON: numbers as numbers, ISO dates,
null for an empty cell, and no formula guard (JSON is no spreadsheet). Its geometry is a Point
at [longitude, latitude] of the row's `latitude` and `longitude` columns (a facility's own or
else its city's), or null when the row has neither.
"""

import datetime
import json
from decimal import Decimal

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from registry.public.exports.responses import ITERATOR_CHUNK_SIZE
from registry.web.csv_writer import dated_filename

FEATURES_PER_CHUNK = 500
CONTENT_TYPE = "application/geo+json"


def json_value(value):
    """Return an export value as JSON writes it: numbers as numbers, ISO dates, None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        # The shortest float that reads back as the same decimal: 31.5204, not 31.520400.
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def point(properties):
    """Return the GeoJSON Point of a row's longitude and latitude, or None without both."""
    longitude, latitude = properties.get("longitude"), properties.get("latitude")
    if longitude is None or latitude is None:
        return None
    return {"type": "Point", "coordinates": [longitude, latitude]}


def feature(row, columns):
    """Return one row as a GeoJSON Feature, identified by its slug."""
    properties = {name: json_value(value(row)) for name, value in columns}
    return {
        "type": "Feature",
        "id": properties.get("slug"),
        "geometry": point(properties),
        "properties": properties,
    }


def geojson_chunks(rows, columns):
    """Yield the encoded FeatureCollection of the rows, FEATURES_PER_CHUNK features a chunk."""
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=ITERATOR_CHUNK_SIZE)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    yield b'{"type":"FeatureCollection","features":['
    pending, separator = [], ""
    for row in rows:
        pending.append(separator + encode(feature(row, columns)))
        separator = ",\n"
        if len(pending) == FEATURES_PER_CHUNK:
            yield "".join(pending).encode("utf-8")
            pending = []
    pending.append("]}\n")
    yield "".join(pending).encode("utf-8")


def list_geojson_response(rows, columns, name):
    """Stream a list's rows as an attachment `<name>-YYYY-MM-DD.geojson` (today in Pakistan)."""
    response = StreamingHttpResponse(geojson_chunks(rows, columns), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{dated_filename(name, "geojson")}"'
    return response
