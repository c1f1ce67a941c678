"""The fair order of the queue, and each queued job's position in it, derived on read.

The rule (generation/queue.py): each user has at most one job waiting in the FIFO broker, and
when it starts their next one goes to the back. So users take turns: plan() simulates exactly
that, and a queued job's position is its place in plan()'s order. Nothing stores positions:
a start moves every queued job up one, and writing that down costs a row per job.

Imports only the models, so the job shape, the queue and the bot can all ask.
"""

from collections import defaultdict, deque

from generation.models import Job

# What plan() reads of a queued job.
FIELDS = ("id", "owner_id", "created_at", "dispatched_at")


def plan(queued):
    """(order, to_dispatch) for the queued jobs: order is the start order the broker will
    produce; to_dispatch are the jobs that must be sent to the broker for it."""
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


def queued_jobs():
    """The queue as plan() needs it: one indexed query, four columns."""
    return list(Job.objects.filter(status=Job.Status.QUEUED).only(*FIELDS))


def positions(queued=None):
    """{job id: 1-based position} for every queued job (1 = next to start)."""
    order, _ = plan(queued_jobs() if queued is None else queued)
    return {job.pk: position for position, job in enumerate(order, start=1)}


def attach(jobs, table=None):
    """Set job.queue_position on each job (None unless queued); one query for them all, and
    none when none is queued. Returns the jobs."""
    jobs = list(jobs)
    if table is None and any(job.status == Job.Status.QUEUED for job in jobs):
        table = positions()
    for job in jobs:
        job.queue_position = (table or {}).get(job.pk) if job.status == Job.Status.QUEUED else None
    return jobs
