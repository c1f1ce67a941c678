"""The editor under the nano backend: clickable example prompts in the page's language, and the
window, sizes and steps of nano's limits (default 64², at most 128).

The live worker runs tiny (fast); the page's GET /api/v1/models/ is answered with exactly what a
nano worker announces, as the API serves it (nano_backend().info())."""

import json

from .editor_helpers import open_editor


def nano_info():
    from generation.engine.backends.nano import nano_backend

    return nano_backend().info()


def serve_models(page, info, unavailable_first=0):
    """Answers the page's model-info requests with `info`; the first `unavailable_first` with the
    503 a fleet still loading the model gives."""
    calls = []

    def answer(route):
        calls.append(route.request.url)
        if len(calls) <= unavailable_first:
            route.fulfill(status=503, content_type="application/json", headers={"Retry-After": "30"},
                          body=json.dumps({"error": {"code": "model_unavailable", "message": "…"}}))
        else:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(info))

    page.route("**/api/v1/models/", answer)
    return calls


def example_texts(page):
    return page.locator("#ed-examples .ed-example").all_inner_texts()


def test_nano_examples_fill_the_prompt_in_both_languages(alice_page, screenshot):
    page = alice_page
    info = nano_info()
    serve_models(page, info)
    open_editor(page)
    page.wait_for_function("() => document.querySelectorAll('#ed-examples .ed-example').length > 0")
    assert example_texts(page) == info["examples"]["en"]
    assert page.locator("#ed-examples-label").inner_text() == "Try an example:"

    # nano's limits: a 64² window by default, presets within 128, steps up to 100 (25 by default).
    assert page.locator("#ed-window-size").inner_text() == "64 × 64"
    assert page.eval_on_selector("#ed-steps", "e => [e.max, e.placeholder]") == ["100", "25"]
    assert page.evaluate("() => kstudio.brushSize") == 12  # in proportion to the picture (48 at 256²)
    assert page.input_value("#ed-strength") == "0.7"  # fusion's slider at nano's default_strength
    page.click("[data-aspect='16:9']")
    assert page.locator("#ed-window-size").inner_text() == "128 × 64"
    page.click("[data-aspect='1:1']")

    page.locator("#ed-examples .ed-example").nth(2).click()
    assert page.input_value("#ed-prompt") == info["examples"]["en"][2]
    assert page.evaluate("() => document.activeElement.id") == "ed-prompt"
    screenshot(page, "nano-examples")

    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_selector("html[lang=ru]")
    open_editor(page)
    page.wait_for_function("() => document.querySelectorAll('#ed-examples .ed-example').length > 0")
    assert example_texts(page) == info["examples"]["ru"]
    assert page.locator("#ed-examples-label").inner_text() == "Попробуйте пример:"
    assert page.get_attribute("#ed-examples .ed-example >> nth=0", "title") == "Вставить этот запрос в поле запроса"
    page.locator("#ed-examples .ed-example").first.click()
    assert page.input_value("#ed-prompt") == "жёлтый треугольник на синем фоне"
    screenshot(page, "nano-examples-russian")
    assert page.console_errors == [] and page.server_errors == []


def test_limits_that_arrive_late_still_size_the_window(alice_page):
    """A 503 at first (the worker still loading nano): the window placed with the fallback
    size takes nano's 64² once the info comes."""
    page = alice_page
    calls = serve_models(page, nano_info(), unavailable_first=1)
    open_editor(page)
    page.wait_for_function("() => document.querySelector('#ed-window-size').textContent === '64 × 64'",
                           timeout=15000)
    assert len(calls) >= 2
    assert page.locator("#ed-examples .ed-example").count() == len(nano_info()["examples"]["en"])


def test_no_examples_for_a_backend_without_them(alice_page):
    page = open_editor(alice_page)  # the live worker's own tiny info: examples {}
    page.wait_for_function("() => document.querySelector('#ed-window-size').textContent === '256 × 256'")
    assert page.locator("#ed-examples").is_hidden()
    assert page.evaluate("() => kstudio.brushSize") == 48
    assert page.locator("#ed-examples .ed-example").count() == 0


def test_a_chosen_strength_outlives_the_models_default(alice_page):
    """The slider starts at the model's default_strength; once the user moves it, a reload (the
    autosave, then the model's info again) keeps theirs, even 0.5 (the fixed default of older
    saves, which alone would not count as chosen)."""
    page = alice_page
    serve_models(page, nano_info())
    open_editor(page)
    page.wait_for_function("() => document.getElementById('ed-strength').value === '0.7'")
    # The slider shows in fusion mode only (a picture under the window): moved as a drag does.
    page.eval_on_selector("#ed-strength",
                          "e => { e.value = '0.5'; e.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.evaluate("() => kstudio.autosave.flush()")
    page.wait_for_selector("#ed-save-state[data-state=saved]")
    page.reload()
    page.wait_for_selector("#editor[data-ready=true]")
    page.wait_for_function("() => document.querySelectorAll('#ed-examples .ed-example').length > 0")  # info came
    assert page.input_value("#ed-strength") == "0.5"
    assert page.console_errors == [] and page.server_errors == []
