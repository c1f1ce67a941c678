"""Cancelling with a real worker: a running job stops at its next step, a queued one never runs.

The running job is held after its first step (generation.holds) until the cancel arrives, so
it is running when cancelled however fast the machine is."""

import pytest
from asgiref.sync import sync_to_async

from generation.models import Job
from tests.jobs.conftest import connect, job_status, post_job, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]

LONG = {"kind": "text2img", "prompt": "a long one", "width": 64, "height": 64, "steps": 8}
SHORT = {"kind": "text2img", "prompt": "a short one", "width": 64, "height": 64, "steps": 2}



async def test_cancel_a_running_job_over_the_socket(alice, api, celery_worker, held):
    socket, _, _ = await connect(alice)
    job = await post_job(api, LONG)
    first = await wait_for(socket, lambda m: m["type"] == "progress" and m["job_id"] == job["id"])
    assert first["step"] == 1  # and held there
    await socket.send_json_to({"type": "cancel", "job_id": job["id"]})
    flagged = await wait_for(socket, lambda m: m["type"] == "job" and m["job"]["cancel_requested"])
    assert flagged["job"]["status"] == "running"
    final = await wait_for(socket, job_status(job["id"], "cancelled"), timeout=30)
    await socket.disconnect()
    row = await sync_to_async(Job.objects.get)(pk=job["id"])
    assert row.status == "cancelled" and row.finished_at and row.step < row.total_steps
    assert row.step == 1 and final["job"]["results"] == []
    assert not await sync_to_async(row.results.exists)()


async def test_a_cancelled_queued_job_never_starts(alice, bob, api, bob_api, celery_worker, held):
    alice_socket, _, _ = await connect(alice)
    running = await post_job(api, LONG)
    await wait_for(alice_socket, lambda m: m["type"] == "progress" and m["job_id"] == running["id"])
    # Alice's job is held at step 1: bob's job is in the broker behind it, alice's second one
    # still in the database.
    bobs = await post_job(bob_api, SHORT)
    waiting = await post_job(api, SHORT)
    assert (await sync_to_async(Job.objects.get)(pk=bobs["id"])).dispatched_at is not None
    for client, job in ((bob_api, bobs), (api, waiting)):
        response = await sync_to_async(client.post)(f"/api/v1/jobs/{job['id']}/cancel/")
        assert response.status_code == 202 and response.json()["status"] == "cancelled"
    await sync_to_async(api.post)(f"/api/v1/jobs/{running['id']}/cancel/")
    await wait_for(alice_socket, job_status(running["id"], "cancelled"))
    # A later job runs to the end, so the worker has seen bob's message by then (the socket is
    # open before the job exists: its end cannot be missed).
    bob_socket, _, _ = await connect(bob)
    last = await post_job(bob_api, SHORT)
    await wait_for(bob_socket, job_status(last["id"], "succeeded"))
    for job in (bobs, waiting):
        row = await sync_to_async(Job.objects.get)(pk=job["id"])
        assert (row.status, row.attempts, row.started_at) == ("cancelled", 0, None)
    await alice_socket.disconnect()
    await bob_socket.disconnect()
