"""Gallery counts in Russian use the three plural forms."""

import pytest
from django.urls import reverse
from django.utils import translation

from editor import actions
from editor.views.moderation import decision_message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count,expected", [
    (1, "1 изображение"), (2, "2 изображения"), (5, "5 изображений"), (21, "21 изображение"),
])
def test_my_gallery_count_in_russian(alice_client, alice, make_image, count, expected):
    for _ in range(count):
        make_image(alice)
    html = alice_client.get(reverse("editor:gallery-mine"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<html lang=\"ru\">" in html
    assert f'<span class="muted gallery-count">{expected}</span>' in html


def test_english_count(alice_client, alice, make_image):
    make_image(alice)
    html = alice_client.get(reverse("editor:gallery-mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="muted gallery-count">1 image</span>' in html


@pytest.mark.parametrize("count,expected", [(1, "1 изображение одобрено."), (3, "3 изображения одобрены."),
                                            (11, "11 изображений одобрено.")])
def test_moderation_messages_in_russian(count, expected):
    with translation.override("ru"):
        assert decision_message("approve", count) == expected


def test_rejection_error_in_russian(client, alice, staff, make_image):
    image = make_image(alice, "pending")
    with translation.override("ru"):
        with pytest.raises(actions.CodedError) as caught:
            actions.reject([image], staff, "")
    assert caught.value.message == "Укажите причину отклонения."
