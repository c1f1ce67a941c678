"""The real chain: HTTP POST → Redis → Celery worker → channels-redis → websocket → file."""

import io

import pytest
from asgiref.sync import sync_to_async
from PIL import Image

from tests.jobs.conftest import connect, png_bytes, upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


async def receive_until_finished(communicator, job_id, timeout=60):
    messages = []
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        messages.append(message)
        job = message.get("job", {})
        if message["type"] == "job" and job.get("id") == job_id and job["status"] in ("succeeded", "failed", "cancelled"):
            return messages


async def test_text2img_end_to_end(alice, api, client, celery_worker):
    communicator, connected, _ = await connect(alice)
    assert connected
    response = await sync_to_async(api.post)("/api/v1/jobs/", {
        "kind": "text2img", "prompt": "a red cat", "width": 128, "height": 64, "steps": 3,
    }, format="json")
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["status"] == "queued" and job["kind"] == "text2img"
    messages = await receive_until_finished(communicator, job["id"])
    await communicator.disconnect()

    kinds = [(m["type"], m.get("job", {}).get("status")) for m in messages]
    assert kinds[0] == ("job", "queued")
    assert ("job", "running") in kinds
    first_running = kinds.index(("job", "running"))
    progress = [m for m in messages if m["type"] == "progress"]
    assert progress and all(kinds.index(("progress", None)) > first_running for _ in [0])
    assert progress[-1]["step"] == progress[-1]["total_steps"]
    assert progress[-1]["preview"] is None or progress[-1]["preview"].startswith("data:image/jpeg;base64,")
    final = messages[-1]["job"]
    assert final["status"] == "succeeded", final
    assert final["progress"] == 1.0 and len(final["results"]) == 1

    result = final["results"][0]
    assert (result["width"], result["height"]) == (128, 64)
    await sync_to_async(client.force_login)(alice)
    download = await sync_to_async(client.get)(result["url"])
    assert download.status_code == 200
    picture = Image.open(io.BytesIO(b"".join(download.streaming_content)))
    assert picture.format == "PNG" and picture.size == (128, 64)
