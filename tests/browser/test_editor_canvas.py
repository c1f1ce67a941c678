"""The canvas itself in Chromium: upload, erase, undo/redo, autosave and reload."""

from .editor_helpers import drag, open_editor, pattern_png, pixels, upload


def window_rect(page):
    return page.evaluate("({...kstudio.frame.rect})")


def test_upload_erase_undo_redo(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    assert page.locator("#ed-mode").get_attribute("data-mode") == "text2img"
    upload(page, pattern_png(tmp_path, size=(192, 192)))
    bounds = page.evaluate("kstudio.doc.bounds()")
    assert (bounds["w"], bounds["h"]) == (192, 192)
    original = pixels(page, bounds)
    assert all(original[i] == 255 for i in range(3, len(original), 4))

    # A picture smaller than the window: the window is partly over nothing → outpaint.
    page.wait_for_function("() => document.querySelector('#ed-mode').dataset.mode === 'outpaint'")

    page.keyboard.press("e")
    assert page.locator("#editor").get_attribute("data-tool") == "eraser"
    cx, cy = bounds["x"] + 96, bounds["y"] + 96
    drag(page, (cx - 40, cy), (cx + 40, cy))
    erased = pixels(page, bounds)
    assert erased != original
    assert erased[((96 * 192) + 96) * 4 + 3] == 0  # the stroke's centre is transparent
    screenshot(page, "erased")

    page.keyboard.press("Control+z")
    assert pixels(page, bounds) == original
    page.keyboard.press("Control+Shift+z")
    assert pixels(page, bounds) == erased
    page.click("#ed-undo")
    page.click("#ed-undo")  # past the upload: an empty canvas
    assert page.evaluate("kstudio.doc.isEmpty")
    assert page.locator("#ed-undo").is_disabled()
    page.click("#ed-redo")
    page.click("#ed-redo")
    assert pixels(page, bounds) == erased
    screenshot(page, "undo-redo")
    assert not page.console_errors, page.console_errors
    assert not page.server_errors, page.server_errors


def test_window_moves_with_undo_and_snaps_to_presets(alice_page):
    page = open_editor(alice_page)
    page.click("[data-aspect='16:9']")
    rect = window_rect(page)
    assert rect["w"] > rect["h"] and rect["w"] % 64 == 0 and rect["h"] % 64 == 0
    drag(page, (rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] / 2),
         (rect["x"] + rect["w"] / 2 + 100, rect["y"] + rect["h"] / 2 + 50))
    moved = window_rect(page)
    assert abs(moved["x"] - rect["x"] - 100) <= 2 and abs(moved["y"] - rect["y"] - 50) <= 2
    # Resizing by a corner snaps to multiples of 64.
    page.click("#ed-zoom-fit")  # the moved corner may be off screen at the first zoom
    drag(page, (moved["x"] + moved["w"], moved["y"] + moved["h"]),
         (moved["x"] + moved["w"] - 90, moved["y"] + moved["h"] - 30))
    resized = window_rect(page)
    assert resized["w"] % 64 == 0 and resized["h"] % 64 == 0 and resized["w"] < moved["w"]
    page.keyboard.press("Control+z")
    assert window_rect(page) == moved
    page.keyboard.press("Control+z")
    assert window_rect(page) == rect


def test_zoom_limits_and_fit(alice_page, tmp_path):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path))
    for _ in range(30):
        page.click("#ed-zoom-in")
    assert page.locator("#ed-zoom-level").inner_text() == "800%"
    for _ in range(40):
        page.keyboard.press("-")
    assert page.locator("#ed-zoom-level").inner_text() == "10%"
    page.click("#ed-zoom-fit")
    assert 10 < int(page.locator("#ed-zoom-level").inner_text().rstrip("%")) < 800


def test_reload_restores_the_canvas(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path))
    bounds = page.evaluate("kstudio.doc.bounds()")
    page.keyboard.press("e")
    drag(page, (bounds["x"] + 20, bounds["y"] + 20), (bounds["x"] + 120, bounds["y"] + 60))
    page.fill("#ed-prompt", "a lighthouse in the fog")
    page.click("[data-tool-button=window]")
    page.click("[data-aspect='3:2']")
    before = pixels(page, bounds)
    rect = window_rect(page)
    page.wait_for_selector("#ed-save-state[data-state=saved]")

    page.reload()
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.evaluate("kstudio.doc.bounds()") == bounds
    assert pixels(page, bounds) == before
    assert window_rect(page) == rect
    assert page.input_value("#ed-prompt") == "a lighthouse in the fog"
    screenshot(page, "reloaded")
    assert not page.console_errors, page.console_errors
    assert not page.server_errors, page.server_errors


def test_a_change_made_while_a_save_runs_is_not_called_saved(alice_page):
    # The save under way does not hold that change: "All changes saved" would be false, and a
    # tab closed on it would lose the change (an upload just after a save began, say).
    page = open_editor(alice_page)
    page.fill("#ed-prompt", "a lighthouse")
    status = page.evaluate("""async () => {
        const saving = kstudio.autosave.flush();
        const prompt = document.getElementById('ed-prompt');
        prompt.value = 'a lighthouse in the fog';
        prompt.dispatchEvent(new Event('input', {bubbles: true}));
        await saving;
        return document.getElementById('ed-save-state').dataset.state;
    }""")
    assert status == "pending"
    page.wait_for_selector("#ed-save-state[data-state=saved]")
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.input_value("#ed-prompt") == "a lighthouse in the fog"
