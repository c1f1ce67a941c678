"""Gallery fixtures: images made with the real save_image, and logged-in clients per persona."""

import pytest
from django.test import Client
from PIL import Image as PILImage

from editor.images import save_image
from editor.models import Image


def picture(color="red", size=(96, 64)):
    return PILImage.new("RGB", size, color)


@pytest.fixture
def make_image():
    """make_image(owner, state=...) with state private | pending | approved | rejected | hidden."""

    def make(owner, state="private", title="", kind="text2img", params=None, color="red"):
        image = save_image(owner, picture(color), kind, title=title,
                           params=params if params is not None else {"prompt": "a red fox", "seed": 7})
        if state != "private":
            image.visibility = Image.Visibility.PUBLIC
            image.moderation = state
            image.save(update_fields=["visibility", "moderation"])
        return image

    return make


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def clients(alice_client, bob_client, staff_client, anon_client):
    return {"alice": alice_client, "bob": bob_client, "staff": staff_client, "anonymous": anon_client}
