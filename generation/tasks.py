"""Celery side: run one job on this worker's engine, and the periodic sweep.

The engine is loaded lazily, once per worker process, the first time a job (or the warm-up
thread started in each prefork child) asks for it — never in the parent before the fork.
All state changes go through generation.actions.
"""

import logging
import os
import threading

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings
from django.db import close_old_connections, connection

from generation import actions, engine_info, holds, inputs
from generation.params import to_generation_params

logger = logging.getLogger(__name__)


def get_backend():
    """This process's backend (cached by the engine), its info published for the web."""
    from generation.engine import load_backend

    backend = load_backend(settings.KANDINSKY_MODEL, settings.KANDINSKY_MODELS_DIR,
                           settings.KANDINSKY_DEVICE or None)
    if getattr(backend, "_info_published", False) is False:
        engine_info.publish(backend)
        backend._info_published = True
    return backend


def announce(backend, stopped):
    """Re-publish the backend's info until `stopped` is set. The key expires
    (ENGINE_INFO_TTL), so a Redis restart that lost it heals at the next tick, and a fleet
    that died stops being announced; a tick while Redis is away just tries again later."""
    while not stopped.wait(settings.ENGINE_INFO_TTL / 3):
        try:
            engine_info.publish(backend)
        except Exception:
            logger.warning("Could not re-announce the model info", exc_info=True)


def _warm_up():
    try:
        backend = get_backend()
    except Exception:  # the first job will report it with a code
        logger.exception("Loading the model backend failed")
        return
    finally:
        connection.close()
    announce(backend, threading.Event())  # for the life of this worker process


@worker_process_init.connect
def _load_engine_in_child(**kwargs):
    # In a thread: worker_process_init must return within seconds, loading may take minutes.
    threading.Thread(target=_warm_up, name="engine-warm-up", daemon=True).start()


class _Heartbeat:
    """Beats for the job while the engine runs, so a long step or a slow model load is not
    mistaken for a dead worker by the sweep."""

    def __init__(self, job):
        self.job = job
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_INTERVAL):
                actions.heartbeat(self.job)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


@shared_task(bind=True, name="generation.tasks.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(self, job_id):
    from generation.engine import Cancelled, EngineError, run

    close_old_connections()
    # host and pid: which process to look at (or kill) when a job misbehaves.
    job = actions.start(job_id, worker_id=f"{self.request.hostname or 'worker'} pid {os.getpid()}",
                        task_id=self.request.id)
    if job is None:
        return "skipped"
    try:
        with _Heartbeat(job):
            backend = get_backend()
            pictures = [inputs.open_stored(entry) for entry in job.inputs]
            should_stop = lambda: actions.should_stop(job)  # noqa: E731
            result = run(
                backend, job.kind, to_generation_params(job.params), images=pictures,
                progress=lambda step, total, preview: actions.report_progress(job, step, total, preview),
                should_stop=should_stop, progress_interval=settings.JOB_PROGRESS_INTERVAL,
                after_step=holds.after_step(job, should_stop),
            )
    except Cancelled:
        actions.mark_cancelled(job)
        return "cancelled"
    except EngineError as exc:
        actions.fail(job, exc.code, exc.message)
        return "failed"
    except SoftTimeLimitExceeded:
        actions.fail(job, "timeout", "The soft time limit was reached.")
        return "failed"
    except Exception as exc:
        logger.exception("Job %s failed", job_id)
        actions.fail(job, "internal_error", f"{type(exc).__name__}: {exc}")
        return "failed"
    actions.finish(job, result.images, result.metadata)
    return "succeeded"


@shared_task(name="generation.tasks.sweep_stale_jobs")
def sweep_stale_jobs():
    failed = actions.sweep_stale_jobs()
    return [str(pk) for pk in failed]
