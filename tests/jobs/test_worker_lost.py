"""A worker killed with SIGKILL mid-job, in a real `celery worker` subprocess.

- Only the pool child dies: the parent sees it, the message is requeued (acks_late +
  reject_on_worker_lost) and the job restarts cleanly and succeeds.
- The whole worker dies: the job would stay "running", so the sweep fails it with
  worker_lost; another user's queued job is untouched and runs on the next worker.

The job is held after step 1 (generation.holds: a Redis key the subprocess worker reads), so
it is mid-run when the kill comes, on any machine; a silent heartbeat is set, not waited for.
"""

import os
import signal

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone

from generation import actions, holds
from generation.models import Job
from tests.jobs.conftest import connect, job_status, post_job, wait_for, worker_process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

LONG = {"kind": "text2img", "prompt": "killed midway", "width": 64, "height": 64, "steps": 8}
SHORT = {"kind": "text2img", "prompt": "bystander", "width": 64, "height": 64, "steps": 2}


def worker_pid(job_id):
    return int(Job.objects.get(pk=job_id).worker_id.rsplit(" pid ", 1)[1])



async def test_killed_pool_child_restarts_the_job(alice, api, engine_ready, held):
    socket, _, _ = await connect(alice)
    with worker_process("child-kill"):
        job = await post_job(api, LONG)
        await wait_for(socket, lambda m: m["type"] == "progress" and m["job_id"] == job["id"])
        child = await sync_to_async(worker_pid)(job["id"])
        os.kill(child, signal.SIGKILL)  # held at step 1: mid-run
        holds.release(alice.pk)  # the restarted run goes through
        # Restarted from step 0 by a new pool child, then finished.
        final = await wait_for(socket, job_status(job["id"], "succeeded", "failed", "cancelled"), timeout=150)
    await socket.disconnect()
    assert final["job"]["status"] == "succeeded", final
    row = await sync_to_async(Job.objects.get)(pk=job["id"])
    assert row.attempts == 2 and await sync_to_async(worker_pid)(job["id"]) != child
    assert await sync_to_async(row.results.count)() == 1


async def test_killed_worker_is_swept_and_others_carry_on(alice, bob, api, bob_api, engine_ready, held):
    alice_socket, _, _ = await connect(alice)
    bob_socket, _, _ = await connect(bob)
    with worker_process("full-kill") as worker:
        job = await post_job(api, LONG)
        await wait_for(alice_socket, lambda m: m["type"] == "progress" and m["job_id"] == job["id"])
        bystander = await post_job(bob_api, SHORT)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    assert (await sync_to_async(Job.objects.get)(pk=job["id"])).status == "running"  # nobody says otherwise

    # The worker's last beat, JOB_HEARTBEAT_TIMEOUT and more ago (set, not waited for).
    silent_since = timezone.now() - timezone.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT + 1)
    await sync_to_async(Job.objects.filter(pk=job["id"]).update)(heartbeat_at=silent_since)
    swept = await sync_to_async(actions.sweep_stale_jobs)()
    assert [str(pk) for pk in swept] == [job["id"]]
    failed = await wait_for(alice_socket, job_status(job["id"], "failed"))
    assert failed["job"]["error"]["code"] == "worker_lost" and failed["job"]["error"]["message"]
    assert (await sync_to_async(Job.objects.get)(pk=bystander["id"])).status == "queued"

    with worker_process("after"):
        done = await wait_for(bob_socket, job_status(bystander["id"], "succeeded"), timeout=120)
    assert len(done["job"]["results"]) == 1
    assert (await sync_to_async(Job.objects.get)(pk=job["id"])).status == "failed"  # stays failed
    await alice_socket.disconnect()
    await bob_socket.disconnect()
