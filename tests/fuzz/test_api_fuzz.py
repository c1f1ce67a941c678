"""Schemathesis over the OpenAPI document: every operation, generated valid and invalid
requests, every built-in check, as a logged-in user with a token. 0 server errors and 0
answers outside the schema."""

import json
import time
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per operation and generation phase: the whole run stays well under a minute on 2 cores

SUMMARY = Path(django_settings.BASE_DIR) / "test-artifacts" / "fuzz-summary.json"
answers = Counter()  # (method, path, status) of every request made, probes included


def counting(app):
    def wsgi(environ, start_response):
        def start(status, headers, exc_info=None):
            answers[environ["REQUEST_METHOD"], environ["PATH_INFO"], int(status.split()[0])] += 1
            return start_response(status, headers, exc_info)
        return app(environ, start)
    return wsgi


# Loaded at collection (pytest-django has set Django up by then; the schema needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", counting(get_wsgi_application()))


@pytest.fixture(scope="module", autouse=True)
def summary():
    """test-artifacts/fuzz-summary.json: the requests made by status, for docs/reliability.md."""
    started = time.monotonic()
    yield
    statuses = Counter()
    for (_, _, status), count in answers.items():
        statuses[status] += count
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(json.dumps({
        "requests": sum(statuses.values()),
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "by_status": {str(status): statuses[status] for status in sorted(statuses)},
        "operations": len(list(schema.get_all_operations())),
        "max_examples": EXAMPLES,
        "seconds": round(time.monotonic() - started, 1),
    }, indent=1))


TOKEN = "f022" * 10  # alice's API key in every test (created by the fixture below)


@schema.auth()
class AliceToken:
    """Schemathesis' own auth, so its auth checks know these credentials are the valid ones
    (and probe without them, or with others, expecting 403)."""

    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@pytest.fixture
def alice_token(alice, engine_ready):
    # The WSGI handler closes the database connection after each request (as in production);
    # here that is the test's own connection. Django's test client keeps it open the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield Token.objects.create(user=alice, key=TOKEN)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Where a valid request needs what JSON Schema cannot state, so that schemathesis' "valid"
# requests are refused with a coded 400 by design: picture *content* (a decodable PNG, JPEG or
# WebP, not any bytes), JSON inside a form field (the canvas `state`), and, for jobs, rules
# between fields and the model's limits (the kind decides which fields are required, steps ×
# pictures ≤ max_image_steps), written in the JobCreate schema's description and docs/api.md.
# Only the check that such requests succeed is left out there; every other check, the negative
# ones included, runs on every operation and body type.
CONTENT_RULES = {
    ("POST", "/api/v1/jobs/"): {"application/json", "multipart/form-data"},
    ("POST", "/api/v1/images/"): {"multipart/form-data"},
    ("PUT", "/api/v1/canvas/"): {"multipart/form-data"},
}


@schema.parametrize()
# Derandomized: CI runs the same requests every time, so a failure reproduces; no example database.
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_keeps_to_its_schema(case, alice_token):
    content_rules = case.media_type in CONTENT_RULES.get((case.method.upper(), case.path), ())
    case.call_and_validate(checks=CHECKS.get_all(), excluded_checks=[positive_data_acceptance] * content_rules)
