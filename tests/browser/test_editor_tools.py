"""The tools menu (variations, mixing), the staging strip's choices, and a dropped socket."""

from generation.models import Job, StylePreset

from .editor_helpers import open_editor, pattern_png, upload
from .test_editor_jobs import set_steps


def run_tool(page, kind, fill_slots):
    page.click("#ed-tools-open")
    page.check(f"#ed-tools-form input[value={kind}]")
    fill_slots(page.locator("#ed-slots .ed-slot"))
    page.click("#ed-tools-run")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)


def test_variations_of_the_window_flip_and_accept_as_layer(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(256, 256)))
    set_steps(page)
    page.fill("#ed-count", "2")
    run_tool(page, "variation", lambda slots: slots.nth(0).locator("[data-source=window]").click())
    assert page.locator("#ed-staging-strip .ed-thumb").count() == 2
    assert page.locator("#ed-stage-count").inner_text() == "1 of 2"
    page.click("#ed-stage-next")
    assert page.locator("#ed-stage-count").inner_text() == "2 of 2"
    screenshot(page, "variations-staged")
    page.click("#ed-stage-layer")
    assert page.evaluate("kstudio.doc.layers.length") == 2
    page.click("#ed-undo")
    assert page.evaluate("kstudio.doc.layers.length") == 1
    job = Job.objects.get(owner__username="alice")
    assert (job.kind, job.status, len(job.results.all())) == ("variation", "succeeded", 2)


def test_mix_the_window_with_a_file(alice_page, tmp_path):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(256, 256)))
    set_steps(page)
    other = pattern_png(tmp_path, size=(96, 96), name="other.png")

    def fill(slots):
        slots.nth(0).locator("[data-source=window]").click()
        slots.nth(1).locator("input[type=file]").set_input_files(str(other))
        slots.nth(1).locator(".ed-slot-preview img").wait_for()

    run_tool(page, "mix", fill)
    job = Job.objects.get(owner__username="alice")
    assert job.kind == "mix" and len(job.inputs) == 2
    page.click("#ed-stage-discard")
    assert page.locator("#ed-staging").is_hidden()
    assert page.evaluate("kstudio.doc.layers.length") == 1


def test_a_dropped_socket_reconnects_and_the_job_still_lands(alice_page):
    page = open_editor(alice_page)
    page.wait_for_selector("#editor[data-socket=open]")
    page.fill("#ed-prompt", "a boat")
    set_steps(page, "12")
    page.click("#ed-generate")
    page.wait_for_selector("#ed-progress:not([hidden])")
    opens = page.evaluate("kstudio.socket.opens")
    page.evaluate("kstudio.socket.drop()")
    page.wait_for_function("n => kstudio.socket.opens > n && kstudio.socket.isOpen", arg=opens)
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    assert page.locator("#ed-progress").is_hidden()


def test_fusion_without_a_prompt_stays_open_and_keeps_the_picture(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(256, 256)))
    set_steps(page, "2")
    page.click("#ed-tools-open")
    page.check("#ed-tools-form input[value=fusion]")
    page.locator("#ed-slots .ed-slot").nth(0).locator("[data-source=window]").click()
    assert page.input_value("#ed-tools-prompt") == ""  # the panel's prompt, empty
    page.click("#ed-tools-run")
    # Refused before closing: the dialog, its picture and a message are all still there.
    assert page.locator("#ed-tools").is_visible()
    assert page.locator("#ed-slots .ed-slot-preview img").count() == 1
    assert "Write a prompt" in page.locator("#ed-tools-error").inner_text()
    screenshot(page, "fusion-needs-prompt")
    assert not Job.objects.filter(owner__username="alice").exists()
    # Closing and opening again keeps the chosen picture too.
    page.click("#ed-tools-form button[value=cancel]")
    page.click("#ed-tools-open")
    assert page.locator("#ed-slots .ed-slot-preview img").count() == 1
    assert page.locator("#ed-tools-error").is_hidden()
    page.fill("#ed-tools-prompt", "a watercolour harbour")
    page.click("#ed-tools-run")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    job = Job.objects.get(owner__username="alice")
    assert (job.kind, job.params["prompt"]) == ("fusion", "a watercolour harbour")
    assert page.input_value("#ed-prompt") == "a watercolour harbour"  # the panel's prompt, visibly
    assert not page.console_errors, page.console_errors


def test_mix_and_variations_do_not_take_the_panels_prompt_and_style(alice_page, tmp_path, screenshot):
    StylePreset.objects.create(slug="ink", name_en="Ink", name_ru="Тушь", prompt_template="{prompt}, ink")
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(256, 256)))
    set_steps(page, "2")
    page.fill("#ed-prompt", "a lighthouse")
    page.select_option("#ed-style", "ink")
    for kind, slots in (("mix", 2), ("variation", 1)):
        page.click("#ed-tools-open")
        page.check(f"#ed-tools-form input[value={kind}]")
        assert "prompt and style from the panel are not used" in page.locator("#ed-tools-note").inner_text()
        assert page.locator("#ed-tools-prompt-row").is_hidden()
        if kind == "mix":
            screenshot(page, "mix-dialog")
        for i in range(slots):
            page.locator("#ed-slots .ed-slot").nth(i).locator("[data-source=window]").click()
        page.click("#ed-tools-run")
        page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
        page.click("#ed-stage-discard")
        page.wait_for_selector("#ed-staging", state="hidden")
        job = Job.objects.filter(owner__username="alice", kind=kind).get()
        assert job.params.get("prompt", "") == "" and not job.params.get("style"), job.params
        assert all(image.title == "" for image in job.results.all())
    assert page.input_value("#ed-prompt") == "a lighthouse"
    assert not page.console_errors, page.console_errors
