"""Remix from the gallery: a stranger's public image lends its prompt and seed; a private one does not."""

from PIL import Image as PILImage

from editor.images import save_image
from editor.models import Image
from generation.models import Job

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
    page.wait_for_function("() => document.querySelector('#ed-prompt').value !== ''")
    assert page.input_value("#ed-prompt") == "a red fox in the snow"
    assert page.input_value("#ed-seed") == "4242"
    # The panel says the seed came along for one job: it is not pinned.
    assert page.locator("#ed-seed-note").get_attribute("data-seed") == "once"
    assert "next job only" in page.locator("#ed-seed-note").inner_text()
    assert not page.is_checked("#ed-seed-pin")
    page.locator("#ed-seed-note").scroll_into_view_if_needed()
    screenshot(page, "remix")
    assert not page.console_errors, page.console_errors


def _generate(page, owner):
    count = Job.objects.filter(owner=owner).count()
    page.click("#ed-generate")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    page.click("#ed-stage-discard")
    jobs = list(Job.objects.filter(owner=owner).order_by("created_at"))
    assert len(jobs) == count + 1
    return jobs[-1]


def test_a_remixed_seed_is_used_once_unless_pinned(page, alice, bob, screenshot):
    image = _alice_image(alice, public=True)
    _log_in_bob(page, bob)
    open_editor(page, f"/editor/?remix={image.pk}")
    page.wait_for_function("() => document.querySelector('#ed-seed').value === '4242'")
    page.fill("#ed-steps", "2")
    assert _generate(page, bob).params["seed"] == 4242
    # Back to random for the next job, and the panel says so.
    assert page.input_value("#ed-seed") == ""
    assert page.locator("#ed-seed-note").get_attribute("data-seed") == "random"
    assert _generate(page, bob).params["seed"] != 4242
    # A seed the user types is pinned: every job uses it.
    page.fill("#ed-seed", "77")
    assert page.is_checked("#ed-seed-pin")
    assert "every job" in page.locator("#ed-seed-note").inner_text()
    screenshot(page, "seed-pinned")
    assert _generate(page, bob).params["seed"] == 77
    assert page.input_value("#ed-seed") == "77"
    # Unpinned, it goes after one more job.
    page.uncheck("#ed-seed-pin")
    assert _generate(page, bob).params["seed"] == 77
    assert page.input_value("#ed-seed") == ""
    assert not page.console_errors, page.console_errors


def test_remix_of_a_private_image_reveals_nothing(page, alice, bob):
    image = _alice_image(alice, public=False)
    _log_in_bob(page, bob)
    open_editor(page, f"/editor/?remix={image.pk}")
    page.wait_for_selector("#ed-toasts :text-matches('.+')")
    assert page.input_value("#ed-prompt") == ""
    assert "fox" not in page.content()
