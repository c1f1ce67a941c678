"""Shared fixtures: the personas every view is tested with (alice the owner, bob a stranger, staff)."""

import pytest


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.com", "alice-pass-123")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", "bob@example.com", "bob-pass-123")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "staff", "staff@example.com", "staff-pass-123", is_staff=True
    )


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def _logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bob_client(bob):
    """A second browser session, so a test can act as alice and bob side by side."""
    return _logged_in(bob)


@pytest.fixture
def staff_client(staff):
    return _logged_in(staff)
