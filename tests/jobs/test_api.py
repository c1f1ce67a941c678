"""The jobs API without a worker: shapes, auth, isolation, and every refusal before queueing."""

import io
import struct
import zlib

import pytest
from django.test import override_settings
from PIL import Image
from rest_framework.test import APIClient

from generation.models import Job, RejectedPrompt
from tests.jobs.conftest import png_bytes, token_for, upload

pytestmark = pytest.mark.django_db


def error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]


def text2img(**extra):
    return {"kind": "text2img", "prompt": "a red cat", "width": 64, "height": 64, "steps": 2, **extra}


# --- auth and shapes ----------------------------------------------------------------------


def test_anonymous_gets_the_error_shape(client):
    for response in (client.get("/api/v1/jobs/"), client.post("/api/v1/jobs/", {}),
                     client.get("/api/v1/models/")):
        error(response, 403, "not_authenticated")


def test_schema_and_styles_are_public(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    document = schema.json()
    assert "/api/v1/jobs/" in document["paths"] and "/api/v1/jobs/{job_id}/cancel/" in document["paths"]
    post = document["paths"]["/api/v1/jobs/"]["post"]
    assert {"multipart/form-data", "application/json"} <= set(post["requestBody"]["content"])
    assert {"201", "400", "429"} <= set(post["responses"])
    styles = client.get("/api/v1/styles/").json()
    slugs = [s["slug"] for s in styles]
    assert {"none", "kandinsky", "anime", "watercolour", "pixel-art"} <= set(slugs)
    assert {"slug", "name", "prompt_template", "negative_prompt"} == set(styles[0])


def test_style_names_follow_the_request_language(client):
    ru = {s["slug"]: s["name"] for s in client.get("/api/v1/styles/", HTTP_ACCEPT_LANGUAGE="ru").json()}
    en = {s["slug"]: s["name"] for s in client.get("/api/v1/styles/", HTTP_ACCEPT_LANGUAGE="en").json()}
    assert ru["watercolour"] == "Акварель" and en["watercolour"] == "Watercolour"


def test_models_describes_the_backend(api, engine_ready):
    info = api.get("/api/v1/models/").json()
    assert info["name"] == "tiny" and set(info["kinds"]) == {
        "text2img", "inpaint", "outpaint", "fusion", "mix", "variation"}
    assert info["size_multiple"] == 64 and info["max_steps"] >= info["default_steps"]
    assert "limits" not in info and info["aspect_ratios"]["16:9"][0] > info["aspect_ratios"]["16:9"][1]
    assert info["vocabulary"] is None and info["examples"] == {}  # tiny reads any text, shows nothing


def test_models_says_what_nano_knows(api, settings):
    """nano's words and example prompts reach the API as the worker announced them."""
    from generation import engine_info
    from generation.engine.backends.nano import nano_backend

    settings.KANDINSKY_MODEL = "nano"
    engine_info.publish(nano_backend())
    info = api.get("/api/v1/models/").json()
    assert (info["name"], info["default_size"], info["max_size"]) == ("nano", 64, 128)
    assert info["aspect_ratios"] == {"1:1": [64, 64], "16:9": [128, 64], "9:16": [64, 128], "3:2": [128, 64],
                                     "2:3": [64, 128]}  # small sizes keep the preset's orientation
    assert [t["ru"] for t in info["vocabulary"]["shapes"]] == ["круг", "квадрат", "треугольник", "линия", "кольцо"]
    assert {"value": "yellow", "en": "yellow", "ru": "жёлтый"} in info["vocabulary"]["colours"]
    assert info["examples"]["ru"][0] == "жёлтый треугольник на синем фоне"
    assert len(info["examples"]["en"]) == len(info["examples"]["ru"]) >= 3
    assert info["default_strength"] == 0.7  # fusion follows the prompt from there (docs/nano.md)


@pytest.mark.parametrize("model, given, stored", [
    ("tiny", None, 0.5), ("nano", None, 0.7), ("nano", 0.3, 0.3),
])
def test_a_fusion_job_keeps_the_strength_it_runs_at(api, engine_ready, settings, model, given, stored):
    """Like the seed: a job that gave no strength stores its model's default, so its params (and a
    gallery image's) reproduce it."""
    from generation import engine_info
    from generation.engine.backends.nano import nano_backend

    if model == "nano":
        settings.KANDINSKY_MODEL = "nano"
        engine_info.publish(nano_backend())
    fields = {"kind": "fusion", "prompt": "in winter", "image": upload(png_bytes())}
    if given is not None:
        fields["strength"] = given
    response = api.post("/api/v1/jobs/", fields, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["params"]["strength"] == stored
    assert Job.objects.get(pk=response.json()["id"]).params["strength"] == stored


def test_a_newer_workers_limits_still_validate(api, engine_ready):
    """A worker deployed before the web may announce limits the web does not know yet."""
    import dataclasses
    import json

    from generation import engine_info
    from generation.redis_client import get_redis

    info = engine_info.publish(engine_ready)
    info["limits"]["a_later_limit"] = 1
    get_redis().set(engine_info._key(engine_ready.name), json.dumps(info))
    assert dataclasses.asdict(engine_info.stand_in().limits) == dataclasses.asdict(engine_ready.limits)
    assert api.post("/api/v1/jobs/", text2img(), format="json").status_code == 201


def test_the_schema_names_every_field_the_models_endpoint_answers(api, engine_ready):
    info = api.get("/api/v1/models/").json()
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert set(schema["components"]["schemas"]["ModelInfo"]["properties"]) == set(info)


def test_create_list_read_with_a_token(alice, engine_ready):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(alice)}")
    response = client.post("/api/v1/jobs/", text2img(style="anime", seed=7), format="json")
    assert response.status_code == 201, response.content
    job = response.json()
    assert set(job) >= {"id", "kind", "status", "progress", "step", "total_steps", "queue_position", "params",
                        "results", "error", "created_at", "started_at", "finished_at"}
    assert job["status"] == "queued" and job["progress"] == 0 and job["results"] == [] and job["error"] is None
    assert job["params"]["style"] == "anime" and job["params"]["seed"] == 7
    assert "style_template" not in job["params"]  # internals stay private
    row = Job.objects.get(pk=job["id"])
    assert row.owner == alice and "anime" in row.params["style_template"]
    listing = client.get("/api/v1/jobs/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == job["id"]
    assert client.get(f"/api/v1/jobs/{job['id']}/").json()["id"] == job["id"]
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token nope")
    error(bad.get("/api/v1/jobs/"), 403, "authentication_failed")


def test_a_seed_is_chosen_when_none_is_given(api, engine_ready):
    job = api.post("/api/v1/jobs/", text2img(), format="json").json()
    assert isinstance(job["params"]["seed"], int)


def test_list_is_newest_first_and_paginated(api, alice, engine_ready):
    ids = [api.post("/api/v1/jobs/", text2img(), format="json").json()["id"] for _ in range(3)]
    listing = api.get("/api/v1/jobs/").json()
    assert [j["id"] for j in listing["results"]] == ids[::-1]
    assert set(listing) == {"count", "next", "previous", "results"}


def test_bob_cannot_see_or_cancel_alices_jobs(api, bob_api, engine_ready):
    job = api.post("/api/v1/jobs/", text2img(), format="json").json()
    error(bob_api.get(f"/api/v1/jobs/{job['id']}/"), 404, "not_found")
    error(bob_api.post(f"/api/v1/jobs/{job['id']}/cancel/"), 404, "not_found")
    assert bob_api.get("/api/v1/jobs/").json()["count"] == 0
    assert Job.objects.get(pk=job["id"]).status == "queued"
    error(api.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/"), 404, "not_found")


def test_cancel_a_queued_job(api, engine_ready):
    job = api.post("/api/v1/jobs/", text2img(), format="json").json()
    response = api.post(f"/api/v1/jobs/{job['id']}/cancel/")
    assert response.status_code == 202 and response.json()["status"] == "cancelled"
    assert api.post(f"/api/v1/jobs/{job['id']}/cancel/").status_code == 202  # idempotent
    Job.objects.filter(pk=job["id"]).update(status="succeeded")
    error(api.post(f"/api/v1/jobs/{job['id']}/cancel/"), 409, "job_finished")


def test_messages_are_translated(api, engine_ready):
    body = error(api.post("/api/v1/jobs/", text2img(prompt=""), format="json", HTTP_ACCEPT_LANGUAGE="ru"),
                 400, "prompt_required")
    assert any("а" <= ch <= "я" for ch in body["message"].lower()), body


# --- every bad input is a 400 with a code, and nothing is queued -----------------------------


def truncated_png():
    data = png_bytes((64, 64))
    return data[: len(data) // 2]


def bomb_png(side=20000):
    """A valid PNG header claiming side×side pixels (~400 MP) with a tiny body."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, "GIF")
    return buffer.getvalue()


BAD = {
    "unknown kind": ({"kind": "paint", "prompt": "x"}, "json", "unsupported_kind", "kind"),
    "missing prompt": (text2img(prompt="  "), "json", "prompt_required", "prompt"),
    "prompt too long": (text2img(prompt="x" * 5000), "json", "prompt_too_long", "prompt"),
    "unknown style": (text2img(style="no-such-style"), "json", "unknown_style", "style"),
    "size not multiple of 64": (text2img(width=100), "json", "invalid_size", "width"),
    "size too big": (text2img(height=4096), "json", "invalid_size", "height"),
    "size not a number": (text2img(width="wide"), "json", "invalid_size", "width"),
    "bad aspect ratio": ({"kind": "text2img", "prompt": "x", "aspect_ratio": "5:4"}, "json",
                         "invalid_aspect_ratio", "aspect_ratio"),
    "too many steps": (text2img(steps=10000), "json", "invalid_steps", "steps"),
    "zero steps": (text2img(steps=0), "json", "invalid_steps", "steps"),
    "too many images": (text2img(num_images=50), "json", "invalid_num_images", "num_images"),
    "guidance": (text2img(guidance_scale=500), "json", "invalid_guidance", "guidance_scale"),
    "negative seed": (text2img(seed=-1), "json", "invalid_seed", "seed"),
    "strength": ({"kind": "fusion", "prompt": "x", "strength": 2, "image": lambda: upload(png_bytes())},
                 "multipart", "invalid_strength", "strength"),
    "no image": ({"kind": "variation"}, "json", "too_few_images", "images"),
    "mix of one": ({"kind": "mix", "images": lambda: [upload(png_bytes())]}, "multipart", "too_few_images", "images"),
    "mix weights": ({"kind": "mix", "weights": "1", "images": lambda: [upload(png_bytes()), upload(png_bytes())]},
                    "multipart", "invalid_weights", "weights"),
    "gif": ({"kind": "variation", "image": lambda: upload(gif_bytes(), "a.gif", "image/gif")}, "multipart",
            "unsupported_format", "image"),
    "not an image": ({"kind": "variation", "image": lambda: upload(b"hello world" * 10, "a.png")}, "multipart",
                     "invalid_image", "image"),
    "truncated": ({"kind": "variation", "image": lambda: upload(truncated_png())}, "multipart",
                  "invalid_image", "image"),
    "decompression bomb": ({"kind": "variation", "image": lambda: upload(bomb_png())}, "multipart",
                           "image_too_large", "image"),
    "bad data url": ({"kind": "variation", "image": "data:image/png;base64,!!!"}, "json", "invalid_image", "image"),
    "data url without a payload": ({"kind": "variation", "image": "data:image/png;base64"}, "json", "empty_file",
                                   "image"),
    "mask size mismatch": ({"kind": "inpaint", "image": lambda: upload(png_bytes((64, 64))),
                            "mask": lambda: upload(png_bytes((128, 64)))}, "multipart", "mask_size_mismatch", "mask"),
    "inpaint nothing to fill": ({"kind": "inpaint", "image": lambda: upload(png_bytes((64, 64), "RGBA"))},
                                "multipart", "empty_mask", "mask"),
    "inpaint without alpha or mask": ({"kind": "inpaint", "image": lambda: upload(png_bytes((64, 64)))},
                                      "multipart", "invalid_image", "image"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_before_queueing(case, api, engine_ready):
    fields, fmt, code, field = BAD[case]
    fields = {k: v() if callable(v) else v for k, v in fields.items()}
    body = error(api.post("/api/v1/jobs/", fields, format=fmt), 400, code)
    assert field in body["fields"], body
    assert not Job.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1000)
def test_a_file_over_the_byte_cap_is_refused(api, engine_ready):
    big = upload(png_bytes((200, 200)) + b"\0" * 5000)
    body = error(api.post("/api/v1/jobs/", {"kind": "variation", "image": big}, format="multipart"),
                 400, "file_too_large")
    assert "image" in body["fields"]


def test_malformed_json_is_a_parse_error(api):
    response = api.generic("POST", "/api/v1/jobs/", "{not json", content_type="application/json")
    error(response, 400, "parse_error")


def test_deeply_nested_json_is_a_parse_error(api):
    # Python's json module raises RecursionError (not ValueError) past ~1000 levels.
    response = api.generic("POST", "/api/v1/jobs/", "[" * 100_000 + "]" * 100_000, content_type="application/json")
    error(response, 400, "parse_error")


def test_inputs_are_reencoded_under_random_names(api, engine_ready, settings):
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64), "blue").save(jpeg, "JPEG", comment=b"secret")
    job = api.post("/api/v1/jobs/", {"kind": "variation", "image": upload(jpeg.getvalue(), "my-holiday.jpg")},
                   format="multipart").json()
    entry = Job.objects.get(pk=job["id"]).inputs[0]
    assert entry["path"].startswith("inputs/") and entry["path"].endswith(".png")
    assert "holiday" not in entry["path"]
    stored = Image.open(f"{settings.MEDIA_ROOT}/{entry['path']}")
    assert stored.format == "PNG" and "comment" not in stored.info


def test_model_not_loaded_yet_is_503(api):
    import redis
    from django.conf import settings

    from generation.engine_info import _key

    redis.Redis.from_url(settings.REDIS_URL).delete(_key())
    response = api.post("/api/v1/jobs/", text2img(), format="json")
    error(response, 503, "model_unavailable")
    assert response["Retry-After"]


# --- bans, moderation, limits ---------------------------------------------------------------


def test_banned_user_gets_403(api, alice, engine_ready):
    alice.generation_banned = True
    alice.save()
    error(api.post("/api/v1/jobs/", text2img(), format="json"), 403, "generation_banned")


@pytest.mark.parametrize("prompt", ["Слова на заборе", "много СЛОВАМИ", "a BADWORDS poster", "x b\u200badword y",
                                    "evil-regex123 here"])
def test_blocked_prompts_are_rejected_and_recorded(prompt, api, alice, engine_ready):
    from generation.models import BlockedTerm

    BlockedTerm.objects.create(term="слово")
    BlockedTerm.objects.create(term="badword")
    BlockedTerm.objects.create(term=r"evil-regex\d+", match="regex")
    body = error(api.post("/api/v1/jobs/", text2img(prompt=prompt), format="json"), 400, "prompt_rejected")
    assert "prompt" in body["fields"]
    assert not Job.objects.exists()
    rejected = RejectedPrompt.objects.get()
    assert rejected.user == alice and rejected.prompt == prompt


@pytest.mark.parametrize("prompt", ["словарь", "swords of badwordsmith", "Kandinsky circles"])
def test_innocent_prompts_pass(prompt, api, engine_ready):
    from generation.models import BlockedTerm

    BlockedTerm.objects.create(term="слово")
    BlockedTerm.objects.create(term="badword")
    assert api.post("/api/v1/jobs/", text2img(prompt=prompt), format="json").status_code == 201


@override_settings(JOB_MAX_ACTIVE_PER_USER=2)
def test_too_many_active_jobs(api, bob_api, engine_ready):
    for _ in range(2):
        assert api.post("/api/v1/jobs/", text2img(), format="json").status_code == 201
    response = api.post("/api/v1/jobs/", text2img(), format="json")
    error(response, 429, "too_many_jobs")
    assert int(response["Retry-After"]) > 0
    assert bob_api.post("/api/v1/jobs/", text2img(), format="json").status_code == 201  # per user
    Job.objects.filter(status="queued").update(status="succeeded")
    assert api.post("/api/v1/jobs/", text2img(), format="json").status_code == 201


@override_settings(JOB_RATE_PER_MINUTE=3, JOB_MAX_ACTIVE_PER_USER=100)
def test_rate_per_minute(api, engine_ready):
    from django.utils import timezone

    for _ in range(3):
        assert api.post("/api/v1/jobs/", text2img(), format="json").status_code == 201
    response = api.post("/api/v1/jobs/", text2img(), format="json")
    error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 61
    Job.objects.update(created_at=timezone.now() - timezone.timedelta(seconds=61))
    assert api.post("/api/v1/jobs/", text2img(), format="json").status_code == 201
