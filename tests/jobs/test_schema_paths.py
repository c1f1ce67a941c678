"""docs/api.md and the OpenAPI schema describe the same endpoints, method by method.

The docs name each endpoint in a heading like "### `GET|PATCH|DELETE /api/v1/images/<id>/`";
the schema is what drf-spectacular generates from the URLconf, so a new route, a removed one or
a new method fails here until docs/api.md says so too.
"""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ENDPOINT = re.compile(r"`((?:GET|POST|PUT|PATCH|DELETE)(?:\|(?:GET|POST|PUT|PATCH|DELETE))*) (/api/v1/[^`\s]*)`")
METHODS = {"get", "post", "put", "patch", "delete"}
# The schema endpoint does not list itself (SPECTACULAR_SETTINGS["SERVE_INCLUDE_SCHEMA"] = False).
NOT_IN_SCHEMA = {("get", "/api/v1/schema/")}


def _normal(path):
    """/api/v1/images/<id>/ and /api/v1/images/{image_id}/ both become /api/v1/images/{}/."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def documented_endpoints(text):
    found = set()
    for line in text.splitlines():
        if line.startswith("#"):
            for methods, path in ENDPOINT.findall(line):
                found |= {(method.lower(), _normal(path)) for method in methods.split("|")}
    return found


def schema_endpoints(document):
    return {(method, _normal(path)) for path, operations in document["paths"].items()
            for method in operations if method in METHODS}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_the_parsers_see_what_they_should():
    sample = "### `GET|PUT /api/v1/canvas/` · `POST /api/v1/jobs/<id>/cancel/`\nnot a heading `GET /api/v1/x/`"
    assert documented_endpoints(sample) == {
        ("get", "/api/v1/canvas/"), ("put", "/api/v1/canvas/"), ("post", "/api/v1/jobs/{}/cancel/")}
    assert schema_endpoints({"paths": {"/api/v1/images/{image_id}/": {"get": {}, "parameters": []}}}) == {
        ("get", "/api/v1/images/{}/")}


@pytest.mark.django_db
def test_docs_and_schema_list_the_same_endpoints(schema):
    documented = documented_endpoints(DOCS.read_text(encoding="utf-8"))
    generated = schema_endpoints(schema)
    assert len(generated) >= 17  # sanity: the parser really read the schema
    assert generated - documented == set(), "in the schema but not in docs/api.md"
    assert documented - generated - NOT_IN_SCHEMA == set(), "in docs/api.md but not in the schema"
    assert NOT_IN_SCHEMA <= documented


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers(schema):
    """Each authenticated operation shows the 403 error shape; each one on an id shows its 404."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation["responses"]
            public = {} in operation.get("security", [])
            if not public:
                assert "403" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for status, answer in responses.items():
                if status.startswith("4") or status.startswith("5"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/Error"), (method, path, status)
