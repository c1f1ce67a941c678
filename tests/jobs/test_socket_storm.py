"""A reconnect storm (issue 11.2): many handshakes at once each join their user's group."""

import asyncio

import pytest
from channels.layers import channel_layers

pytestmark = pytest.mark.timeout(60)


def test_many_simultaneous_group_adds_do_not_exhaust_the_pool():
    async def storm():
        # A layer of its own: the shared one holds pools bound to other tests' event loops.
        layer = channel_layers.make_backend("default")
        names = [await layer.new_channel() for _ in range(400)]
        await asyncio.gather(*(layer.group_add("storm", name) for name in names))
        await asyncio.gather(*(layer.group_discard("storm", name) for name in names))
        await layer.close_pools()

    asyncio.run(storm())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failures,expect_open", [(1, True), (2, False)])
def test_a_dead_pooled_connection_is_retried_then_the_client_is_told_to_come_back(
        alice, monkeypatch, failures, expect_open):
    import redis
    from asgiref.sync import async_to_sync
    from channels_redis.core import RedisChannelLayer

    from tests.jobs.conftest import assert_heard_nothing, connect

    real = RedisChannelLayer.group_add
    left = {"failures": failures}

    async def group_add(self, group, channel):
        if left["failures"]:
            left["failures"] -= 1
            raise redis.exceptions.ConnectionError("Connection closed by server.")
        return await real(self, group, channel)

    monkeypatch.setattr(RedisChannelLayer, "group_add", group_add)

    async def scenario():
        communicator, connected, _ = await connect(alice)
        assert connected
        if expect_open:
            # Open and in its group: a sentinel sent to the group comes through, and first.
            await assert_heard_nothing(communicator, alice)
            await communicator.disconnect()
        else:
            assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 1013}
            await communicator.disconnect(code=1013)  # the client's side: else a 1 s wait for nothing

    async_to_sync(scenario)()
