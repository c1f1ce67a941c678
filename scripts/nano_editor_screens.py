"""The editor screenshots of docs/nano.md, taken the way a new user gets them: against a running
`make run` (nano, default steps), a new account per language types "жёлтый треугольник на синем
фоне" (or its English), accepts the first result, erases a patch over the lower half of the
window and asks "красный круг" / "a red circle" into it.

    make run &   # then:
    .venv/bin/python scripts/nano_editor_screens.py --url http://127.0.0.1:8000

Writes docs/nano-editor-ru.png, docs/nano-editor-en.png (the whole page after the inpainting
of English, the text2img of Russian) and docs/nano-editor-inpaint.png (the window: the erased
patch, the Russian result, the English text2img, the English result). Look at them.
"""
import argparse
import io
import secrets
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parents[1] / "docs"
PROMPTS = {"ru": ("жёлтый треугольник на синем фоне", "красный круг"),
           "en": ("a yellow triangle on a blue background", "a red circle")}
CHROMIUM = dict(executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def sign_up(page, lang):
    name = f"{lang}{secrets.randbelow(10 ** 5):05d}"
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", name)
    page.fill("input[name=email]", f"{name}@example.com")
    page.fill("input[name=password1]", "yellow-red-blue-1925")
    page.fill("input[name=password2]", "yellow-red-blue-1925")
    page.locator("form:has(input[name=password2]) [type=submit]").click()
    page.wait_for_selector("#editor[data-ready=true]")


def generate_and_accept(page, prompt):
    page.fill("#ed-prompt", prompt)
    page.click("#ed-generate")
    page.wait_for_selector("#ed-staging:not([hidden])", timeout=120000)
    before = page.evaluate("kstudio.doc.version")
    page.click("#ed-stage-accept")
    page.wait_for_function("v => kstudio.doc.version > v", arg=before)


def to_screen(page, x, y):
    """Page coordinates of a world point (tests/browser/editor_helpers.py has the same for tests)."""
    return page.evaluate("""([x, y]) => { const p = kstudio.view.toScreen(x, y);
        const b = kstudio.view.canvas.getBoundingClientRect();
        return [b.left + p.x, b.top + p.y]; }""", [x, y])


def window_shot(page):
    """The view window as it is on the screen, 256²."""
    r = page.evaluate("kstudio.frame.rect")
    (left, top), (right, bottom) = to_screen(page, r["x"], r["y"]), to_screen(page, r["x"] + r["w"], r["y"] + r["h"])
    box = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    return Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB").resize((256, 256))


def erase_lower_half(page):
    """Eraser strokes over the middle of the window's lower half (where the triangle's base is)."""
    page.click("[data-tool-button=eraser]")
    r = page.evaluate("kstudio.frame.rect")
    for dy in range(34, 54, 3):
        page.mouse.move(*to_screen(page, r["x"] + 18, r["y"] + dy))
        page.mouse.down()
        page.mouse.move(*to_screen(page, r["x"] + 46, r["y"] + dy), steps=10)
        page.mouse.up()


def one_language(browser, url, lang):
    """(page screenshot after text2img, after inpainting; window shots: text2img, erased, inpainted)."""
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800}, locale=lang)
    page = context.new_page()
    page.goto("/accounts/signup/")
    page.click(f".lang-switch button[value={lang}]")  # the header's EN / RU, as a user switches
    sign_up(page, lang)
    first, second = PROMPTS[lang]
    generate_and_accept(page, first)
    drawn, drawn_page = window_shot(page), page.screenshot()
    erase_lower_half(page)
    erased = window_shot(page)
    generate_and_accept(page, second)
    result, result_page = window_shot(page), page.screenshot()
    context.close()
    return drawn_page, result_page, drawn, erased, result


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:8000")
    args = p.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**CHROMIUM)
        ru = one_language(browser, args.url, "ru")
        en = one_language(browser, args.url, "en")
        browser.close()
    (DOCS / "nano-editor-ru.png").write_bytes(ru[0])
    (DOCS / "nano-editor-en.png").write_bytes(en[1])
    strip = Image.new("RGB", (4 * 256 + 3 * 4, 256), "white")
    for i, shot in enumerate((ru[3], ru[4], en[2], en[4])):
        strip.paste(shot, (i * 260, 0))
    strip.save(DOCS / "nano-editor-inpaint.png")
    print("wrote", *(DOCS / f"nano-editor-{n}.png" for n in ("ru", "en", "inpaint")))


if __name__ == "__main__":
    main()
