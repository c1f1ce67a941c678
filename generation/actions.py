"""A job's whole life, one function per state change. Read this module to know what happens.

    submit ──► queued ──► start ──► running ──► finish ──► succeeded
                 │                    │  └────► fail ────► failed (coded error)
                 └── cancel ──► cancelled ◄── mark_cancelled (after cancel_requested)
    sweep_stale_jobs: running with a stale heartbeat ──► failed (worker_lost)

Each function writes the database (bumping the job's event sequence number, seq, in the same
UPDATE) and, after the commit, publishes the event (a "job"
message to the owner's socket group); a change that moves the queue dispatches the owner's
next job and tells the users whose positions moved (generation.queue.changed), all of it
bounded by users, not jobs, and never failing the committed change.
State transitions are compare-and-set UPDATEs, so a cancel racing a start, or a sweep racing
a finish, never lets both win.
"""

import json
import logging
import random
import time

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.errors import ApiError
from generation import events, inputs, limits, moderation, queue, queue_order
from generation.models import Job

logger = logging.getLogger(__name__)
Status = Job.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)


def _after_commit(job_id, queue_event=None, cleanup=False):
    """Publish the job as committed once the transaction is done; queue_event "joined" or
    "left" when the change moved the queue (generation.queue.changed)."""

    def publish():
        job = Job.objects.select_related("owner").get(pk=job_id)
        if cleanup:
            inputs.delete_stored(job.inputs)
        if queue_event:
            try:
                queue.changed(job, joined=queue_event == "joined")
                return
            except Exception:
                # The change is committed: it must not turn into an error now (a 500 after
                # the job was saved). The sweep dispatches and re-broadcasts within
                # JOB_SWEEP_INTERVAL.
                logger.warning("Queue update after job %s failed", job_id, exc_info=True)
        events.publish_job(job)

    transaction.on_commit(publish)


# --- submit -----------------------------------------------------------------------------


def submit(user, request, language=""):
    """Queue a validated generation.requests.JobRequest for `user`. Raises ApiError when the
    user is banned or over a limit, or the prompt is blocked (recorded, never queued)."""
    limits.check(user)
    blocked = moderation.check_prompt(user, *request.texts())
    if blocked is not None:
        raise ApiError("prompt_rejected", fields={"prompt": [ApiError("prompt_rejected").message]})
    params = dict(request.params)
    if params.get("seed") is None:
        # A fixed seed makes every result reproducible from its params.
        params["seed"] = random.randrange(2**32)
    stored = [inputs.store(image, role) for role, image in request.images]
    try:
        with transaction.atomic():
            limits.check(user, lock=True)  # again, under the user's row lock: no double submit
            job = Job.objects.create(
                owner=user, kind=request.kind, params=params, inputs=stored, language=language or "",
            )
            _after_commit(job.pk, queue_event="joined")
    except Exception:
        inputs.delete_stored(stored)
        raise
    job.refresh_from_db()  # dispatched after the commit
    return queue_order.attach([job])[0]


# --- worker side ------------------------------------------------------------------------


def start(job_id, worker_id, task_id=None):
    """Claim the job for a worker; None when it must not run (cancelled, finished, unknown,
    or `task_id` names a message the queue has since replaced: generation.queue re-dispatch).

    A redelivered job (its worker died with the job running) restarts from step 0, until
    JOB_MAX_ATTEMPTS, after which it fails with worker_lost instead of crashing workers forever.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status not in ACTIVE:
        return None
    if task_id and job.task_id and task_id != job.task_id:
        return None
    if job.cancel_requested:
        mark_cancelled(job)
        return None
    if job.status == Status.RUNNING and job.attempts >= settings.JOB_MAX_ATTEMPTS:
        fail(job, "worker_lost", "The worker running this job stopped unexpectedly.")
        return None
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
        status=Status.RUNNING, worker_id=worker_id[:200], attempts=F("attempts") + 1, step=0,
        total_steps=0, started_at=now, heartbeat_at=now, seq=F("seq") + 1,
    )
    if not claimed:
        return None
    # A redelivered job (already running) left the queue at its first start.
    _after_commit(job.pk, queue_event="left" if job.status == Status.QUEUED else None)
    job.refresh_from_db()
    return job


def report_progress(job, step, total_steps, preview_jpeg=None):
    """Persist step/total and the heartbeat, and notify. Called as often as the engine reports,
    which is throttled in one place: the engine's StepTracker, to JOB_PROGRESS_INTERVAL
    (generation.tasks passes it), so no preview is encoded only to be dropped here."""
    job.step, job.total_steps = step, total_steps
    updated = Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        step=step, total_steps=total_steps, heartbeat_at=timezone.now(), seq=F("seq") + 1)
    if updated:
        seq = Job.objects.filter(pk=job.pk).values_list("seq", flat=True).first()
        transaction.on_commit(lambda: events.publish_progress(job, seq, preview_jpeg))


def heartbeat(job):
    Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(heartbeat_at=timezone.now())
    try:
        queue.flush()  # positions a broadcast window skipped reach their owners within a beat
    except Exception:
        logger.warning("Queue broadcast from the heartbeat failed", exc_info=True)


def should_stop(job):
    """The engine's per-step check: stop when a cancel was asked or the job is no longer ours
    (the sweep failed it). One indexed lookup, at most every JOB_PROGRESS_INTERVAL."""
    now = time.monotonic()
    cached = getattr(job, "_stop_checked", None)
    if cached and now - cached[0] < settings.JOB_PROGRESS_INTERVAL:
        return cached[1]
    row = Job.objects.filter(pk=job.pk).values("status", "cancel_requested").first()
    stop = row is None or row["cancel_requested"] or row["status"] != Status.RUNNING
    job._stop_checked = (now, stop)
    return stop


def finish(job, pictures, metadata=None):
    """Save the pictures as the owner's private Images and mark the job succeeded. They are the
    job's history, not yet in My gallery: the user keeps them (editor.actions.keep)."""
    from editor.images import save_image

    with transaction.atomic():
        done = Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.SUCCEEDED, finished_at=timezone.now(), step=F("total_steps"), seq=F("seq") + 1,
            metadata=json.loads(json.dumps(metadata or {}, default=str)),
        )
        if not done:  # cancelled or swept meanwhile: that outcome stands
            return False
        title = job.params.get("prompt", "")
        for picture in pictures:
            save_image(job.owner, picture, kind=job.kind, title=title, params=job.params, job=job,
                       kept=False)
        _after_commit(job.pk, cleanup=True)
    return True


def fail(job, code, message=""):
    """End a queued or running job with a coded error. `message` is the English detail for
    logs and unknown codes; users see the translation of `code` (core.errors)."""
    done = Job.objects.filter(pk=job.pk, status__in=ACTIVE).update(
        status=Status.FAILED, error_code=code, error_message=message[:2000], finished_at=timezone.now(),
        seq=F("seq") + 1,
    )
    if done:
        _after_commit(job.pk, queue_event=_left(job), cleanup=True)
    return bool(done)


def mark_cancelled(job, from_statuses=ACTIVE):
    """The engine stopped (or never started) a job whose cancel was asked."""
    done = Job.objects.filter(pk=job.pk, status__in=from_statuses).update(
        status=Status.CANCELLED, finished_at=timezone.now(), cancel_requested=True, seq=F("seq") + 1)
    if done:
        _after_commit(job.pk, queue_event=_left(job), cleanup=True)
    return bool(done)


def _left(job):
    """A running job that ends moves no queue (it left it when it started); a queued one, or
    one whose state we are unsure of, does."""
    return None if job.status == Status.RUNNING else "left"


# --- cancel -----------------------------------------------------------------------------


def cancel(job):
    """Queued: cancelled at once and revoked, it never starts. Running: flagged; the engine
    stops at its next step and the worker marks it cancelled. Finished: job_finished (409),
    except a job already cancelled, which is answered as is (cancel is idempotent)."""
    if job.status == Status.QUEUED and mark_cancelled(job, from_statuses=[Status.QUEUED]):
        if job.dispatched_at:
            _revoke(job)
    elif Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(cancel_requested=True, seq=F("seq") + 1):
        _after_commit(job.pk)
    job.refresh_from_db()
    if job.status in (Status.SUCCEEDED, Status.FAILED):
        raise ApiError("job_finished", status=409)
    return job


def _revoke(job):
    try:
        current_app.control.revoke(job.task_id or str(job.pk))
    except Exception:  # the worker also re-checks the row before running, revoke is a bonus
        logger.warning("Could not revoke task of job %s", job.pk, exc_info=True)


# --- sweep ------------------------------------------------------------------------------


def sweep_stale_jobs():
    """Fail running jobs whose worker stopped beating (killed, machine gone) with worker_lost,
    and make sure every user with queued jobs has one in the broker (sending again what the
    broker lost). Returns the failed ids."""
    cutoff = timezone.now() - timezone.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT)
    failed = []
    for job in Job.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff):
        if fail(job, "worker_lost", f"No heartbeat from {job.worker_id} since {job.heartbeat_at}."):
            failed.append(job.pk)
    queue.sweep()
    return failed
