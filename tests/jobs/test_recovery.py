"""Self-healing after Redis loses its data or goes away (issue 11.1): the model info is
re-announced with an expiry, lost broker messages are sent again by the sweep, a failed queue
update never fails a committed request, and the API answers a coded 503 while Redis is away.
"""

import threading
import time

import pytest
import redis
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from generation import actions, engine_info, queue, queue_order
from generation.models import Job

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


def submit(client, prompt="p"):
    response = client.post("/api/v1/jobs/", {"kind": "text2img", "prompt": prompt, "width": 64, "height": 64},
                           format="json")
    assert response.status_code == 201, response.content
    return Job.objects.get(pk=response.json()["id"])


def test_model_info_expires_and_is_announced_again(engine_ready):
    from generation.tasks import announce

    client = redis.Redis.from_url(settings.REDIS_URL)
    assert 0 < client.ttl(engine_info._key()) <= settings.ENGINE_INFO_TTL  # a dead fleet is noticed
    client.delete(engine_info._key())  # Redis restarted without its data
    stopped = threading.Event()
    with override_settings(ENGINE_INFO_TTL=0.3):
        thread = threading.Thread(target=announce, args=(engine_ready, stopped), daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 5
            while engine_info.get_info() is None:
                assert time.monotonic() < deadline, "the model info was not announced again"
                time.sleep(0.05)
        finally:
            stopped.set()
            thread.join()


@pytest.mark.parametrize("method,path", [("post", "/api/v1/jobs/"), ("get", "/api/v1/models/")])
def test_redis_away_is_a_coded_503(api, monkeypatch, method, path):
    gone = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)  # nothing listens there
    monkeypatch.setattr(engine_info, "get_redis", lambda: gone)
    response = getattr(api, method)(path, {"kind": "text2img", "prompt": "p"}, format="json")
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response["Retry-After"] == "5"


def _broker():
    from config.celery import app

    with app.connection_for_read() as connection:
        return connection.default_channel.client


def _lose_broker_messages(job):
    """What a Redis restart without data does to the broker, and time passing."""
    _broker().delete("gpu")
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now() - timezone.timedelta(minutes=5))


def test_sweep_sends_a_lost_broker_message_again_and_the_old_one_cannot_run(api, engine_ready):
    job = submit(api)
    old_task = job.task_id
    assert old_task and old_task.encode() in queue.broker_messages()
    _lose_broker_messages(job)
    actions.sweep_stale_jobs()
    job.refresh_from_db()
    assert job.status == "queued" and job.task_id != old_task
    assert job.task_id.encode() in queue.broker_messages()
    assert job.dispatched_at > timezone.now() - timezone.timedelta(seconds=30)
    # A copy of the old message turning up (it was not lost after all) must not run the job twice.
    assert actions.start(job.pk, "test-worker", task_id=old_task) is None
    assert actions.start(job.pk, "test-worker", task_id=job.task_id).status == "running"
    _broker().delete("gpu")


def test_sweep_leaves_a_message_the_broker_still_holds(api, engine_ready):
    job = submit(api)
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now() - timezone.timedelta(minutes=5))
    actions.sweep_stale_jobs()
    job.refresh_from_db()
    assert job.task_id == str(job.pk)
    _broker().delete("gpu")


def test_a_failed_queue_update_does_not_fail_the_committed_submit(api, engine_ready, monkeypatch):
    def dispatch(owner_id):
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(queue, "dispatch", dispatch)
    job = submit(api)
    assert job.status == "queued" and job.dispatched_at is None
    monkeypatch.undo()
    actions.sweep_stale_jobs()  # the sweep dispatches what the failed commit hook did not
    job.refresh_from_db()
    assert job.dispatched_at is not None and job.task_id.encode() in queue.broker_messages()
    assert queue_order.attach([job])[0].queue_position == 1
    _broker().delete("gpu")


def test_a_failed_broadcast_still_sends_the_dispatched_job(api, engine_ready, monkeypatch):
    def broadcast(table, behind):
        raise redis.exceptions.TimeoutError("Timeout reading from 127.0.0.1:6379")

    monkeypatch.setattr(queue, "_broadcast", broadcast)
    job = submit(api)  # 201: the committed job is not a 500 for what failed after the commit
    assert job.dispatched_at is not None and job.task_id.encode() in queue.broker_messages()
    _broker().delete("gpu")


def _reserve(job, seconds_ago):
    """What a worker does when it takes the job's message (kombu's Redis transport): the message
    moves from the queue into the unacked hash, stamped in unacked_index with the delivery time."""
    import json

    broker = _broker()
    raw = broker.rpop("gpu")
    assert job.task_id.encode() in raw
    broker.hset("unacked", "tag-1", json.dumps([json.loads(raw), "", "gpu"]))
    broker.zadd("unacked_index", {"tag-1": time.time() - seconds_ago})
    Job.objects.filter(pk=job.pk).update(dispatched_at=timezone.now() - timezone.timedelta(minutes=5))


def _forget_reservations():
    _broker().delete("gpu", "unacked", "unacked_index")


def test_sweep_sends_again_a_message_a_dead_worker_reserved(api, engine_ready):
    # The worker took the message and was SIGKILLed before starting the job: kombu restores it
    # only after the visibility timeout, so without this the user's turn was held for 15 minutes.
    job = submit(api)
    old_task = job.task_id
    _reserve(job, seconds_ago=settings.JOB_REDISPATCH_AFTER + 5)
    try:
        actions.sweep_stale_jobs()
        job.refresh_from_db()
        assert job.status == "queued" and job.task_id != old_task
        assert job.task_id.encode() in _broker().lindex("gpu", 0)
    finally:
        _forget_reservations()


def test_sweep_leaves_a_message_reserved_just_now(api, engine_ready):
    job = submit(api)
    _reserve(job, seconds_ago=1)  # a live worker about to start it
    try:
        actions.sweep_stale_jobs()
        job.refresh_from_db()
        assert job.task_id == str(job.pk)
        assert _broker().llen("gpu") == 0
    finally:
        _forget_reservations()


def test_database_away_is_a_coded_503(api, monkeypatch):
    from django.db import OperationalError

    from generation.api import views

    def refuse(*args, **kwargs):
        raise OperationalError("connection failed: FATAL:  the database system is shutting down")

    monkeypatch.setattr(views.JobsView, "get_queryset", refuse)
    response = api.get("/api/v1/jobs/")
    assert response.status_code == 503, response.content
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response["Retry-After"] == "5"
