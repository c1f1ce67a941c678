"""Remix from the gallery: a stranger's public image lends its prompt and seed; a private one does not."""

from PIL import Image as PILImage

from editor.images import save_image
from editor.models import Image

from .editor_helpers import open_editor


def _alice_image(alice, public):
    image = save_image(alice, PILImage.new("RGB", (64, 64), "teal"), "text2img",
                       params={"prompt": "a red fox in the snow", "seed": 4242})
    if public:
        Image.objects.filter(pk=image.pk).update(
            visibility=Image.Visibility.PUBLIC, moderation=Image.Moderation.APPROVED)
    return image


def _log_in_bob(page, bob):
    from .conftest import log_in

    log_in(page, "bob", "bob-pass-123")


def test_remix_of_a_public_image_fills_prompt_and_seed(page, alice, bob, screenshot):
    image = _alice_image(alice, public=True)
    _log_in_bob(page, bob)
    open_editor(page, f"/editor/?remix={image.pk}")
    page.wait_for_function("document.querySelector('#ed-prompt').value !== ''")
    assert page.input_value("#ed-prompt") == "a red fox in the snow"
    assert page.input_value("#ed-seed") == "4242"
    screenshot(page, "remix")
    assert not page.console_errors, page.console_errors


def test_remix_of_a_private_image_reveals_nothing(page, alice, bob):
    image = _alice_image(alice, public=False)
    _log_in_bob(page, bob)
    open_editor(page, f"/editor/?remix={image.pk}")
    page.wait_for_selector("#ed-toasts :text-matches('.+')")
    assert page.input_value("#ed-prompt") == ""
    assert "fox" not in page.content()
