"""A JSON Schema of the GeoJSON the lists export (RFC 7946: a FeatureCollection of Features
whose geometry is a Point or null), and a check that runs it and the `geojson` package's own."""

import json

import geojson
import jsonschema

POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "items": {"type": "number"},
    # RFC 7946 §3.1.1 and §4: longitude first, then latitude, in WGS 84 degrees.
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
}
POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {"type": {"const": "Point"}, "coordinates": POSITION},
}
FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": ["string", "number"]},
        "geometry": {"oneOf": [{"type": "null"}, POINT]},
        "properties": {"type": ["object", "null"]},
    },
}
FEATURE_COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": FEATURE},
    },
    # RFC 7946 §4 removed the "crs" member of the 2008 format.
    "not": {"required": ["crs"]},
}


def valid_feature_collection(body: bytes) -> dict:
    """Return the parsed body after checking it against the schema and the geojson package."""
    document = json.loads(body.decode("utf-8"))
    jsonschema.Draft202012Validator(FEATURE_COLLECTION).validate(document)
    parsed = geojson.loads(body.decode("utf-8"))
    assert parsed.is_valid, parsed.errors()
    return document
