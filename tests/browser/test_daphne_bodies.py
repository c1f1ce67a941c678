"""Through the real daphne: bodies Twisted's own multipart parser refuses still reach Django and
get the API's JSON envelope (config/daphne_requests.py)."""

import urllib.error
import urllib.request

import pytest
from rest_framework.authtoken.models import Token


def post(url, body, content_type, token):
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, "Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read()


@pytest.mark.parametrize("body", [b"--xyz--\r\n", b"--xyz--", b"garbage without a boundary"])
def test_an_empty_or_broken_multipart_body_is_a_coded_400(live_site, transactional_db, alice, body):
    token = Token.objects.create(user=alice).key
    status, content_type, answer = post(f"{live_site}/api/v1/images/", body, "multipart/form-data; boundary=xyz",
                                        token)
    assert (status, content_type) == (400, "application/json")
    assert b'"code":' in answer
