"""Issue 9.14 in Chromium: no request of a page is a 404 (the favicon was, on every page), the
detail page names the style in the page's language, the profile's token date reads right."""

from django.contrib.auth import get_user_model
from PIL import Image as PILImage
from rest_framework.authtoken.models import Token

from editor.images import save_image
from generation.models import StylePreset

from .conftest import log_in


def _watch_404s(page):
    missing = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    return missing


def test_pages_ask_for_nothing_missing_and_name_the_style(alice_page, alice, screenshot):
    StylePreset.objects.update_or_create(slug="watercolour", defaults={
        "name_en": "Watercolour", "name_ru": "Акварель", "prompt_template": "{prompt}, watercolour"})
    image = save_image(alice, PILImage.new("RGB", (128, 96), "teal"), "text2img", title="Harbour",
                       params={"prompt": "a harbour", "style": "watercolour", "seed": 5})
    Token.objects.create(user=alice)
    page = alice_page
    missing = _watch_404s(page)
    page.goto(f"/gallery/image/{image.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("dt:has-text('Style') + dd").inner_text() == "Watercolour"
    screenshot(page, "detail-style")
    icon = page.evaluate("""() => fetch("/favicon.ico").then((r) => [r.status, r.headers.get("content-type")])""")
    assert icon == [200, "image/vnd.microsoft.icon"] or icon[0] == 200, icon
    page.goto("/accounts/profile/")
    token_line = page.locator("#api-token p.small").first.inner_text()
    assert token_line.startswith("Created: ") and not token_line.endswith("..")
    screenshot(page, "profile-token")
    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_selector("html[lang=ru]")
    page.goto(f"/gallery/image/{image.pk}/")
    assert page.locator("dt:has-text('Стиль') + dd").inner_text() == "Акварель"
    screenshot(page, "detail-style-ru")
    page.goto("/editor/")
    page.wait_for_selector("#editor[data-ready=true]")
    assert page.locator(".ed-file-button").inner_text().strip().startswith("Загрузить")
    page.click(".ed-advanced summary")
    screenshot(page, "editor-ru-wording")
    page.wait_for_load_state("networkidle")
    assert missing == [], missing
    assert not page.console_errors, page.console_errors


def test_admin_lists_untitled_images_readably(page, alice, screenshot):
    save_image(alice, PILImage.new("RGB", (96, 64), "teal"), "upload")
    get_user_model().objects.create_superuser("root", "root@example.com", "root-pass-123")
    log_in(page, "root", "root-pass-123")
    page.goto("/admin/editor/image/")
    first = page.locator("#result_list tbody tr th a").first.inner_text()
    assert first.startswith("Upload · 96×64 · "), first
    screenshot(page, "admin-images")
