"""Fair queueing: each user has at most one job waiting in the broker.

The broker is FIFO. When a user's waiting job starts, their next queued job is sent to the
back of the broker queue; so users take turns (round-robin) however many jobs each submits.
Queue positions are computed by simulating exactly that rule over the current queue, so the
number a user sees is the order the workers will take jobs in (until new users arrive).

refresh() is the one entry point: it dispatches what may go to the broker now, recomputes
positions, and publishes a "job" event for every job whose position changed. It runs under
a Redis lock, after the change that triggered it has been committed.
"""

import logging
from collections import defaultdict, deque

from django.db.models import Q
from django.utils import timezone

from generation import events
from generation.models import Job
from generation.redis_client import get_redis, key

logger = logging.getLogger(__name__)


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


def refresh(publish_ids=()):
    """Dispatch and re-number the queue; always publish the jobs in publish_ids."""
    from generation.tasks import run_job  # tasks imports actions, which import us

    publish_ids = set(map(str, publish_ids))
    with get_redis().lock(key("queue-lock"), timeout=30, blocking_timeout=30):
        queued = list(Job.objects.filter(status=Job.Status.QUEUED).only(
            "id", "owner_id", "created_at", "dispatched_at", "queue_position", "status"))
        order, to_dispatch = plan(queued)
        changed = []
        for position, job in enumerate(order, start=1):
            if job.queue_position != position:
                changed.append(job.pk)
                Job.objects.filter(pk=job.pk).update(queue_position=position)
        now = timezone.now()
        dispatched = [
            job for job in to_dispatch
            if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED, dispatched_at__isnull=True)
            .update(dispatched_at=now, task_id=str(job.pk))
        ]
        # Queued events go out before the broker sees the job, so "queued" always precedes
        # "running" on the owner's socket.
        ids = set(map(str, changed)) | publish_ids
        for job in Job.objects.filter(Q(pk__in=ids)).select_related("owner").order_by("created_at"):
            events.publish_job(job)
        for job in dispatched:
            run_job.apply_async(args=[str(job.pk)], task_id=str(job.pk))
    return order
