"""Generations from the editor, end to end: Chromium → daphne → Celery worker (tiny backend) →
websocket → the staging strip → the canvas."""

import pytest

from editor.models import Image
from generation.models import Job

from .editor_helpers import drag, open_editor, pattern_png, pixels, upload

STEPS = "3"  # the tiny backend's pictures are noise anyway; few steps keep the suite fast


def set_steps(page, steps=STEPS):
    page.click(".ed-advanced summary")
    page.fill("#ed-steps", steps)


def generate_to_the_strip(page, prompt, count):
    """Generate `count` quick results for `prompt` and wait for the staging strip."""
    page.fill("#ed-prompt", prompt)
    set_steps(page, "2")
    page.fill("#ed-count", str(count))
    page.click("#ed-generate")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)


def generate_and_accept(page, screenshot=None, name=None):
    page.click("#ed-generate")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    if screenshot:
        screenshot(page, name)
    before = page.evaluate("kstudio.doc.version")
    page.click("#ed-stage-accept")
    page.wait_for_function("v => kstudio.doc.version > v", arg=before)
    assert page.locator("#ed-staging").is_hidden()


def opaque(data):
    return all(data[i] == 255 for i in range(3, len(data), 4))


def test_new_user_signs_up_and_generates_from_a_prompt(page, screenshot):
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "newcomer")
    page.fill("input[name=email]", "newcomer@example.com")
    page.fill("input[name=password1]", "yellow-red-blue-1925")
    page.fill("input[name=password2]", "yellow-red-blue-1925")
    page.locator("form:has(input[name=password2]) [type=submit]").click()
    page.wait_for_selector("#editor[data-ready=true]")  # logged in: "/" is the editor
    page.goto("/editor/")
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.locator("#ed-mode").get_attribute("data-mode") == "text2img"
    page.fill("#ed-prompt", "a red cat on a blue sofa")
    set_steps(page)
    page.click("#ed-generate")
    page.wait_for_selector("#ed-progress:not([hidden])")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    assert page.locator("#ed-progress").is_hidden()
    assert page.locator("#ed-empty-hint").is_hidden()  # it would cover the staged result
    screenshot(page, "generated-staged")
    window = page.evaluate("({...kstudio.frame.rect})")
    page.click("#ed-stage-accept")
    page.wait_for_function("() => !kstudio.doc.isEmpty")
    # The picture fills the window exactly, every pixel painted.
    assert page.evaluate("kstudio.doc.bounds()") == window
    assert opaque(pixels(page, window))
    job = Job.objects.get(owner__username="newcomer")
    assert job.kind == "text2img" and job.status == Job.Status.SUCCEEDED
    assert job.params["prompt"] == "a red cat on a blue sofa"
    screenshot(page, "generated")
    assert not page.console_errors, page.console_errors
    assert not page.server_errors, page.server_errors


def test_inpaint_an_erased_region_keeps_the_rest(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(256, 256)))
    window = page.evaluate("({...kstudio.frame.rect})")
    assert page.evaluate("kstudio.doc.bounds()") == window  # the upload covers the window
    page.keyboard.press("e")
    drag(page, (window["x"] + 60, window["y"] + 80), (window["x"] + 180, window["y"] + 140))
    page.wait_for_function("() => document.querySelector('#ed-mode').dataset.mode === 'inpaint'")
    erased = pixels(page, window)
    holes = [i for i in range(3, len(erased), 4) if erased[i] == 0]
    assert len(holes) > 1000
    set_steps(page)  # no prompt: inpainting works without one
    generate_and_accept(page, screenshot, "inpaint-staged")
    after = pixels(page, window)
    assert opaque(after)
    kept = [i for i in range(0, len(erased), 4) if erased[i + 3] == 255]
    assert all(after[i:i + 4] == erased[i:i + 4] for i in kept), "pixels outside the erased region changed"
    assert any(after[i - 3:i + 1] != erased[i - 3:i + 1] for i in holes)
    assert Job.objects.get(owner__username="alice").kind == "inpaint"
    screenshot(page, "inpainted")


def test_outpaint_grows_the_canvas_and_keeps_old_pixels(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(256, 256)))
    old = page.evaluate("kstudio.doc.bounds()")
    original = pixels(page, old)
    page.click("#ed-zoom-out")
    page.click("#ed-zoom-out")
    window = page.evaluate("({...kstudio.frame.rect})")
    centre = (window["x"] + window["w"] / 2, window["y"] + window["h"] / 2)
    drag(page, centre, (centre[0] + window["w"] / 2, centre[1]))  # half off the right edge
    page.wait_for_function("() => document.querySelector('#ed-mode').dataset.mode === 'outpaint'")
    window = page.evaluate("({...kstudio.frame.rect})")
    assert window["x"] > old["x"] and window["x"] + window["w"] > old["x"] + old["w"]
    page.fill("#ed-prompt", "more of the same landscape")
    set_steps(page)
    generate_and_accept(page, screenshot, "outpaint-staged")
    grown = page.evaluate("kstudio.doc.bounds()")
    assert grown == {"x": old["x"], "y": old["y"], "w": window["x"] + window["w"] - old["x"], "h": old["h"]}
    assert pixels(page, old) == original, "the old picture changed"
    assert opaque(pixels(page, grown))
    assert Job.objects.get(owner__username="alice").kind == "outpaint"
    page.click("#ed-zoom-fit")
    screenshot(page, "outpainted")


AT_THE_STEP_BEFORE_THE_LAST = r"""() => {
    const m = /Step (\d+) of (\d+)/.exec(document.querySelector('#ed-progress-text').textContent);
    return m !== null && Number(m[1]) === Number(m[2]) - 1;
}"""


@pytest.fixture
def held_before_the_end(alice):
    """Alice's next job waits before its last step (previews on) until it is cancelled: it is
    running when the test cancels it, on any machine."""
    from generation import holds

    holds.hold(alice.pk, step=-1)
    yield
    holds.release(alice.pk)


def test_cancel_a_running_job(alice_page, held_before_the_end, screenshot):
    page = open_editor(alice_page)
    page.fill("#ed-prompt", "a very slow picture")
    set_steps(page, "8")
    page.click("#ed-generate")
    page.wait_for_selector("#ed-progress[data-status=running]", timeout=60000)
    # Held at the step before the last (its report is never throttled away). Cancelling on any
    # earlier step report stopped the job before the hold (CI, 2026-12-03: step 11 of 13).
    page.wait_for_function(AT_THE_STEP_BEFORE_THE_LAST, timeout=60000)
    page.wait_for_function("() => kstudio.view.preview !== null")  # the live preview, in the window
    screenshot(page, "cancel-running")
    page.click("#ed-cancel")
    page.wait_for_selector("#ed-progress", state="hidden", timeout=60000)
    assert page.locator(".ed-toast").first.inner_text().startswith("The generation was cancelled")
    assert page.locator("#ed-staging").is_hidden()
    assert page.evaluate("kstudio.doc.isEmpty")
    job = Job.objects.get(owner__username="alice")
    assert job.status == Job.Status.CANCELLED
    assert job.step == job.total_steps - 1
    screenshot(page, "cancelled")


def test_save_to_gallery_private_by_default(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(128, 96)))
    page.click("#ed-save-open")
    page.fill("#ed-save-title", "My pattern")
    assert not page.is_checked("#ed-save-public")
    screenshot(page, "save-dialog")
    page.click("#ed-save-form button[value=save]")
    page.wait_for_selector(".ed-toast-success")
    image = Image.objects.get(owner__username="alice")
    assert (image.title, image.visibility, image.width, image.height) == ("My pattern", "private", 128, 96)
    assert image.kind == "canvas"  # filed as a saved canvas, not as an upload
    screenshot(page, "saved")


def test_generate_shows_a_submitting_state_at_once(alice_page, screenshot):
    page = open_editor(alice_page)
    page.fill("#ed-prompt", "a slow first start")
    set_steps(page, "2")
    held = []  # the job request waits here, as it does while the first worker warms up
    page.route("**/api/v1/jobs/", lambda route: held.append(route) if route.request.method == "POST"
               else route.continue_())
    page.click("#ed-generate")
    page.wait_for_function("() => document.getElementById('ed-progress').dataset.status === 'submitting'",
                           timeout=1000)
    assert page.locator("#ed-progress").is_visible()
    assert "Sending" in page.locator("#ed-progress-text").inner_text()
    assert page.locator("#ed-generate").get_attribute("aria-busy") == "true"
    assert page.locator("#ed-generate").inner_text() == "Generating…"
    assert page.locator("#ed-cancel").is_disabled()
    screenshot(page, "submitting")
    assert held, "the job request did not start"
    held[0].continue_()
    page.unroute("**/api/v1/jobs/")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    assert page.locator("#ed-progress").is_hidden()
    assert page.locator("#ed-generate").inner_text() == "Generate"
    assert not page.console_errors, page.console_errors


def test_staged_results_survive_a_reload(alice_page, screenshot):
    page = open_editor(alice_page)
    generate_to_the_strip(page, "two boats", 2)
    page.click("#ed-stage-next")
    assert page.locator("#ed-stage-count").inner_text() == "2 of 2"
    urls = page.evaluate("kstudio.staging.toJSON().items.map(i => i.url)")
    page.wait_for_function("() => !kstudio.autosave.running && "
                           "document.getElementById('ed-save-state').dataset.state === 'saved'")

    page.reload()
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.locator("#ed-staging").is_visible()
    assert page.locator("#ed-staging-strip .ed-thumb").count() == 2
    assert page.locator("#ed-stage-count").inner_text() == "2 of 2"
    assert page.evaluate("kstudio.staging.toJSON().items.map(i => i.url)") == urls
    assert page.evaluate("!!kstudio.view.preview")  # the current one is shown in its window
    assert page.locator("#ed-empty-hint").is_hidden()
    screenshot(page, "staged-after-reload")
    window = page.evaluate("({...kstudio.frame.rect})")
    page.click("#ed-stage-accept")
    page.wait_for_function("() => !kstudio.doc.isEmpty")
    assert page.evaluate("kstudio.doc.bounds()") == window
    page.wait_for_function("() => !kstudio.autosave.running && "
                           "document.getElementById('ed-save-state').dataset.state === 'saved'")
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.locator("#ed-staging").is_hidden()  # accepted: the set is closed for good
    assert not page.console_errors, page.console_errors
