"""The editor's autosave API (/api/v1/canvas/): per user, PNG only, bounded, coded 400s."""

import io
import json

import pytest
from django.test import Client
from PIL import Image as PILImage

from editor.models import CanvasState

URL = "/api/v1/canvas/"


def png(size=(32, 16), color=(255, 0, 0, 255), fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGBA" if fmt == "PNG" else "RGB", size, color[: 4 if fmt == "PNG" else 3]).save(buffer, fmt)
    buffer.seek(0)
    buffer.name = "canvas." + fmt.lower()
    return buffer


def current_revision(client):
    return client.get(URL).json()["revision"]


def put(client, **data):
    """A save based on what the server has now, unless the test names a base_revision."""
    data.setdefault("base_revision", current_revision(client))
    return client.put(URL, data=encode_multipart(data), content_type=MULTIPART)


MULTIPART = "multipart/form-data; boundary=BoUnDaRy"


def encode_multipart(data):
    from django.test.client import encode_multipart as encode

    return encode("BoUnDaRy", data)


@pytest.mark.django_db
def test_anonymous_is_refused(client):
    for url in (URL, URL + "picture/"):
        response = client.get(url)
        # 403, not 401: SessionAuthentication comes first, and it sends no WWW-Authenticate.
        assert (response.status_code, response.json()["error"]["code"]) == (403, "not_authenticated")


@pytest.mark.django_db
def test_empty_state_for_a_new_user(alice_client):
    body = alice_client.get(URL).json()
    assert body == {"state": {}, "picture_url": None, "revision": 0, "updated_at": None}


@pytest.mark.django_db
def test_save_picture_and_state_then_read_them_back(alice_client, alice):
    state = {"window": {"x": -64, "y": 0, "w": 512, "h": 512}, "form": {"prompt": "кот"}}
    response = put(alice_client, state=json.dumps(state), picture=png())
    assert response.status_code == 200, response.content
    body = alice_client.get(URL).json()
    assert body["state"] == state
    picture = alice_client.get(body["picture_url"])
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    with PILImage.open(io.BytesIO(b"".join(picture.streaming_content))) as saved:
        assert saved.size == (32, 16)
        assert saved.getpixel((5, 5)) == (255, 0, 0, 255)


@pytest.mark.django_db
def test_state_only_save_keeps_the_picture(alice_client, alice):
    put(alice_client, state="{}", picture=png())
    first = CanvasState.objects.get(user=alice).picture.name
    response = alice_client.put(URL, {"base_revision": 1, "state": {"form": {"prompt": "new"}}},
                                content_type="application/json")
    assert response.status_code == 200
    canvas = CanvasState.objects.get(user=alice)
    assert canvas.picture.name == first
    assert canvas.state == {"form": {"prompt": "new"}}


@pytest.mark.django_db
def test_replacing_and_clearing_the_picture_deletes_old_files(alice_client, alice):
    put(alice_client, state="{}", picture=png())
    storage = CanvasState.objects.get(user=alice).picture.storage
    first = CanvasState.objects.get(user=alice).picture.name
    put(alice_client, state="{}", picture=png(color=(0, 0, 255, 255)))
    second = CanvasState.objects.get(user=alice).picture.name
    assert first != second and not storage.exists(first) and storage.exists(second)
    put(alice_client, state="{}", clear_picture="1")
    assert not CanvasState.objects.get(user=alice).picture
    assert not storage.exists(second)
    assert alice_client.get(URL).json()["picture_url"] is None


@pytest.mark.django_db
def test_each_user_sees_only_their_own_canvas(alice_client, bob):
    put(alice_client, state=json.dumps({"form": {"prompt": "secret"}}), picture=png())
    stranger = Client()
    stranger.force_login(bob)
    assert stranger.get(URL).json()["state"] == {}
    assert stranger.get(URL + "picture/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, code",
    [
        ({"state": "{not json"}, "state_invalid"),
        ({"state": "[1, 2]"}, "state_invalid"),
        ({"state": json.dumps({"x": "a" * 70000})}, "state_too_large"),
        ({"state": "{}", "picture": png(fmt="JPEG")}, "picture_invalid"),
        ({"state": "{}", "picture": io.BytesIO(b"not an image at all")}, "picture_invalid"),
    ],
)
def test_bad_input_is_a_coded_400(alice_client, data, code):
    response = put(alice_client, **data)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        '{"zoom": NaN}', '{"zoom": Infinity}', '{"zoom": 1e999}',  # json.loads takes these; strict JSON does not
        '{"prompt": "\\ud800"}',  # a lone surrogate cannot be encoded as UTF-8
        '{"prompt": "a\\u0000b"}',  # PostgreSQL's jsonb refuses NUL
        "[" * 20_000 + "]" * 20_000,  # RecursionError in json.loads (and under the size cap)
    ],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_state_that_cannot_be_stored_as_json_is_refused(alice_client, state, as_json):
    if as_json:  # the state as a JSON string field, parsed by the view like the multipart one
        response = alice_client.put(URL, json.dumps({"base_revision": 0, "state": state}),
                                    content_type="application/json")
    else:
        response = put(alice_client, state=state)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "state_invalid"
    assert alice_client.get(URL).status_code == 200
    assert not CanvasState.objects.exists()


@pytest.mark.django_db
def test_deeply_nested_json_body_is_a_400(alice_client):
    body = '{"state": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = alice_client.generic("PUT", URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


@pytest.mark.django_db
def test_oversized_picture_is_refused_before_decoding(alice_client, settings):
    settings.CANVAS_MAX_SIDE = 64
    response = put(alice_client, state="{}", picture=png(size=(65, 10)))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "picture_too_large"
    settings.CANVAS_MAX_BYTES = 10
    response = put(alice_client, state="{}", picture=png(size=(8, 8)))
    assert response.json()["error"]["code"] == "picture_too_large"


@pytest.mark.django_db
def test_delete_forgets_everything(alice_client, alice):
    put(alice_client, state="{}", picture=png())
    name = CanvasState.objects.get(user=alice).picture.name
    storage = CanvasState.objects.get(user=alice).picture.storage
    assert alice_client.delete(URL).status_code == 204
    assert not CanvasState.objects.filter(user=alice).exists()
    assert not storage.exists(name)


@pytest.mark.django_db
def test_editor_page_for_users_landing_for_visitors(alice_client):
    visitor = Client()
    assert b'id="editor"' not in visitor.get("/").content
    assert visitor.get("/editor/").status_code == 302
    assert b'id="editor"' in alice_client.get("/").content
    page = alice_client.get("/editor/?remix=x")
    assert page.status_code == 200 and b"editor/main.js" in page.content


@pytest.mark.django_db
def test_every_save_bumps_the_revision(alice_client):
    assert put(alice_client, state="{}", base_revision=0).json()["revision"] == 1
    assert put(alice_client, state="{}", base_revision="1").json()["revision"] == 2
    assert alice_client.get(URL).json()["revision"] == 2


@pytest.mark.django_db
def test_a_save_from_a_stale_tab_is_a_409_and_changes_nothing(alice_client, alice):
    # Two tabs loaded revision 0; the first one saves, then the second one.
    first = put(alice_client, state=json.dumps({"window": {"x": 0}}), picture=png(), base_revision=0)
    assert first.status_code == 200
    picture = CanvasState.objects.get(user=alice).picture.name
    stale = put(alice_client, state=json.dumps({"window": {"x": 300}}), picture=png(color=(0, 0, 255, 255)),
                base_revision=0)
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "canvas_conflict"
    assert error["message"] == "The canvas was changed in another tab or window."
    assert error["revision"] == 1
    canvas = CanvasState.objects.get(user=alice)
    assert canvas.state == {"window": {"x": 0}} and canvas.picture.name == picture and canvas.revision == 1
    # "Keep mine": the same save again, now on top of the current revision.
    kept = put(alice_client, state=json.dumps({"window": {"x": 300}}), base_revision=error["revision"])
    assert kept.status_code == 200 and kept.json()["revision"] == 2
    assert CanvasState.objects.get(user=alice).state == {"window": {"x": 300}}


@pytest.mark.django_db
def test_conflict_message_is_translated(alice_client):
    put(alice_client, state="{}", base_revision=0)
    response = alice_client.put(URL, data=encode_multipart({"state": "{}", "base_revision": 0}),
                                content_type=MULTIPART, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "Холст изменён в другой вкладке или окне."


@pytest.mark.django_db
@pytest.mark.parametrize("revision", [None, "", "abc", "-1", "1.5", True])
def test_a_save_without_a_valid_base_revision_is_refused(alice_client, revision):
    body = {"state": {}} if revision is None else {"state": {}, "base_revision": revision}
    response = alice_client.put(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "revision_invalid"
    assert not CanvasState.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [{}, [], 1, "true", None])
def test_clear_picture_is_a_boolean_in_json(alice_client, value):
    put(alice_client, state="{}", picture=png())
    body = {"base_revision": current_revision(alice_client), "clear_picture": value}
    response = alice_client.put(URL, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"] == {"clear_picture": ["clear_picture must be true or false."]}
    assert alice_client.get(URL).json()["picture_url"]
    del body["clear_picture"]  # absent: the picture stays
    assert alice_client.put(URL, data=json.dumps(body), content_type="application/json").json()["picture_url"]
    response = alice_client.put(URL, data=json.dumps({"base_revision": current_revision(alice_client),
                                                      "clear_picture": True}), content_type="application/json")
    assert response.status_code == 200 and response.json()["picture_url"] is None


@pytest.mark.django_db
def test_a_null_state_is_refused_an_absent_one_kept(alice_client):
    put(alice_client, state='{"prompt": "kept"}')
    body = {"base_revision": current_revision(alice_client), "state": None}
    response = alice_client.put(URL, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "state_invalid"
    del body["state"]
    response = alice_client.put(URL, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == {"prompt": "kept"}


@pytest.mark.django_db
def test_clear_picture_form_values(alice_client):
    put(alice_client, state="{}", picture=png())
    assert put(alice_client, clear_picture="maybe").status_code == 400
    assert put(alice_client, clear_picture="no").json()["picture_url"]
    assert put(alice_client, clear_picture="YES").json()["picture_url"] is None
