"""The editor in Russian: after switching the language no English is left on the page."""

import re

from .editor_helpers import open_editor

# Key names and file formats stay as they are printed on keyboards and in file names.
ALLOWED = {"Ctrl", "Shift", "PNG", "JPEG", "WebP"}

COLLECT_TEXT = """() => {
  const root = document.getElementById('editor');
  const out = [];
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { out.push(node.textContent); return; }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const name of ['placeholder', 'title', 'aria-label']) {
      if (node.hasAttribute(name)) out.push(node.getAttribute(name));
    }
    if (node.tagName === 'TEMPLATE') node.content.childNodes.forEach(visit);
    node.childNodes.forEach(visit);
  };
  visit(root);
  return out.join('\\n');
}"""


def english_words(text):
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED})


def test_russian_editor_has_no_english_left(alice_page, screenshot):
    page = open_editor(alice_page)
    assert english_words(page.evaluate(COLLECT_TEXT))  # the check itself can see English
    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_selector("html[lang=ru]")
    page.goto("/editor/")
    page.wait_for_selector("#editor[data-ready=true]")
    page.wait_for_function("() => document.querySelector('#ed-mode').textContent.length > 0")
    assert english_words(page.evaluate(COLLECT_TEXT)) == []
    assert "Создать" in page.locator("#ed-generate").inner_text()

    # Errors read in Russian too: text-to-image without a prompt is refused by the API.
    page.click("#ed-generate")
    toast = page.locator(".ed-toast-error").first
    toast.wait_for()
    assert re.search("[А-Яа-я]", toast.inner_text()) and not english_words(toast.inner_text())
    screenshot(page, "russian")
    page.click("#ed-help-open")
    assert english_words(page.locator("#ed-help").inner_text()) == []
    screenshot(page, "russian-help")
    page.keyboard.press("Escape")

    # The tools dialog says in Russian what each kind takes from the panel.
    page.click("#ed-tools-open")
    for kind in ("fusion", "mix", "variation"):
        page.check(f"#ed-tools-form input[value={kind}]")
        assert english_words(page.locator("#ed-tools").inner_text()) == [], kind
    page.check("#ed-tools-form input[value=fusion]")
    page.locator("#ed-slots [data-source=window]").first.click()  # empty canvas: a toast
    page.click("#ed-tools-run")
    assert english_words(page.locator("#ed-tools-error").inner_text()) == []
    screenshot(page, "russian-tools")
    page.click("#ed-tools-form button[value=cancel]")
    # The seed note and the "changed in another tab" choice.
    page.click(".ed-advanced summary")
    page.fill("#ed-seed", "5")
    assert english_words(page.locator("#ed-seed-note").inner_text()) == []
    page.evaluate("kstudio.autosave.stale(99)")
    assert english_words(page.locator("#ed-conflict").inner_text() + page.locator("#ed-save-state").inner_text()) == []
    screenshot(page, "russian-conflict")
    assert not page.console_errors, page.console_errors
