"""The view on another screen: zoom and pan saved on one screen size are used only on that
size; another screen, and a picture opened with "Open in editor", get a fitted view."""

from PIL import Image as PILImage

from editor.images import save_image

from .conftest import log_in
from .editor_helpers import open_editor, pattern_png, upload

TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True,
          "device_scale_factor": 2}


def window_on_screen(page):
    """Whether the whole view window is inside the visible canvas."""
    return page.evaluate("""() => {
        const r = kstudio.frame.rect, v = kstudio.view;
        const a = v.toScreen(r.x, r.y), b = v.toScreen(r.x + r.w, r.y + r.h);
        return a.x >= 0 && a.y >= 0 && b.x <= v.canvas.clientWidth && b.y <= v.canvas.clientHeight;
    }""")


def zoom_in_and_save(page, times=6):
    for _ in range(times):
        page.click("#ed-zoom-in")
    page.wait_for_function("() => !kstudio.autosave.running && "
                           "document.getElementById('ed-save-state').dataset.state === 'saved'")
    assert not window_on_screen(page)
    return page.evaluate("kstudio.view.zoom")


def fitted_zoom(page):
    page.click("#ed-zoom-fit")
    return page.evaluate("kstudio.view.zoom")


def test_saved_view_is_kept_on_the_same_screen_and_fitted_on_another(alice_page, open_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path))
    zoom = zoom_in_and_save(page)
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.evaluate("kstudio.view.zoom") == zoom  # the same screen: as it was left

    tablet = open_page(**TABLET)
    log_in(tablet, "alice", "alice-pass-123")
    open_editor(tablet)
    assert window_on_screen(tablet)
    zoom_here = tablet.evaluate("kstudio.view.zoom")
    assert zoom_here != zoom
    screenshot(tablet, "tablet-fitted")
    assert fitted_zoom(tablet) == zoom_here
    assert not tablet.console_errors, tablet.console_errors


def test_open_in_editor_fits_the_picture(alice_page, alice, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path))
    zoom_in_and_save(page)
    image = save_image(alice, PILImage.new("RGB", (320, 192), "teal"), "upload")
    open_editor(page, f"/editor/?image={image.pk}")
    page.wait_for_function("() => kstudio.doc.layers.length === 2")
    assert window_on_screen(page)
    bounds = page.evaluate("kstudio.doc.bounds()")
    inside = page.evaluate("""b => { const v = kstudio.view;
        const a = v.toScreen(b.x, b.y), c = v.toScreen(b.x + b.w, b.y + b.h);
        return a.x >= 0 && a.y >= 0 && c.x <= v.canvas.clientWidth && c.y <= v.canvas.clientHeight; }""", bounds)
    assert inside
    screenshot(page, "opened-fitted")
    assert not page.console_errors, page.console_errors


SCREEN_SIZE = """r => { const v = kstudio.view; const a = v.toScreen(r.x, r.y), c = v.toScreen(r.x + r.w, r.y + r.h);
    return Math.min((c.x - a.x) / v.canvas.clientWidth, (c.y - a.y) / v.canvas.clientHeight); }"""


def test_a_picture_opened_onto_a_big_canvas_is_what_is_shown(alice_page, alice, tmp_path, screenshot):
    page = open_editor(alice_page)
    # The big canvas must be on the server before the page is left: wait for its save itself.
    with page.expect_response(lambda r: r.url.endswith("/api/v1/canvas/") and r.request.method == "PUT"
                              and r.ok, timeout=60000):
        upload(page, pattern_png(tmp_path, size=(2048, 2048)))
    page.wait_for_function("() => !kstudio.autosave.running && "
                           "document.getElementById('ed-save-state').dataset.state === 'saved'")
    image = save_image(alice, PILImage.new("RGB", (256, 256), "teal"), "upload")
    open_editor(page, f"/editor/?image={image.pk}")
    page.wait_for_function("() => kstudio.doc.layers.length === 2")
    opened = page.evaluate("(() => { const r = kstudio.doc.layers[1].rect; return {x: r.x, y: r.y, w: r.w, h: r.h}; })()")
    # Fitted to the opened picture and the window, not to the 2048² canvas (≈ 12 % of the view).
    assert page.evaluate(SCREEN_SIZE, opened) > 0.4
    screenshot(page, "opened-onto-big-canvas")


def test_new_canvas_fits_the_window_again(alice_page, tmp_path):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(2048, 2048)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#ed-new")
    page.wait_for_function("() => kstudio.doc.isEmpty")
    window = page.evaluate("({...kstudio.frame.rect})")
    assert page.evaluate(SCREEN_SIZE, window) > 0.4  # the zoom of the cleared 2048² picture left it ≈ 12 %
