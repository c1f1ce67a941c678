"""The editor on an iPad-sized touch screen: the layout fits, one finger erases, two fingers
pinch-zoom and pan without leaving an undo step behind."""

import pytest

from .conftest import log_in
from .editor_helpers import open_editor, pattern_png, pixels, to_screen, upload

TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True,
          "device_scale_factor": 2}


@pytest.fixture
def tablet(open_page, alice):
    page = open_page(**TABLET)
    log_in(page, "alice", "alice-pass-123")
    page.touch = page.context.new_cdp_session(page)
    return page


def touch(page, kind, points):
    """Real touch input through Chromium (it becomes pointer events of pointerType "touch")."""
    page.touch.send("Input.dispatchTouchEvent", {
        "type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in points.items()]})


def history_state(page):
    return page.evaluate("[kstudio.history.index, kstudio.history.stack.length]")


def assert_in_viewport_width(page, selector):
    box = page.locator(selector).bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 820, (selector, box)


def test_tablet_layout_touch_erase_and_pinch(tablet, tmp_path, screenshot):
    page = open_editor(tablet)
    for selector in ("#ed-view", "#ed-generate", "#ed-prompt"):
        page.locator(selector).scroll_into_view_if_needed()
        assert page.locator(selector).is_visible(), selector
        assert_in_viewport_width(page, selector)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    screenshot(page, "tablet-panel")  # scrolled down to the end of the panel
    # Scrolled down, the site header has gone with the page: pinned, it covered the toolbar.
    assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom <= 0")
    page.evaluate("scrollTo(0, 0)")
    screenshot(page, "tablet-empty")

    upload(page, pattern_png(tmp_path, size=(256, 256)))
    page.tap("[data-tool-button=eraser]")
    assert page.locator("#editor").get_attribute("data-tool") == "eraser"
    rect = page.evaluate("kstudio.doc.bounds()")
    before = pixels(page, rect)
    steps = history_state(page)

    # One finger across the middle of the picture erases, as one undo step.
    y = rect["y"] + rect["h"] / 2
    path = [to_screen(page, rect["x"] + rect["w"] * t / 10, y) for t in range(2, 9)]
    touch(page, "touchStart", {0: path[0]})
    for point in path[1:]:
        touch(page, "touchMove", {0: point})
    touch(page, "touchEnd", {})
    erased = pixels(page, rect)
    assert erased != before
    assert history_state(page)[0] == steps[0] + 1
    screenshot(page, "tablet-erased")

    # A pinch: the first finger starts a stroke, the second one lands and cancels it, then
    # they move apart. The zoom goes up, the picture is as it was, and no step was added.
    steps = history_state(page)
    zoom = page.evaluate("kstudio.view.zoom")
    cx, cy = to_screen(page, rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] * 0.3)
    touch(page, "touchStart", {1: (cx - 30, cy)})
    touch(page, "touchMove", {1: (cx - 40, cy)})
    touch(page, "touchStart", {1: (cx - 40, cy), 2: (cx + 40, cy)})
    for spread in range(50, 130, 10):
        touch(page, "touchMove", {1: (cx - spread, cy + 5), 2: (cx + spread, cy + 5)})
    touch(page, "touchEnd", {2: (cx + 120, cy + 5)})
    touch(page, "touchEnd", {})
    new_zoom = page.evaluate("kstudio.view.zoom")
    assert new_zoom > zoom * 2, (zoom, new_zoom)
    assert history_state(page) == steps
    assert pixels(page, rect) == erased
    screenshot(page, "tablet-pinched")

    # Pinching in far enough stops at the 10% floor.
    for _ in range(3):
        touch(page, "touchStart", {1: (cx - 300, cy), 2: (cx + 300, cy)})
        touch(page, "touchMove", {1: (cx - 5, cy), 2: (cx + 5, cy)})
        touch(page, "touchEnd", {})
    assert page.evaluate("kstudio.view.zoom") == pytest.approx(0.1)
    assert history_state(page) == steps
    assert not page.console_errors, page.console_errors
