"""The API fuzzed against its own OpenAPI schema (issue 21 item 2), through the WSGI app.

Every operation of /api/v1/schema/, with generated parameters valid and invalid: no answer is a
5xx, every status code, content type, header and body is the one the schema describes. The
same run against a live server is `make api-fuzz` (README "Open data").
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import varied_registry

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Examples per operation: enough to reach every parameter, within seconds on 2 cores.
EXAMPLES = 25

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def registry(settings):
    """The small registry, served by the WSGI app inside the test's transaction.

    As Django's test client does, requests leave the connection open: closing it at a
    request's end would drop the test's transaction (and its rows) on PostgreSQL.
    """
    settings.API_THROTTLE_RATE = None
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield varied_registry()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, registry):
    # Uncompressed: a WSGI call gets the body as the app wrote it, and the app gzips on request.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
