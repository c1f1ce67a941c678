"""Issue 9.12: a picture over the editor's size limit is scaled down, and the user is told so,
in their language (it was silent: 5000×4000 came out 4096×3277 with no word)."""

from PIL import Image as PILImage

from .editor_helpers import open_editor, upload


def big_png(tmp_path):
    path = tmp_path / "big.png"
    PILImage.new("RGB", (5000, 4000), "teal").save(path)
    return path


def _layer_size(page):
    return page.evaluate("[kstudio.doc.layers[0].canvas.width, kstudio.doc.layers[0].canvas.height]")


def test_a_big_upload_is_scaled_down_with_a_notice(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    upload(page, big_png(tmp_path))
    assert _layer_size(page) == [4096, 3277]
    toast = page.locator(".ed-toast-info", has_text="scaled down")
    toast.wait_for()
    assert "5000×4000" in toast.inner_text() and "4096×3277" in toast.inner_text()
    screenshot(page, "upload-scaled")
    assert not page.console_errors, page.console_errors


def test_the_notice_in_russian(alice_page, tmp_path, screenshot):
    page = open_editor(alice_page)
    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_selector("html[lang=ru]")
    page.wait_for_selector("#editor[data-ready=true]")
    upload(page, big_png(tmp_path))
    toast = page.locator(".ed-toast-info", has_text="уменьшена")
    toast.wait_for()
    assert "с 5000×4000 до 4096×3277" in toast.inner_text()
    screenshot(page, "upload-scaled-ru")


def test_a_small_upload_says_nothing(alice_page, tmp_path):
    page = open_editor(alice_page)
    path = tmp_path / "small.png"
    PILImage.new("RGB", (300, 200), "teal").save(path)
    upload(page, path)
    assert _layer_size(page) == [300, 200]
    page.wait_for_timeout(300)
    assert page.locator(".ed-toast-info").count() == 0
