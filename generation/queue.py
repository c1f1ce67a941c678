"""Fair queueing: each user has at most one job waiting in the broker.

The broker is FIFO. When a user's waiting job starts, their next queued job is sent to the
back of the broker queue; so users take turns (round-robin) however many jobs each submits.
Queue positions are computed by simulating exactly that rule over the current queue, so the
number a user sees is the order the workers will take jobs in (until new users arrive).

refresh() is the one entry point: it dispatches what may go to the broker now, recomputes
positions, and publishes a "job" event for every job whose position changed. It runs under
a Redis lock, after the change that triggered it has been committed.

The database is the source of truth: a job sent to the broker more than JOB_REDISPATCH_AFTER
seconds ago whose message the broker no longer holds (Redis restarted without its data) is
sent again under a new task id, so the lost message cannot hold its owner's turn forever, and
a stale copy of the old message is refused by actions.start (it names the old task id).
"""

import logging
import uuid
from collections import defaultdict, deque

from celery import current_app as app  # the project's app (config/celery.py), not imported here
from django.conf import settings

from django.db.models import F, Q
from django.utils import timezone

from generation import events
from generation.models import Job
from generation.redis_client import get_redis, key

logger = logging.getLogger(__name__)
RUN_JOB = "generation.tasks.run_job"  # the task's registered name (generation/tasks.py)


def plan(queued):
    """(order, to_dispatch) for the queued jobs: order is the start order the broker will
    produce; to_dispatch are the jobs that must be sent to the broker now."""
    waiting = deque(sorted((j for j in queued if j.dispatched_at), key=lambda j: (j.dispatched_at, j.created_at)))
    pending = defaultdict(deque)
    for job in sorted((j for j in queued if not j.dispatched_at), key=lambda j: (j.created_at, j.pk)):
        pending[job.owner_id].append(job)
    in_broker = {j.owner_id for j in waiting}
    to_dispatch = [jobs.popleft() for owner, jobs in pending.items() if owner not in in_broker]
    waiting.extend(to_dispatch)
    order = []
    while waiting:
        job = waiting.popleft()
        order.append(job)
        if pending[job.owner_id]:
            waiting.append(pending[job.owner_id].popleft())
    return order, to_dispatch


def refresh(publish_ids=(), redispatch_lost=False):
    """Dispatch and re-number the queue; always publish the jobs in publish_ids. The sweep
    also asks for lost broker messages to be sent again (one look at the broker)."""
    publish_ids = set(map(str, publish_ids))
    with get_redis().lock(key("queue-lock"), timeout=30, blocking_timeout=30):
        queued = list(Job.objects.filter(status=Job.Status.QUEUED).only(
            "id", "owner_id", "created_at", "dispatched_at", "queue_position", "status", "task_id"))
        lost = _lost_messages(queued) if redispatch_lost else []
        order, to_dispatch = plan(queued)
        changed = []
        for position, job in enumerate(order, start=1):
            if job.queue_position != position:
                changed.append(job)
                job.queue_position = position
                job.seq = F("seq") + 1  # a new position is published: a newer event
        Job.objects.bulk_update(changed, ["queue_position", "seq"], batch_size=500)  # one UPDATE, not N
        changed = [job.pk for job in changed]
        now = timezone.now()
        dispatched = [
            (job, str(job.pk)) for job in to_dispatch
            if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED, dispatched_at__isnull=True)
            .update(dispatched_at=now, task_id=str(job.pk))
        ]
        for job in lost:
            task_id = f"{job.pk}.{uuid.uuid4().hex[:8]}"
            if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED, task_id=job.task_id).update(
                    dispatched_at=now, task_id=task_id):
                logger.warning("Job %s: its broker message is gone, sent again", job.pk)
                dispatched.append((job, task_id))
        # Queued events go out before the broker sees the job, so "queued" always precedes
        # "running" on the owner's socket.
        ids = set(map(str, changed)) | publish_ids
        for job in Job.objects.filter(Q(pk__in=ids)).select_related("owner").order_by("created_at"):
            events.publish_job(job)
        for job, task_id in dispatched:
            # By name: the queue never imports the worker's module (tasks → actions → queue).
            app.send_task(RUN_JOB, args=[str(job.pk)], task_id=task_id)
    return order


def _lost_messages(queued):
    """The queued jobs dispatched long enough ago whose task the broker holds nowhere (not
    waiting in a queue, not reserved by a worker)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=settings.JOB_REDISPATCH_AFTER)
    suspects = [j for j in queued if j.dispatched_at and j.dispatched_at < cutoff]
    if not suspects:
        return []
    # A worker reserves a job only to start it at once (acks_late, prefetch 1: its one
    # reservation is the job it runs), so a queued job's message reserved before the cutoff was
    # taken by a worker that died before starting it; kombu would restore it only after the
    # visibility timeout (15 min), holding its owner's turn all that while.
    held = broker_messages(reserved_since=cutoff.timestamp())
    return [j for j in suspects if (j.task_id or str(j.pk)).encode() not in held]


def broker_messages(reserved_since=None):
    """Every message body the broker holds for the job queues, as one bytes blob to search:
    the waiting lists and the reserved (unacked) hash of kombu's Redis transport; with
    `reserved_since` (a Unix time), only the reservations made since then."""
    queues = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    with app.connection_for_read() as connection:
        client = connection.default_channel.client
        parts = [m for name in sorted(queues) for m in client.lrange(name, 0, -1)]
        if reserved_since is None:
            parts += client.hvals("unacked")
        else:
            tags = client.zrangebyscore("unacked_index", reserved_since, "+inf")
            parts += [m for m in client.hmget("unacked", tags) if m] if tags else []
    return b"\n".join(parts)
