"""A reconnect storm (issue 11.2): many handshakes at once each join their user's group."""

import asyncio

import pytest
from channels.layers import get_channel_layer

pytestmark = pytest.mark.timeout(60)


def test_many_simultaneous_group_adds_do_not_exhaust_the_pool():
    async def storm():
        layer = get_channel_layer()
        names = [await layer.new_channel() for _ in range(400)]
        await asyncio.gather(*(layer.group_add("storm", name) for name in names))
        await asyncio.gather(*(layer.group_discard("storm", name) for name in names))
        await layer.close_pools()

    asyncio.run(storm())
