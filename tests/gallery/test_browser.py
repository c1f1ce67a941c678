"""The gallery pages in Chromium: my grid, the public gallery, the moderation queue, and the
owner seeing a rejection reason. Screenshots go to test-artifacts/screenshots/gallery-*.png."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image as PILImage
from PIL import ImageDraw

from editor import actions
from editor.images import save_image
from editor.models import Image

# Playwright's sync API runs an event loop in this thread; our ORM calls stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
playwright_sync = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def artwork(hue, size=(512, 384)):
    """A recognisable picture (gradient + circle), so screenshots show real thumbnails."""
    base = PILImage.linear_gradient("L").resize(size).convert("HSV")
    h, s, v = base.split()
    picture = PILImage.merge("HSV", (h.point(lambda _: hue), s.point(lambda _: 170), v)).convert("RGB")
    ImageDraw.Draw(picture).ellipse((size[0] // 3, size[1] // 4, size[0] // 3 + 150, size[1] // 4 + 150),
                                    fill=((hue * 7) % 255, 220, 255 - hue))
    return picture


def add_image(owner, hue, title, prompt, state="private"):
    image = save_image(owner, artwork(hue), "text2img", title=title,
                       params={"prompt": prompt, "seed": hue, "style": "default"})
    if state != "private":
        Image.objects.filter(pk=image.pk).update(visibility="public", moderation=state)
        image.refresh_from_db()
    return image


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_as(browser, live_server):
    """open_as(user or None, path, locale) -> a Playwright page logged in as that user."""
    contexts = []

    def open_page(user, path, locale="en-US"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                  "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                  "url": live_server.url}])
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(live_server.url + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"gallery-{name}.png"), full_page=True)


def test_my_gallery_grid(open_as, alice, staff):
    add_image(alice, 20, "Sunset", "a sunset over the sea")
    approved = add_image(alice, 120, "Forest", "a misty forest", state="approved")
    pending = add_image(alice, 200, "Night city", "a city at night", state="pending")
    doomed = add_image(alice, 60, "Draft", "a rough sketch")
    page = open_as(alice, "/gallery/mine/")
    cards = page.locator("[data-testid=my-grid] > li")
    assert cards.count() == 4
    assert page.locator(".gallery-count").inner_text() == "4 images"
    card = page.locator(f"li[data-image-id='{approved.pk}']")
    assert card.locator(".badge").inner_text() == "Public"
    assert page.locator(f"li[data-image-id='{pending.pk}'] .badge").inner_text() == "Pending review"
    # Thumbnails really load (the file view answers the owner).
    assert card.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "mine")

    # Rename, share, delete through the page.
    first = page.locator(f"li[data-image-id='{doomed.pk}']")
    first.locator("input[name=title]").fill("Final sketch")
    first.get_by_role("button", name="Rename").click()
    page.wait_for_load_state()
    assert page.locator(f"li[data-image-id='{doomed.pk}'] .gallery-title").inner_text() == "Final sketch"
    page.locator(f"li[data-image-id='{doomed.pk}']").get_by_role("button", name="Make public").click()
    page.wait_for_load_state()
    assert "after a moderator reviews it" in page.locator(".messages").inner_text()
    page.locator(f"li[data-image-id='{doomed.pk}']").get_by_role("button", name="Delete").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=my-grid] > li").count() == 3
    assert not Image.objects.filter(pk=doomed.pk).exists()
    # Open in editor / remix point the canvas at this image.
    hrefs = card.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/editor/?image={approved.pk}" in hrefs and f"/editor/?remix={approved.pk}" in hrefs

    # The same page in Russian: translated labels and the plural form of the count.
    russian = open_as(alice, "/gallery/mine/", locale="ru-RU")
    assert russian.locator(".gallery-count").inner_text() == "3 изображения"
    assert russian.get_by_role("button", name="Переименовать").count() == 3
    shot(russian, "mine-ru")


def test_public_gallery(open_as, alice, bob):
    add_image(alice, 30, "Dunes", "golden dunes under a blue sky", state="approved")
    fox = add_image(bob, 150, "Fox", "a red fox in the snow", state="approved")
    private = add_image(alice, 90, "Secret", "a private sketch")
    page = open_as(None, "/gallery/")
    grid = page.locator("[data-testid=public-grid]")
    assert grid.locator("> li").count() == 2
    assert "a red fox in the snow" in grid.inner_text()
    assert str(private.pk) not in page.content()
    assert page.get_by_role("link", name="Remix").count() == 0  # anonymous: no remix
    shot(page, "public-anonymous")

    page = open_as(alice, "/gallery/")
    fox_card = page.locator(f"li[data-image-id='{fox.pk}']")
    assert fox_card.get_by_role("link", name="Remix").get_attribute("href") == f"/editor/?remix={fox.pk}"
    fox_card.get_by_text("Report", exact=True).click()
    fox_card.locator("textarea[name=reason]").fill("Looks copied from a stock photo")
    shot(page, "public-report")
    fox_card.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert "A moderator will look" in page.locator(".messages").inner_text()
    assert page.locator(f"li[data-image-id='{fox.pk}']").get_by_text("Reported", exact=True).is_visible()
    assert fox.reports.get().reason == "Looks copied from a stock photo"


def test_moderation_queue_and_owner_sees_reason(open_as, alice, staff):
    good = add_image(alice, 100, "Lighthouse", "a lighthouse in a storm")
    bad = add_image(alice, 0, "Blurry", "something blurry")
    for image in (good, bad):
        actions.set_visibility(image, "public")
    page = open_as(staff, "/moderation/")
    queue = page.locator("[data-testid=pending-queue]")
    assert queue.locator("li.gallery-card").count() == 2
    shot(page, "moderation-queue")

    queue.locator(f"li[data-image-id='{good.pk}']").get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "1 image approved." in page.locator(".messages").inner_text()
    bad_card = page.locator(f"li[data-image-id='{bad.pk}']")
    bad_card.locator(f"input[name='reason-{bad.pk}']").fill("Too blurry to show in the gallery")
    bad_card.get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    assert "1 image rejected." in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=pending-queue] .empty").is_visible()
    log = page.locator("[data-testid=moderation-log]").inner_text()
    assert "Too blurry to show in the gallery" in log and "Approved" in log
    shot(page, "moderation-after")

    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.moderation, bad.moderation) == ("approved", "rejected")

    owner = open_as(alice, "/gallery/mine/")
    reason = owner.locator(f"li[data-image-id='{bad.pk}'] [data-testid=rejection-reason]")
    assert "Too blurry to show in the gallery" in reason.inner_text()
    shot(owner, "rejection-reason")
    owner.goto(owner.url.replace("/gallery/mine/", bad.get_absolute_url()))
    assert "Too blurry to show in the gallery" in owner.locator("[data-testid=rejection-reason]").inner_text()
    shot(owner, "detail-rejected")

    public = open_as(None, "/gallery/")
    assert public.locator(f"li[data-image-id='{good.pk}']").count() == 1
    assert public.locator(f"li[data-image-id='{bad.pk}']").count() == 0
