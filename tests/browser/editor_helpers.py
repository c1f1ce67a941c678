"""Driving the editor page from Playwright: open it, put pictures on it, read pixels back."""

import base64
import io

from PIL import Image as PILImage


def open_editor(page, path="/editor/"):
    page.goto(path)
    page.wait_for_selector("#editor[data-ready=true]")
    return page


def pattern_png(tmp_path, size=(256, 256), name="pattern.png"):
    """A picture with distinct pixels everywhere, so any change shows up."""
    width, height = size
    image = PILImage.new("RGBA", size)
    image.putdata([((x * 7) % 256, (y * 5) % 256, (x + y) % 256, 255) for y in range(height) for x in range(width)])
    path = tmp_path / name
    image.save(path)
    return path


def upload(page, path):
    before = page.evaluate("kstudio.doc.version")
    page.set_input_files("#ed-upload", str(path))
    page.wait_for_function("v => kstudio.doc.version > v", arg=before)


def pixels(page, rect):
    """RGBA bytes of the composed picture inside a world rectangle.

    They cross as one base64 string: returned as an array, a 640² picture is 1.6 M numbers that
    Playwright's driver serialises one object each, and a CI run lost the driver to it."""
    return base64.b64decode(page.evaluate(
        """r => { const data = kstudio.doc.crop(r).getContext('2d').getImageData(0, 0, r.w, r.h).data;
                  let text = '';
                  for (let i = 0; i < data.length; i += 0x8000) {
                      text += String.fromCharCode.apply(null, data.subarray(i, i + 0x8000)); }
                  return btoa(text); }""",
        rect,
    ))


def to_screen(page, x, y):
    """Page coordinates of a world point (for mouse actions)."""
    return page.evaluate(
        """([x, y]) => { const p = kstudio.view.toScreen(x, y);
             const b = kstudio.view.canvas.getBoundingClientRect();
             return [b.left + p.x, b.top + p.y]; }""",
        [x, y],
    )


def drag(page, start, end, steps=12):
    page.mouse.move(*to_screen(page, *start))
    page.mouse.down()
    page.mouse.move(*to_screen(page, *end), steps=steps)
    page.mouse.up()


def as_image(data, width, height):
    return PILImage.frombytes("RGBA", (width, height), data)


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
