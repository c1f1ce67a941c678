"""The real chain for every kind: HTTP POST → Redis → Celery worker → channels-redis →
websocket (queued, running, progress, succeeded in order) → the result PNG over HTTP.
Bob's socket, open all along, hears nothing of it."""

import base64
import io

import pytest
from asgiref.sync import sync_to_async
from PIL import Image

from tests.jobs.conftest import assert_heard_nothing, connect, job_status, png_bytes, upload, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]


async def receive_until_finished(communicator, job_id):
    """Every message up to the job's final one."""
    messages = []
    finished = job_status(job_id, "succeeded", "failed", "cancelled")
    await wait_for(communicator, lambda m: messages.append(m) or finished(m))
    return messages


def mask_png(size, box):
    mask = Image.new("L", size, 0)
    mask.paste(255, box)
    buffer = io.BytesIO()
    mask.save(buffer, "PNG")
    return buffer.getvalue()


def data_url(data):
    return "data:image/png;base64," + base64.b64encode(data).decode()


CASES = {
    "text2img": ({"kind": "text2img", "prompt": "a red cat", "width": 128, "height": 64, "steps": 3}, "json",
                 [(128, 64)]),
    "inpaint-rgba": ({"kind": "inpaint", "prompt": "a cat",  "steps": 2,
                      "image": lambda: upload(png_bytes((64, 64), "RGBA", alpha_box=(16, 16, 48, 48)))},
                     "multipart", [(64, 64)]),
    "inpaint-mask": ({"kind": "inpaint", "steps": 2, "image": lambda: upload(png_bytes((64, 64))),
                      "mask": lambda: upload(mask_png((64, 64), (0, 0, 32, 64)))}, "multipart", [(64, 64)]),
    "outpaint": ({"kind": "outpaint", "prompt": "sea", "steps": 2,
                  "image": lambda: upload(png_bytes((128, 64), "RGBA", alpha_box=(64, 0, 128, 64)))},
                 "multipart", [(128, 64)]),
    "fusion": ({"kind": "fusion", "prompt": "in winter", "strength": 0.6, "width": 64, "height": 64, "steps": 2,
                "image": lambda: upload(png_bytes((96, 96), fmt="JPEG"), "p.jpg", "image/jpeg")},
               "multipart", [(64, 64)]),
    "mix": ({"kind": "mix", "width": 64, "height": 64, "steps": 2, "weights": "0.3,0.7",
             "images": lambda: [upload(png_bytes((64, 64))), upload(png_bytes((80, 80), color=(0, 0, 250)))]},
            "multipart", [(64, 64)]),
    "variation": ({"kind": "variation", "num_images": 2, "width": 64, "height": 64, "steps": 2,
                   "image": lambda: data_url(png_bytes((64, 64)))}, "json", [(64, 64), (64, 64)]),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_job_end_to_end(case, alice, bob, api, client, celery_worker):
    fields, fmt, sizes = CASES[case]
    fields = {k: v() if callable(v) else v for k, v in fields.items()}
    alice_socket, connected, _ = await connect(alice)
    bob_socket, bob_connected, _ = await connect(bob)
    assert connected and bob_connected

    response = await sync_to_async(api.post)("/api/v1/jobs/", fields, format=fmt)
    assert response.status_code == 201, response.content
    job = response.json()
    # The answer is the committed row: an idle worker may already have started it.
    assert job["status"] in ("queued", "running") and job["kind"] == fields["kind"]
    messages = await receive_until_finished(alice_socket, job["id"])
    await alice_socket.disconnect()

    kinds = [(m["type"], m.get("job", {}).get("status")) for m in messages]
    assert kinds[0] == ("job", "queued")  # published before the job reaches the broker
    running_at = kinds.index(("job", "running"))
    progress_at = [i for i, (t, _) in enumerate(kinds) if t == "progress"]
    assert progress_at and min(progress_at) > running_at
    progress = [messages[i] for i in progress_at]
    assert [p["step"] for p in progress] == sorted(p["step"] for p in progress)
    assert progress[-1]["step"] == progress[-1]["total_steps"] and progress[-1]["progress"] == 1.0
    assert all(p["job_id"] == job["id"] for p in progress)
    final = messages[-1]["job"]
    assert final["status"] == "succeeded", final
    assert final["error"] is None and final["progress"] == 1.0
    assert [(r["width"], r["height"]) for r in final["results"]] == sizes
    # Every event has the job's seq, strictly rising: a client orders and de-duplicates by it.
    seqs = [m["job"]["seq"] if m["type"] == "job" else m["seq"] for m in messages]
    # The POST answer is one point of that sequence (queued, or running if a worker was quick).
    assert seqs == sorted(set(seqs)) and job["seq"] in seqs, (seqs, job["seq"])
    # One shape: the REST answer is exactly the socket's last event.
    assert (await sync_to_async(api.get)(f"/api/v1/jobs/{job['id']}/")).json() == final

    await sync_to_async(client.force_login)(alice)
    for result in final["results"]:
        download = await sync_to_async(client.get)(result["url"])
        assert download.status_code == 200
        picture = Image.open(io.BytesIO(b"".join(download.streaming_content)))
        assert picture.format == "PNG" and picture.size == (result["width"], result["height"])

    # Bob heard nothing at all, and alice's result is a 404 for him.
    await assert_heard_nothing(bob_socket, bob)
    await bob_socket.disconnect()
    await sync_to_async(client.force_login)(bob)
    assert (await sync_to_async(client.get)(final["results"][0]["url"])).status_code == 404
