"""The /ws/jobs/ consumer: auth (token, session, anonymous 4401), cancel, malformed input."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from generation.models import Job
from tests.jobs.conftest import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(60)]


async def test_anonymous_is_closed_with_4401():
    communicator, connected, _ = await connect()
    assert connected
    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4401}
    # The client's side of the close: without it the consumer waits for a disconnect that
    # never comes and the test hangs at teardown.
    await communicator.disconnect(code=4401)


async def test_a_bad_token_is_anonymous():
    communicator, _, _ = await connect(token="not-a-token")
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}
    await communicator.disconnect(code=4401)


async def test_session_cookie_authenticates(alice, client):
    from config.asgi import application

    await sync_to_async(client.force_login)(alice)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=[
        (b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())])
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from())["code"] == "bad_message"  # open and answering
    await communicator.disconnect()


async def test_foreign_origin_is_refused(alice):
    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=[(b"origin", b"http://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


def make_job(owner):
    return Job.objects.create(owner=owner, kind="text2img", params={"prompt": "x"})


async def test_malformed_messages_keep_the_socket_open(alice, bob):
    communicator, connected, _ = await connect(alice)
    assert connected
    for bad in ["not json", "[1, 2]", '{"type": "dance"}', '{"type": "cancel"}', '{"type": "cancel", "job_id": "x"}',
                "[" * 100_000 + "]" * 100_000]:
        await communicator.send_to(text_data=bad)
        reply = await communicator.receive_json_from()
        assert reply["type"] == "error" and reply["code"] == "bad_message" and reply["message"], (bad, reply)
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await communicator.receive_json_from())["code"] == "bad_message"

    # Bob's job is "not found" for alice, and stays queued.
    bobs = await sync_to_async(make_job)(bob)
    await communicator.send_json_to({"type": "cancel", "job_id": str(bobs.pk)})
    reply = await communicator.receive_json_from()
    assert reply == {"type": "error", "code": "not_found", "message": reply["message"], "job_id": str(bobs.pk)}
    await sync_to_async(bobs.refresh_from_db)()
    assert bobs.status == "queued"

    # Her own queued job is cancelled, and the socket tells her.
    hers = await sync_to_async(make_job)(alice)
    await communicator.send_json_to({"type": "cancel", "job_id": str(hers.pk)})
    event = await communicator.receive_json_from(timeout=10)
    assert event["type"] == "job" and event["job"]["id"] == str(hers.pk) and event["job"]["status"] == "cancelled"
    await communicator.disconnect()


async def test_error_messages_follow_the_users_language(alice):
    alice.language = "ru"
    await sync_to_async(alice.save)()
    communicator, _, _ = await connect(alice)
    await communicator.send_to(text_data="?")
    reply = await communicator.receive_json_from()
    assert reply["code"] == "bad_message" and reply["message"] == "Неверно сформированное сообщение."
    await communicator.disconnect()


@pytest.mark.parametrize("origin,host,allowed", [
    ("http://localhost:8000", "localhost:8000", True),
    ("http://LOCALHOST:8000", "localhost:8000", True),
    ("http://localhost", "localhost", True),  # default ports on both sides
    ("https://localhost", "localhost", True),  # wss: 443 (see below)
    ("http://[::1]:8000", "[::1]:8000", True),
    # Same host name, another port: another site (any local dev server) must not get a socket
    # with the user's cookie. Channels' AllowedHostsOriginValidator let these through.
    ("http://localhost:6666", "localhost:8000", False),
    ("http://localhost", "localhost:8000", False),
    ("http://localhost:8000", "localhost", False),
    ("http://127.0.0.1:8000", "localhost:8000", False),
    ("http://localhost:notaport", "localhost:8000", False),
    ("null", "localhost:8000", False),
    (None, "localhost:8000", False),
])
async def test_origin_must_match_host_and_port(alice, origin, host, allowed):
    from config.asgi import application

    headers = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else [])
    communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=headers)
    communicator.scope["scheme"] = "wss" if origin and origin.startswith("https") else "ws"
    connected, _ = await communicator.connect()
    assert connected is allowed
    await communicator.disconnect()


async def test_a_trusted_origin_behind_a_proxy_is_allowed(alice, settings):
    from config.asgi import application

    settings.ALLOWED_HOSTS = ["studio.example.com", "127.0.0.1"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://studio.example.com"]
    for origin, allowed in (("https://studio.example.com", True), ("https://studio.example.com:8443", False)):
        communicator = WebsocketCommunicator(application, "/ws/jobs/", headers=[
            (b"origin", origin.encode()), (b"host", b"127.0.0.1:8000")])
        connected, _ = await communicator.connect()
        assert connected is allowed, origin
        await communicator.disconnect()
