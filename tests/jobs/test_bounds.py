"""Every list and every cost a job request can ask for is bounded, and text fields take text only."""

import base64

import pytest

from generation.api import serializers
from generation.models import Job
from tests.jobs.conftest import png_bytes, upload
from tests.jobs.test_api import error, text2img

pytestmark = pytest.mark.django_db

PNG_URL = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def mix(**extra):
    return {"kind": "mix", "images": [PNG_URL, PNG_URL], **extra}


@pytest.mark.parametrize("fields,field", [
    (text2img(prompt=0), "prompt"),
    (text2img(prompt=True), "prompt"),
    (text2img(prompt=["a cat"]), "prompt"),
    (text2img(prompt=None), "prompt"),
    (text2img(negative_prompt=12), "negative_prompt"),
    (mix(prompts=[0]), "prompts"),
    (mix(prompts="a dog"), "prompts"),
])
def test_a_prompt_that_is_not_text_is_invalid_prompt(api, engine_ready, fields, field):
    body = error(api.post("/api/v1/jobs/", fields, format="json"), 400, "invalid_prompt")
    assert field in body["fields"], body
    assert not Job.objects.exists()


@pytest.mark.parametrize("fields,code,field", [
    # 10,000 prompts once became 50,002 steps that held the only worker for 430 s.
    (mix(prompts=["a dog"] * 10_000), "too_many_prompts", "prompts"),
    (mix(prompts=["a dog"] * 5), "too_many_prompts", "prompts"),
    # Refused by count before any of them is decoded (they are not even pictures).
    ({"kind": "mix", "images": ["not a picture"] * 1000}, "too_many_images", "images"),
    (mix(weights=[1.0] * 9), "invalid_weights", "weights"),
    (mix(weights=",".join(["1"] * 9)), "invalid_weights", "weights"),
])
def test_an_over_long_list_is_refused_by_its_length(api, engine_ready, fields, code, field):
    body = error(api.post("/api/v1/jobs/", fields, format="json", HTTP_ACCEPT_LANGUAGE="ru"), 400, code)
    assert body["fields"][field] and any("а" <= ch <= "я" for ch in body["fields"][field][0]), body
    assert not Job.objects.exists()


def test_over_long_repeated_form_fields_are_refused(api, engine_ready):
    pictures = [upload(png_bytes()) for _ in range(5)]
    error(api.post("/api/v1/jobs/", {"kind": "mix", "images": pictures}, format="multipart"), 400, "too_many_images")
    fields = {"kind": "mix", "images": [upload(png_bytes()), upload(png_bytes())], "prompts": ["a dog"] * 5}
    error(api.post("/api/v1/jobs/", fields, format="multipart"), 400, "too_many_prompts")
    assert not Job.objects.exists()


def test_a_job_too_costly_as_a_whole_is_refused(api, engine_ready):
    # Each field is within its own range; together, 4 pictures × (5 prior + 50) steps = 220 > 200.
    body = error(api.post("/api/v1/jobs/", text2img(steps=50, num_images=4), format="json",
                          HTTP_ACCEPT_LANGUAGE="ru"), 400, "job_too_long")
    assert "steps" in body["fields"] and any("а" <= ch <= "я" for ch in body["message"]), body
    # Mix: each extra prompt costs a prior run; 2 × (4 × 5 + 50) = 140 passes, 3 × 70 = 210 does not.
    error(api.post("/api/v1/jobs/", mix(prompts=["a dog"] * 4, steps=50, num_images=3), format="json"),
          400, "job_too_long")
    assert not Job.objects.exists()
    assert api.post("/api/v1/jobs/", mix(prompts=["a dog"] * 4, steps=50, num_images=2), format="json").status_code == 201
    assert api.post("/api/v1/jobs/", text2img(steps=45, num_images=4), format="json").status_code == 201


def test_the_api_bounds_are_the_engines(engine_ready):
    from generation.engine.backends.base import MAX_EXTRA_PROMPTS
    from generation.engine.validation import IMAGE_COUNTS

    assert serializers.MAX_MIX_IMAGES == IMAGE_COUNTS["mix"][1]
    assert serializers.MAX_EXTRA_PROMPTS == MAX_EXTRA_PROMPTS


def test_models_and_schema_publish_the_bounds(api, client, engine_ready):
    info = api.get("/api/v1/models/").json()
    assert info["max_image_steps"] == engine_ready.limits.max_image_steps
    assert info["max_extra_prompts"] == serializers.MAX_EXTRA_PROMPTS
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    body = schema["components"]["schemas"]["JobCreate"]["properties"]
    assert body["prompts"]["maxItems"] == 4 and body["images"]["maxItems"] == 4 and body["weights"]["maxItems"] == 8
