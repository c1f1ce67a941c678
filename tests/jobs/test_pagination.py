"""Paginated lists: a page that is not there is a coded 404, and the schema says so."""

import pytest

from tests.jobs.test_api import error

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/jobs/", "/api/v1/images/", "/api/v1/gallery/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("page", ["", " ", "0", "2", "x", "-1"])
def test_a_page_that_is_not_there_is_404(api, path, page):
    error(api.get(path, {"page": page}), 404, "not_found")


@pytest.mark.parametrize("path", LISTS)
def test_the_first_page_is_there(api, path):
    assert api.get(path, {"page": "1"}).status_code == 200
    assert api.get(path).status_code == 200


def test_the_schema_documents_the_404_of_every_list(client):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in LISTS:
        operation = paths[path]["get"]
        assert any(p["name"] == "page" for p in operation["parameters"])
        assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}, path
