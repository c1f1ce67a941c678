"""Layout on real screen sizes: Generate and the progress stay in sight beside the canvas on a
tablet and a phone, error toasts leave Generate free, the empty-canvas hint leaves the window's
handles free."""

import pytest

from .conftest import log_in
from .editor_helpers import open_editor
from .test_editor_jobs import set_steps

SCREENS = {
    "tablet": {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True,
               "device_scale_factor": 2},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
              "device_scale_factor": 3},
    "laptop": {"viewport": {"width": 1280, "height": 900}},
}


def box(page, selector):
    return page.locator(selector).bounding_box()


def in_viewport(page, selector):
    b, size = box(page, selector), page.viewport_size
    return b is not None and b["y"] >= 0 and b["y"] + b["height"] <= size["height"] + 0.5 \
        and b["x"] >= 0 and b["x"] + b["width"] <= size["width"] + 0.5


def overlap(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] \
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def handles(page):
    """Page boxes of the window's corner handles (with a finger's margin)."""
    return page.evaluate("""() => { const v = kstudio.view, b = v.canvas.getBoundingClientRect();
        return kstudio.frame.corners().map(([x, y]) => { const p = v.toScreen(x, y);
            return {x: b.left + p.x - 12, y: b.top + p.y - 12, width: 24, height: 24}; }); }""")


def editor_on(open_page, screen):
    page = open_page(**SCREENS[screen])
    log_in(page, "alice", "alice-pass-123")
    return open_editor(page)


@pytest.mark.parametrize("screen", ["tablet", "phone"])
def test_generate_and_progress_stay_in_sight_beside_the_canvas(open_page, alice, screen, screenshot):
    page = editor_on(open_page, screen)
    assert page.evaluate("scrollY") == 0
    assert in_viewport(page, "#ed-generate")  # without scrolling away from the canvas
    canvas, generate = box(page, "#ed-view"), box(page, "#ed-generate")
    assert canvas["y"] < generate["y"] and not overlap(canvas, box(page, "#ed-actionbar"))
    page.fill("#ed-prompt", "a harbour at dawn")
    set_steps(page, "2")
    # Filling in the form scrolled the page down; Generate is still where it was.
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    assert in_viewport(page, "#ed-generate")
    # The end of the form is not hidden behind the bar.
    assert box(page, "#ed-count")["y"] + box(page, "#ed-count")["height"] <= box(page, "#ed-actionbar")["y"]
    page.evaluate("scrollTo(0, 0)")
    held = []
    page.route("**/api/v1/jobs/", lambda route: held.append(route) if route.request.method == "POST"
               else route.continue_())
    page.click("#ed-generate")
    page.wait_for_selector("#ed-progress:not([hidden])")
    assert in_viewport(page, "#ed-progress") and in_viewport(page, "#ed-generate")
    assert not overlap(box(page, "#ed-view"), box(page, "#ed-progress"))
    screenshot(page, f"{screen}-progress")
    held[0].continue_()
    page.unroute("**/api/v1/jobs/")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=90000)
    assert page.locator("#ed-progress").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert not page.console_errors, page.console_errors


def test_error_toasts_leave_generate_free_at_900px(open_page, alice, screenshot):
    page = editor_on(open_page, "laptop")
    page.click(".ed-advanced summary")  # a long panel: Generate stays at its foot, in sight
    assert in_viewport(page, "#ed-generate")
    page.click("#ed-generate")  # no prompt: the server refuses, a toast says why
    page.wait_for_selector(".ed-toast-error")
    toast = box(page, ".ed-toast-error")
    assert not overlap(toast, box(page, "#ed-generate"))
    for corner in handles(page):  # nor does it hide the window's handles
        assert not overlap(toast, corner), (corner, toast)
    assert page.locator("#ed-generate").is_enabled()
    screenshot(page, "toast-clear-of-generate")
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("screen", ["laptop", "tablet", "phone"])
def test_empty_canvas_hint_leaves_the_window_handles_free(open_page, alice, screen, screenshot):
    page = editor_on(open_page, screen)
    hint = box(page, "#ed-empty-hint")
    assert hint is not None and in_viewport(page, "#ed-empty-hint")
    for corner in handles(page):
        assert not overlap(hint, corner), (corner, hint)
    if screen == "laptop":
        screenshot(page, "empty-hint")
