"""Two tabs of one user's editor: a stale tab's autosave does not overwrite the other tab's
canvas; the stale tab is told and chooses (load the other version, or keep its own)."""

from .conftest import watch_errors
from .editor_helpers import open_editor, pattern_png, pixels, upload


def window_rect(page):
    return page.evaluate("({...kstudio.frame.rect})")


def move_window(page, x, y):
    page.evaluate("([x, y]) => { kstudio.frame.moveTo(x, y); kstudio.frameChanged(true); }", [x, y])


def saved(page):
    page.wait_for_function("() => !kstudio.autosave.running && "
                           "document.getElementById('ed-save-state').dataset.state === 'saved'")


def server_canvas(page):
    return page.evaluate("fetch('/api/v1/canvas/').then(r => r.json())")


def test_a_stale_tab_is_told_and_chooses(alice_page, tmp_path, screenshot):
    first = open_editor(alice_page)
    upload(first, pattern_png(tmp_path))
    saved(first)
    second = open_editor(watch_errors(first.context.new_page()))
    bounds = second.evaluate("kstudio.doc.bounds()")
    picture = pixels(second, bounds)
    # Opening the second tab saved nothing, so the first one is not stale because of it.
    revision = server_canvas(first)["revision"]
    second.wait_for_timeout(1500)
    assert server_canvas(first)["revision"] == revision

    # The first tab moves the window and saves; the second, still on the old revision, edits.
    move_window(first, 300, 40)
    first.wait_for_function("r => kstudio.autosave.revision > r", arg=revision)
    saved(first)
    ours = window_rect(first)
    move_window(second, -200, 0)
    second.wait_for_selector("#ed-conflict:not([hidden])")
    assert second.locator("#ed-save-state").get_attribute("data-state") == "conflict"
    assert "another tab" in second.locator("#ed-conflict").inner_text()
    screenshot(second, "conflict")
    # Nothing of the stale tab reached the server: its window is still the first tab's.
    assert server_canvas(first)["state"]["window"]["x"] == 300

    # "Load the other version": the second tab now shows what the first one saved.
    second.click("#ed-conflict-load")
    second.wait_for_function("() => kstudio.frame.rect.x === 300")
    assert second.locator("#ed-conflict").is_hidden()
    assert window_rect(second) == ours
    assert pixels(second, bounds) == picture
    assert second.evaluate("kstudio.autosave.revision") == server_canvas(second)["revision"]

    # The second tab edits again (its save is now accepted), so the first tab is stale;
    # it keeps its own version, which is saved over the second tab's.
    revision = server_canvas(first)["revision"]
    second.fill("#ed-prompt", "from the second tab")
    second.wait_for_function("r => kstudio.autosave.revision > r", arg=revision)
    assert server_canvas(first)["state"]["form"]["prompt"] == "from the second tab"
    first.fill("#ed-prompt", "from the first tab")
    first.wait_for_selector("#ed-conflict:not([hidden])")
    first.click("#ed-conflict-keep")
    saved(first)
    canvas = server_canvas(first)
    assert canvas["state"]["form"]["prompt"] == "from the first tab"
    assert canvas["state"]["window"]["x"] == 300
    assert first.evaluate("kstudio.autosave.revision") == canvas["revision"]
    for page in (first, second):
        assert not page.console_errors, page.console_errors
        assert not page.server_errors, page.server_errors
