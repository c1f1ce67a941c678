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
    page.wait_for_function("document.querySelector('#ed-mode').textContent.length > 0")
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
    assert not page.console_errors, page.console_errors
