"""Issue 9.3 in the browser: Discard deletes a result, Accept and Keep put one in My gallery, the
rest stays in the job history (from which it can be kept), and the strip says so."""

from editor.models import Image
from generation.models import Job

from .editor_helpers import open_editor
from .test_editor_jobs import generate_to_the_strip


def _results(page):
    return page.evaluate("kstudio.staging.toJSON().items.map((item) => item.id)")


def test_generate_discard_one_accept_one_and_my_gallery(alice_page, screenshot):
    page = open_editor(alice_page)
    generate_to_the_strip(page, "three boats", 3)
    assert page.locator("#ed-staging-strip .ed-thumb").count() == 3
    note = page.locator("#ed-staging-note")
    assert "job history" in note.inner_text() and "My gallery" in note.inner_text()
    screenshot(page, "staging-note")
    first, second, third = _results(page)
    job = Job.objects.get(owner__username="alice")
    assert not Image.objects.filter(job=job, kept=True).exists()  # history only, so far

    with page.expect_response(lambda r: r.url.endswith(f"/images/{first}/discard/")) as discarded:
        page.click("#ed-stage-discard")
    assert discarded.value.status == 204
    assert not Image.objects.filter(pk=first).exists()
    page.click("#ed-stage-next")  # the third one
    with page.expect_response(lambda r: r.url.endswith(f"/images/{third}/keep/")) as kept:
        page.click("#ed-stage-accept")
    assert kept.value.status == 200
    assert page.locator("#ed-staging").is_hidden()

    page.goto("/gallery/mine/")
    grid = page.locator("[data-testid=my-grid] [data-image-id]")
    assert [grid.nth(i).get_attribute("data-image-id") for i in range(grid.count())] == [third]
    screenshot(page, "my-gallery-kept")
    # The one neither discarded nor accepted is in the job history, and can be kept from there.
    page.click("[data-testid=history-tab]")
    history = page.locator("[data-testid=my-grid] [data-image-id]")
    assert [history.nth(i).get_attribute("data-image-id") for i in range(history.count())] == [second]
    screenshot(page, "my-gallery-history")
    page.click(f"[data-image-id='{second}'] [data-testid=keep]")
    page.wait_for_selector(".empty")
    page.goto("/gallery/mine/")
    assert page.locator("[data-testid=my-grid] [data-image-id]").count() == 2
    assert set(Image.objects.filter(job=job).values_list("kept", flat=True)) == {True}
    assert not page.console_errors, page.console_errors


def test_keep_from_the_strip_then_discard_only_unstages(alice_page, screenshot):
    page = open_editor(alice_page)
    page.locator(".lang-switch button[value=ru]").click()  # and in Russian
    page.wait_for_selector("html[lang=ru]")
    page.wait_for_selector("#editor[data-ready=true]")
    generate_to_the_strip(page, "a kite", 1)
    (only,) = _results(page)
    assert "истории заданий" in page.locator("#ed-staging-note").inner_text()
    assert page.locator("#ed-stage-keep").inner_text() == "В галерею"
    with page.expect_response(lambda r: r.url.endswith(f"/images/{only}/keep/")):
        page.click("#ed-stage-keep")
    page.wait_for_selector("#ed-staging-strip .ed-thumb.is-kept")
    assert page.locator("#ed-stage-keep").is_disabled()
    assert page.locator("#ed-stage-keep").inner_text() == "В галерее"
    screenshot(page, "staging-kept-ru")
    page.click("#ed-stage-discard")  # kept: it leaves the strip, not My gallery
    assert page.locator("#ed-staging").is_hidden()
    page.wait_for_timeout(300)
    assert Image.objects.get(pk=only).kept is True
    assert not page.console_errors, page.console_errors


def test_the_strip_and_its_note_on_a_tablet(open_page, alice, screenshot):
    from .conftest import log_in
    from .test_editor_tablet import TABLET

    page = open_page(**TABLET)
    log_in(page, "alice", "alice-pass-123")
    page = open_editor(page)
    generate_to_the_strip(page, "a kite", 2)
    page.locator("#ed-staging").scroll_into_view_if_needed()
    for selector in ("#ed-stage-accept", "#ed-stage-keep", "#ed-stage-discard", "#ed-staging-note"):
        assert page.locator(selector).is_visible(), selector
    screenshot(page, "tablet-staging")
    assert not page.console_errors, page.console_errors
