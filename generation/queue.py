"""Fair queueing: each user has at most one job waiting in the broker.

The broker is FIFO. When a user's waiting job starts, their next queued job is sent to the
back of the broker queue; so users take turns (round-robin) however many jobs each submits.
Positions are not stored: they are derived on read from that rule (generation.queue_order).

What one event costs, whatever the queue's length:
- dispatch(owner): the owner's next job to the broker when none of theirs waits there; one
  query and one conditional UPDATE (on PostgreSQL under the owner's row lock; no global lock:
  users never compete for one).
- changed(job): after a submit, start, or the end of a queued job; dispatches for the owner,
  publishes the job, and sends each user whose positions moved one "queue" message with
  their positions (one query for the whole queue; a submit moves only the jobs behind the new
  one, a job leaving moves every later one). Never a row per job, never a message per job.
- Those per-user messages go out at most once per JOB_QUEUE_BROADCAST_INTERVAL for the whole
  site (a Redis SET NX window); a change inside the window marks the queue dirty, and the next
  window's broadcast, a running worker's heartbeat or the sweep tells everyone. So a burst of
  starts costs one broadcast per interval, not one per start; a reader over HTTP always gets
  the exact position (derived on read).

A failure here never fails the committed request (actions logs it); sweep() heals what was
missed: it dispatches for every user with none of their jobs in the broker, and re-broadcasts.

The database is the source of truth: a job sent to the broker more than JOB_REDISPATCH_AFTER
seconds ago whose message the broker no longer holds (Redis restarted without its data) is
sent again under a new task id, so the lost message cannot hold its owner's turn forever, and
a stale copy of the old message is refused by actions.start (it names the old task id).
"""

import contextlib
import logging
import uuid
from collections import defaultdict

from celery import current_app as app  # the project's app (config/celery.py), not imported here
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Exists, Q
from django.utils import timezone

from generation import events, queue_order
from generation.models import Job
from generation.queue_order import plan  # also the rule tests import from the queue
from generation.redis_client import get_redis, key

logger = logging.getLogger(__name__)
RUN_JOB = "generation.tasks.run_job"  # the task's registered name (generation/tasks.py)
QUEUED = Job.Status.QUEUED


def dispatch(owner_id):
    """Send the owner's oldest queued job to the broker unless one of theirs waits there.
    Returns (job id, task id) for send(), or None.

    One conditional UPDATE decides (the job still undispatched, none of the owner's in the
    broker), so it is atomic on its own; on PostgreSQL the owner's row lock also serialises
    two dispatches for one user. SQLite has no row locks, and a read-then-write transaction
    there can deadlock with another writer, so it runs without one."""
    serialise = connection.features.has_select_for_update
    with transaction.atomic() if serialise else contextlib.nullcontext():
        if serialise:
            list(get_user_model().objects.select_for_update().filter(pk=owner_id).values_list("pk", flat=True))
        queued = Job.objects.filter(owner_id=owner_id, status=QUEUED)
        job_id = (queued.filter(dispatched_at__isnull=True).order_by("created_at", "pk")
                  .values_list("pk", flat=True).first())
        if job_id is None:
            return None
        claimed = (Job.objects.filter(pk=job_id, status=QUEUED, dispatched_at__isnull=True)
                   .filter(~Exists(queued.filter(dispatched_at__isnull=False)))
                   .update(dispatched_at=timezone.now(), task_id=str(job_id)))
    return (job_id, str(job_id)) if claimed else None


def send(dispatched):
    for job_id, task_id in dispatched:
        # By name: the queue never imports the worker's module (tasks → actions → queue).
        app.send_task(RUN_JOB, args=[str(job_id)], task_id=task_id)


def broadcast(table, behind=0):
    """One "queue" message to each user with a queued job positioned after `behind` (0: every
    user with a queued job), listing all of that user's positions."""
    per_owner = defaultdict(dict)
    moved = set()
    for job_id, owner_id, position in table:
        per_owner[owner_id][str(job_id)] = position
        if position > behind:
            moved.add(owner_id)
    for owner_id in sorted(moved):
        events.publish_positions(owner_id, per_owner[owner_id])


WINDOW, DIRTY = key("queue-broadcast"), key("queue-dirty")


def _window_opens(redis):
    interval = settings.JOB_QUEUE_BROADCAST_INTERVAL
    return redis.set(WINDOW, 1, nx=True, px=max(1, int(interval * 1000)))


def _take_skipped(redis):
    """The lowest position moved by the changes a window skipped (None: none), cleared."""
    score, _ = redis.pipeline().zscore(DIRTY, "behind").delete(DIRTY).execute()
    return None if score is None else int(score)


def _broadcast(table, behind):
    """broadcast(), at most once per JOB_QUEUE_BROADCAST_INTERVAL (0: every time); nothing at
    all, not even a Redis command, when nobody moved (a submit at the end of the queue)."""
    if not any(position > behind for _, _, position in table):
        return
    if settings.JOB_QUEUE_BROADCAST_INTERVAL <= 0:
        broadcast(table, behind)
        return
    redis = get_redis()
    if not _window_opens(redis):
        # Remember the lowest position moved. Until the next broadcast a job ahead of it has
        # not moved: a submit moves only jobs behind the newcomer, and a job leaving records 0.
        redis.zadd(DIRTY, {"behind": behind}, lt=True)
        return
    skipped = _take_skipped(redis)
    broadcast(table, behind if skipped is None else min(behind, skipped))


def flush():
    """Broadcast the moves a window skipped, if any and once the window is over: one Redis
    command when there is nothing to tell (a worker's heartbeat calls it)."""
    redis = get_redis()
    if not redis.exists(DIRTY):
        return
    if settings.JOB_QUEUE_BROADCAST_INTERVAL > 0 and not _window_opens(redis):
        return
    skipped = _take_skipped(redis)
    if skipped is not None:
        broadcast(_table(queue_order.queued_jobs()), skipped)


def _rows(order):
    return [(job.pk, job.owner_id, position) for position, job in enumerate(order, start=1)]


def _table(queued):
    order, _ = plan(queued)
    return _rows(order)


def changed(job, joined):
    """After a committed change that moved the queue: `job` joined it (submit) or left it
    (started, cancelled or failed while queued). Publishes the job, then the moved positions;
    the broker hears of a dispatched job last, so "queued" always precedes "running"."""
    dispatched = [d for d in [dispatch(job.owner_id)] if d]
    try:
        table = _table(queue_order.queued_jobs())
        queue_order.attach([job], {job_id: position for job_id, _, position in table})
        events.publish_job(job)
        behind = (job.queue_position or 0) if joined else 0  # a newcomer moves only those behind it
        _broadcast(table, behind)
    finally:
        send(dispatched)  # whatever failed above, the dispatched job reaches the broker


def sweep(redispatch_lost=True):
    """Heal what a failed commit hook or a lost broker message left: every user with queued
    jobs gets one in the broker, lost messages are sent again, and every user with queued jobs
    hears their positions. Returns the start order."""
    queued = list(Job.objects.filter(status=QUEUED).only(*queue_order.FIELDS, "task_id"))
    lost = _lost_messages(queued) if redispatch_lost else []
    now = timezone.now()
    dispatched = []
    for job in lost:
        task_id = f"{job.pk}.{uuid.uuid4().hex[:8]}"
        if Job.objects.filter(pk=job.pk, status=QUEUED, task_id=job.task_id).update(dispatched_at=now, task_id=task_id):
            logger.warning("Job %s: its broker message is gone, sent again", job.pk)
            dispatched.append((job.pk, task_id))
    waiting = (Job.objects.filter(status=QUEUED).values("owner_id")
               .annotate(in_broker=Count("pk", filter=Q(dispatched_at__isnull=False))).filter(in_broker=0))
    for row in waiting:
        found = dispatch(row["owner_id"])
        if found:
            dispatched.append(found)
    queued = queue_order.queued_jobs() if dispatched else queued
    order, _ = plan(queued)
    get_redis().delete(DIRTY)
    broadcast(_rows(order))
    send(dispatched)
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
