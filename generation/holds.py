"""Holding a job at a step, for tests (JOB_TEST_HOLDS, on only in config.test_settings).

A test asks, before submitting, that the next job of a user stop after step N; the worker (in
this process or a subprocess: the hold is a Redis key) then waits there until the test
releases it, or the job is cancelled, or HOLD_LIMIT passes. So "the job is still running when
I cancel it / kill its worker" is a fact, not a bet on the machine's speed.

    holds.hold(alice.pk, step=1)
    ... submit; wait for the progress event of step 1 (never throttled away): held there ...
    holds.release(alice.pk)

The engine knows nothing of it: generation.tasks passes after_step() as the engine's generic
per-step hook.
"""

import time

from django.conf import settings

from generation.redis_client import get_redis, key

HOLD_LIMIT = 120  # seconds: a forgotten hold delays a test worker, it never wedges it
POLL = 0.02


def _key(user_id):
    return key("test-hold", user_id)


def hold(user_id, step=1):
    """Hold the user's next job after `step`; a negative step counts from the end (-1: the
    step before the last, when the decoder's previews are on)."""
    get_redis().set(_key(user_id), step, ex=HOLD_LIMIT)


def release(user_id):
    get_redis().delete(_key(user_id))


def after_step(job, should_stop):
    """The engine's after_step hook for `job`, or None when holds are off (production)."""
    if not settings.JOB_TEST_HOLDS:
        return None
    redis = get_redis()

    def check(done, total):
        step = redis.get(_key(job.owner_id))
        if step is None or done != (int(step) if int(step) > 0 else total + int(step)):
            return None
        return wait  # the engine reports this step (unthrottled), then waits here

    def wait():
        deadline = time.monotonic() + HOLD_LIMIT
        while redis.exists(_key(job.owner_id)) and not should_stop() and time.monotonic() < deadline:
            time.sleep(POLL)

    return check
