"""Tile history in Chromium: undo/redo restore the exact pixels, only touched tiles are kept,
the byte budget drops the oldest steps, and a 4096² picture autosaves."""

from .editor_helpers import drag, open_editor, pattern_png, pixels, upload

TILE_BYTES = 256 * 256 * 4


def test_undo_redo_restore_exact_pixels_across_tile_borders(alice_page, tmp_path):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(640, 640)))
    bounds = page.evaluate("kstudio.doc.bounds()")
    assert bounds["x"] % 256 != 0  # the picture straddles tile borders at odd offsets
    states = [pixels(page, bounds)]

    page.keyboard.press("e")
    page.evaluate("kstudio.setBrushSize(40)")
    # Strokes across the tile borders of the world grid, then the restore brush over them.
    x0, y0 = bounds["x"], bounds["y"]
    for start, end in [((x0 + 20, y0 + 250), (x0 + 620, y0 + 270)), ((x0 + 250, y0 + 20), (x0 + 270, y0 + 620))]:
        drag(page, start, end)
        states.append(pixels(page, bounds))
    page.keyboard.press("r")
    drag(page, (x0 + 100, y0 + 260), (x0 + 400, y0 + 260))
    states.append(pixels(page, bounds))
    # An accepted result growing the layer past its edge (outpainting).
    page.evaluate("""r => {
        const c = document.createElement('canvas'); c.width = r.w; c.height = r.h;
        const ctx = c.getContext('2d'); ctx.fillStyle = 'rgb(10, 200, 30)'; ctx.fillRect(0, 0, r.w, r.h);
        kstudio.doc.placeOnTop(c, r); kstudio.pixelsChanged(true); }""",
                  {"x": x0 + 500, "y": y0 + 500, "w": 256, "h": 256})
    grown = page.evaluate("kstudio.doc.bounds()")
    assert grown["w"] > bounds["w"]
    states.append(pixels(page, grown))
    assert len(set(states)) == len(states)  # every step changed something

    # Each eraser step keeps only the tiles it touched, far less than the layer.
    kept = page.evaluate("kstudio.history.stack.map(s => s.change ? s.change.bytes : 0)")
    assert 0 < kept[1] <= 6 * TILE_BYTES < 640 * 640 * 4

    page.keyboard.press("Control+z")
    assert page.evaluate("kstudio.doc.bounds()") == bounds
    for expected in reversed(states[:-1]):
        assert pixels(page, bounds) == expected
        page.keyboard.press("Control+z")
    assert page.evaluate("kstudio.doc.isEmpty")
    for expected in states[:-1]:
        page.keyboard.press("Control+Shift+z")
        assert pixels(page, bounds) == expected
    page.keyboard.press("Control+Shift+z")
    assert pixels(page, grown) == states[-1]
    assert not page.console_errors, page.console_errors


def test_byte_budget_drops_the_oldest_steps(alice_page, tmp_path):
    page = open_editor(alice_page)
    upload(page, pattern_png(tmp_path, size=(512, 512)))
    bounds = page.evaluate("kstudio.doc.bounds()")
    # Room for three one-tile steps: each dab sits inside one tile of the world grid.
    page.evaluate(f"kstudio.history.byteLimit = {3 * TILE_BYTES}")
    tile_x = (bounds["x"] // 256 + 1) * 256
    tile_y = (bounds["y"] // 256 + 1) * 256
    states = []
    for i in range(5):
        page.evaluate("([x, y]) => { kstudio.doc.dab('eraser', x, y, 10); kstudio.pixelsChanged(true); }",
                      [tile_x + 30 + i * 40, tile_y + 30])
        states.append(pixels(page, bounds))
    assert page.evaluate("kstudio.history.bytes") == 3 * TILE_BYTES
    undos = 0
    while page.evaluate("kstudio.history.undo()"):
        undos += 1
    assert undos == 3  # the upload and the first two dabs are gone
    assert pixels(page, bounds) == states[1]
    for expected in states[2:]:
        page.evaluate("kstudio.history.redo()")
        assert pixels(page, bounds) == expected


def test_a_4096_canvas_autosaves(alice_page):
    page = open_editor(alice_page)
    # Noise: the PNG stays about as large as the raw pixels (64 MiB), a busy canvas's worst case.
    page.evaluate("""() => {
        const size = 4096, c = document.createElement('canvas'); c.width = c.height = size;
        const ctx = c.getContext('2d'), rows = 256, data = new ImageData(size, rows);
        const words = new Uint32Array(data.data.buffer);
        for (let y = 0; y < size; y += rows) {
          for (let i = 0; i < words.length; i += 16384) crypto.getRandomValues(words.subarray(i, i + 16384));
          for (let i = 0; i < words.length; i++) words[i] |= 0xff000000;
          ctx.putImageData(data, 0, y);
        }
        kstudio.placePicture(c);
    }""")
    page.wait_for_selector("#ed-save-state[data-state=saved]", timeout=120_000)
    saved = page.evaluate("fetch('/api/v1/canvas/').then(r => r.json())")
    assert saved["picture_url"]
    size = page.evaluate("""url => fetch(url).then(r => r.blob()).then(b => createImageBitmap(b))
                             .then(i => [i.width, i.height])""", saved["picture_url"])
    assert size == [4096, 4096]
    assert not page.console_errors, page.console_errors
