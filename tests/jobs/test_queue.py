"""Fair order: users take turns, and the queue position each user is told is the start order.

No worker runs in this module: the tests drive start() themselves, so the order is exact.
"""

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings

from generation import actions, events, queue
from generation.models import Job
from generation import queue_order
from generation.queue import plan
from tests.jobs.conftest import assert_heard_nothing, connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def submit(client, prompt):
    response = client.post("/api/v1/jobs/", {"kind": "text2img", "prompt": prompt, "width": 64, "height": 64},
                           format="json")
    assert response.status_code == 201, response.content
    return response.json()


def positions():
    return {j.params["prompt"]: j.queue_position for j in queue_order.attach(Job.objects.filter(status="queued"))}


def start_next():
    """What a worker does: take the job the broker hands out next (oldest dispatch first)."""
    job = Job.objects.filter(status="queued", dispatched_at__isnull=False).order_by("dispatched_at", "created_at").first()
    return actions.start(job.pk, "test-worker")


@override_settings(JOB_MAX_ACTIVE_PER_USER=30, JOB_RATE_PER_MINUTE=100)
def test_one_busy_user_does_not_starve_the_others(api, bob_api, engine_ready, django_user_model):
    from rest_framework.test import APIClient

    carol = APIClient()
    carol.force_authenticate(django_user_model.objects.create_user("carol"))
    for i in range(20):
        submit(api, f"a{i}")
    submit(bob_api, "b0")
    submit(carol, "c0")
    submit(bob_api, "b1")
    # Only one job per user waits in the broker; the rest wait their turn in the database.
    assert Job.objects.filter(status="queued", dispatched_at__isnull=False).count() == 3
    assert positions() == {"a0": 1, "b0": 2, "c0": 3, "a1": 4, "b1": 5,
                           **{f"a{i}": 4 + i for i in range(2, 20)}}

    started = []
    expected = ["a0", "b0", "c0", "a1", "b1", "a2", "a3"]
    for prompt in expected:
        before = positions()
        job = start_next()
        started.append(job.params["prompt"])
        # The job that started was the one told it was first.
        assert before[job.params["prompt"]] == 1
        assert all(p == before[k] - 1 for k, p in positions().items())
    assert started == expected


@override_settings(JOB_QUEUE_BROADCAST_INTERVAL=0)  # every move told at once (the window: below)
def test_queue_changes_are_published_to_their_owners(alice, bob, api, bob_api, engine_ready):
    async def scenario():
        alice_socket, _, _ = await connect(alice)
        bob_socket, _, _ = await connect(bob)
        a0 = await sync_to_async(submit)(api, "a0")
        a1 = await sync_to_async(submit)(api, "a1")
        b0 = await sync_to_async(submit)(bob_api, "b0")
        assert (a0["queue_position"], a1["queue_position"], b0["queue_position"]) == (1, 2, 2)
        seen = [await alice_socket.receive_json_from(timeout=5) for _ in range(2)]
        assert [(m["job"]["id"], m["job"]["queue_position"]) for m in seen] == [(a0["id"], 1), (a1["id"], 2)]
        # Bob's arrival moved alice's second job back: she is told, in one message for her jobs.
        assert await alice_socket.receive_json_from(timeout=5) == {
            "type": "queue", "positions": {a0["id"]: 1, a1["id"]: 3}}
        assert (await bob_socket.receive_json_from(timeout=5))["job"]["queue_position"] == 2

        await sync_to_async(actions.start)(a0["id"], "test-worker")
        running = await alice_socket.receive_json_from(timeout=5)
        assert running["job"]["status"] == "running" and running["job"]["queue_position"] is None
        # A job left the queue: every user with a queued job hears their new positions, once.
        assert await alice_socket.receive_json_from(timeout=5) == {"type": "queue", "positions": {a1["id"]: 2}}
        assert await bob_socket.receive_json_from(timeout=5) == {"type": "queue", "positions": {b0["id"]: 1}}
        await assert_heard_nothing(bob_socket, bob)  # nothing more: alice's events are not his
        await assert_heard_nothing(alice_socket, alice)
        await alice_socket.disconnect()
        await bob_socket.disconnect()

    from asgiref.sync import async_to_sync

    async_to_sync(scenario)()


def test_plan_is_round_robin_over_users():
    from datetime import datetime, timedelta

    class J:
        def __init__(self, pk, owner, minute, dispatched=None):
            self.pk, self.owner_id = pk, owner
            self.created_at = datetime(2026, 1, 1) + timedelta(minutes=minute)
            self.dispatched_at = datetime(2026, 1, 1) + timedelta(minutes=dispatched) if dispatched is not None else None

    jobs = [J("a1", "a", 0, dispatched=0), J("a2", "a", 1), J("a3", "a", 2), J("b1", "b", 3), J("c1", "c", 4),
            J("c2", "c", 5)]
    order, to_dispatch = plan(jobs)
    assert [j.pk for j in to_dispatch] == ["b1", "c1"]
    assert [j.pk for j in order] == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_positions_are_the_plan_order_for_random_queues():
    """The fair rule is plan() itself; the positions a reader sees are its order, for any mix."""
    import random
    from datetime import datetime, timedelta

    class J:
        def __init__(self, pk, owner, minute, dispatched):
            self.pk, self.owner_id, self.status = pk, owner, "queued"
            self.created_at = datetime(2026, 1, 1) + timedelta(minutes=minute)
            self.dispatched_at = self.created_at if dispatched else None

    rng = random.Random(12)
    for _ in range(50):
        jobs, heads = [], set()
        for minute in range(rng.randrange(1, 40)):
            owner = rng.choice("abcdef")
            jobs.append(J(f"j{minute}", owner, minute, dispatched=owner not in heads))
            heads.add(owner)
        order, to_dispatch = plan(jobs)
        assert to_dispatch == []  # every owner already has one in the broker
        table = queue_order.positions(jobs)
        assert [job.pk for job in sorted(jobs, key=lambda j: table[j.pk])] == [job.pk for job in order]
        assert sorted(table.values()) == list(range(1, len(jobs) + 1))


@override_settings(JOB_MAX_ACTIVE_PER_USER=30, JOB_RATE_PER_MINUTE=100, JOB_QUEUE_BROADCAST_INTERVAL=0)
def test_a_submit_and_a_start_cost_the_same_with_a_long_queue(api, engine_ready, django_user_model,
                                                               django_assert_max_num_queries):
    """No row per queued job is written and no message per queued job is sent: a start with
    40 jobs queued by 4 users updates two rows (the started one, the owner's next) and sends
    one "queue" message per user."""
    from unittest import mock

    from rest_framework.test import APIClient

    clients = [api]
    for name in ("u1", "u2", "u3"):
        client = APIClient()
        client.force_authenticate(django_user_model.objects.create_user(name))
        clients.append(client)
    for i in range(10):
        for n, client in enumerate(clients):
            submit(client, f"{n}-{i}")
    with mock.patch.object(events, "_send") as sent, django_assert_max_num_queries(12) as queries:
        start_next()
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2, updates
    kinds = sorted(call.args[1]["type"] for call in sent.call_args_list)
    assert kinds == ["job", "queue", "queue", "queue", "queue"]


@override_settings(JOB_QUEUE_BROADCAST_INTERVAL=60)
def test_moves_inside_a_broadcast_window_are_told_once_when_it_ends(alice, bob, api, bob_api, engine_ready):
    """A burst costs one broadcast per window: moves inside it wait for the next window (here
    ended by hand, not waited for), a heartbeat's flush, or the sweep."""
    from generation.redis_client import get_redis

    window = queue.WINDOW
    get_redis().delete(window, queue.DIRTY)

    async def scenario():
        alice_socket, _, _ = await connect(alice)
        bob_socket, _, _ = await connect(bob)
        a0, a1, a2 = [await sync_to_async(submit)(api, p) for p in ("a0", "a1", "a2")]  # nobody moved
        await sync_to_async(actions.start)(a0["id"], "test-worker")  # a1, a2 move up: opens the window
        b0 = await sync_to_async(submit)(bob_api, "b0")  # after a1 (in the broker), so a2 moves back
        heard = [await alice_socket.receive_json_from(timeout=5) for _ in range(5)]
        assert [m["job"]["id"] if m["type"] == "job" else m for m in heard] == [
            a0["id"], a1["id"], a2["id"], a0["id"], {"type": "queue", "positions": {a1["id"]: 1, a2["id"]: 2}}]
        assert (await bob_socket.receive_json_from(timeout=5))["job"]["id"] == b0["id"]
        await sync_to_async(queue.flush)()  # the window is still open: nothing yet
        await assert_heard_nothing(alice_socket, alice)
        get_redis().delete(window)  # the window ends
        await sync_to_async(queue.flush)()
        assert await alice_socket.receive_json_from(timeout=5) == {
            "type": "queue", "positions": {a1["id"]: 1, a2["id"]: 3}}
        await sync_to_async(queue.flush)()  # told once; bob, ahead of the move, not at all
        await assert_heard_nothing(alice_socket, alice)
        await assert_heard_nothing(bob_socket, bob)
        await alice_socket.disconnect()
        await bob_socket.disconnect()

    from asgiref.sync import async_to_sync

    try:
        async_to_sync(scenario)()
    finally:
        get_redis().delete(window, queue.DIRTY)


@override_settings(JOB_QUEUE_BROADCAST_INTERVAL=60)
def test_a_running_jobs_heartbeat_tells_the_moves_a_window_skipped(api, bob_api, engine_ready):
    from unittest import mock

    from generation.redis_client import get_redis

    get_redis().delete(queue.WINDOW, queue.DIRTY)
    submit(api, "a0")
    running = start_next()
    waiting = submit(bob_api, "b0")
    with mock.patch.object(events, "_send") as sent:
        actions.heartbeat(running)  # nothing skipped: one EXISTS, no message
        assert sent.call_args_list == []
        get_redis().zadd(queue.DIRTY, {"behind": 0})  # a move inside a window that has ended
        actions.heartbeat(running)
    assert [call.args for call in sent.call_args_list] == [
        (Job.objects.get(pk=waiting["id"]).owner_id, {"type": "queue", "positions": {waiting["id"]: 1}})]
    get_redis().delete(queue.WINDOW, queue.DIRTY)
