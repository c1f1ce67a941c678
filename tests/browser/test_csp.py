"""The Content-Security-Policy in Chromium: the editor (socket, previews, canvases, the PNG
worker, autosave) and the galleries work under it with no violation, and it does block an
injected inline script."""

import re
from pathlib import Path

from django.conf import settings

from editor.models import Image

from .editor_helpers import pattern_png, upload
from .test_editor_jobs import generate_and_accept, set_steps

# Recorded before any page script runs (init scripts are not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def violations(page):
    return page.evaluate("window.__csp")


def test_editor_and_gallery_work_under_the_policy(alice_page, tmp_path, screenshot):
    page = alice_page
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto("/editor/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#editor[data-ready=true]")
    upload(page, pattern_png(tmp_path, size=(128, 96)))  # blob: pictures
    page.fill("#ed-prompt", "a lighthouse at night")
    set_steps(page, "2")
    generate_and_accept(page)  # websocket progress and data: previews
    page.wait_for_function("() => kstudio.doc.version > 0")
    page.click("#ed-save-open")
    page.fill("#ed-save-title", "Under the policy")
    page.click("#ed-save-form button[value=save]")
    page.wait_for_selector(".ed-toast-success")
    screenshot(page, "csp-editor")
    assert violations(page) == [] and not page.console_errors, (violations(page), page.console_errors)

    # An injected inline script is blocked and reported: the policy is enforced, not just sent.
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.__injected = true"; document.body.append(s); }""")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__injected") is None
    assert violations(page)[0].startswith("script-src")
    page.console_errors.clear()  # that report was ours

    image = Image.objects.get(owner__username="alice", title="Under the policy")
    for path in ("/gallery/mine/", f"/gallery/image/{image.pk}/", "/gallery/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], (path, violations(page))
    page.goto("/gallery/mine/")
    thumbnails = page.locator("img").evaluate_all("imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length")
    assert thumbnails >= 1  # the thumbnail loaded under img-src 'self'
    shot = screenshot(page, "csp-gallery")
    console = [m for m in page.console_errors if "Content Security Policy" in m]
    assert console == [] and not page.server_errors, (console, page.server_errors)
    assert shot.exists()


def test_templates_have_no_inline_script_or_style():
    """What the policy would break, caught at its source: inline <script>, <style>, style=""
    and on*="" handlers in any template of the project."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    found = [f"{path}: {match.group(0)}" for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
             for match in inline.finditer(path.read_text())]
    assert found == []


def test_the_suite_waits_with_functions_only():
    """Playwright evals a bare wait_for_function expression on every poll, which this CSP blocks
    (EvalError, CI failure of 2026-12-02); a function string is evaluated once, through CDP."""
    bare = re.compile(r'wait_for_function\(r?"(?!\(?\w*\)? ?=>)')
    offenders = [f"{path}:{number}" for path in Path(__file__).parents[1].rglob("*.py")
                 for number, line in enumerate(path.read_text().splitlines(), 1) if bare.search(line)]
    assert offenders == []
