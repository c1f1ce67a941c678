"""A new visitor in Chromium: sign up, log out and in, switch to Russian; nothing English is left.

Screenshots go to test-artifacts/screenshots/foundation-*.png for a human to look at.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

playwright = pytest.importorskip("playwright.sync_api")

# Playwright's sync API runs an event loop in this thread; Django must still allow the
# (synchronous) database work of the live server fixture around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# Every English string of the layout, the account pages and the error pages.
ENGLISH_UI = [
    "Log in", "Log out", "Sign up", "Admin", "Editor", "My gallery", "Public gallery", "Moderation", "Profile",
    "Skip to content", "pictures from words", "Same as the browser", "Your details", "Display name", "Interface language",
    "Save", "Change password", "API token", "Create token", "Rotate token", "Forgot your password?",
    "Create an account", "Welcome back", "Username", "Password", "Page not found", "Go to the home page",
    "There is nothing at this address", "member for", "joined today", "Signed in as",
]


@pytest.fixture
def page(live_server, transactional_db, compiled_messages):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def _english_left(page):
    text = page.inner_text("body")
    labels = " ".join(page.eval_on_selector_all("[aria-label],[title]", "els => els.map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))"))
    return [s for s in ENGLISH_UI if re.search(rf"\b{re.escape(s)}\b", text + " " + labels, re.IGNORECASE)]


def _shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"foundation-{name}.png"), full_page=True)


def test_new_visitor_signs_up_and_switches_to_russian(page, live_server):
    base = live_server.url
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    _shot(page, "landing-en")

    # Sign up from the header call to action; the account is logged in straight away.
    page.locator(".account-menu").get_by_role("link", name="Sign up").click()
    page.fill("input[name=username]", "vasily")
    page.fill("input[name=email]", "vasily@example.com")
    page.fill("input[name=password1]", "yellow-red-blue-1925")
    page.fill("input[name=password2]", "yellow-red-blue-1925")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(base + "/")
    page.goto(base + "/accounts/profile/")
    assert page.locator(".user-chip").inner_text().strip().endswith("vasily")

    # Log out (a POST form in the header) and back in.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/")
    assert page.locator(".account-menu").get_by_role("link", name="Log in").is_visible()
    page.goto(base + "/accounts/login/?next=/accounts/profile/")
    page.fill("input[name=username]", "vasily")
    page.fill("input[name=password]", "yellow-red-blue-1925")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(base + "/accounts/profile/")
    _shot(page, "profile-en")

    # The header switch: one click, same page, now in Russian.
    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_url(base + "/accounts/profile/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", name="Профиль").is_visible()
    page.get_by_role("button", name="Создать токен").click()
    page.wait_for_url(base + "/accounts/profile/")
    assert page.locator("[data-testid=api-token]").inner_text().strip()
    _shot(page, "profile-ru")
    assert _english_left(page) == []

    # Save the preference on the profile; it sticks after logging out and in again.
    page.select_option("select[name=language]", "ru")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(base + "/accounts/profile/")
    assert page.get_by_text("Профиль сохранён.").is_visible()

    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(base + "/")
    _shot(page, "landing-ru")
    assert _english_left(page) == []

    page.goto(base + "/accounts/login/")
    assert page.get_by_role("heading", name="Войти").is_visible()
    _shot(page, "login-ru")
    assert _english_left(page) == []

    # A sign-up with mistakes: the errors come back in Russian, next to their fields.
    page.goto(base + "/accounts/signup/")
    page.fill("input[name=username]", "vasily")
    page.fill("input[name=email]", "vasily@example.com")
    page.fill("input[name=password1]", "yellow-red-blue-1925")
    page.fill("input[name=password2]", "something-else-1925")
    page.get_by_role("button", name="Регистрация").click()
    assert page.locator(".errorlist").count() >= 2  # the username is taken; the passwords differ
    _shot(page, "signup-errors-ru")
    assert _english_left(page) == []
    assert not re.search(r"\b(already exists|didn.t match|password)\b", page.inner_text("main"), re.IGNORECASE)

    page.goto(base + "/accounts/password/reset/")
    _shot(page, "password-reset-ru")
    assert _english_left(page) == []

    response = page.goto(base + "/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Страница не найдена").is_visible()
    _shot(page, "404-ru")
    assert _english_left(page) == []

    # The JavaScript catalogue is in Russian too.
    assert page.evaluate("() => typeof gettext === 'function' && django.catalog !== undefined")


def test_mobile_layout_keeps_the_header_usable(page, live_server):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator(".account-menu").get_by_role("link", name="Sign up").is_visible()
    assert page.locator(".lang-switch").is_visible()
    # Nothing overflows sideways on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "login-mobile-en")
