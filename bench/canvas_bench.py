"""Browser benchmark of the editor canvas at 4096²: strokes, undo/redo, pan/zoom and memory.

Runs the editor's own modules (static/editor: Doc, View, History, the eraser tool) in Debian's
Chromium through Playwright, from a static harness page, so no server, login or worker is needed.
`--ref COMMIT` runs the modules of another commit instead (the figures "before" in
docs/benchmarks.md come from the commit before tile history). Prints a table; `--record` writes it
into docs/benchmarks.md between the canvas-bench markers.

    .venv/bin/python bench/canvas_bench.py [--size 4096] [--strokes 50] [--undos 50] [--ref COMMIT] [--record]
"""

import argparse
import functools
import http.server
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright
from docs_block import write_block

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MIB = 1024 * 1024

# The harness wires the modules the way static/editor/main.js does. Commits before tile history
# had a History over whole snapshots (Doc.snapshot/restore); that wiring is kept so --ref can
# measure them.
HARNESS_JS = r"""
import { Doc } from "./canvas/layers.js";
import { Frame } from "./canvas/frame.js";
import { View } from "./canvas/view.js";
import { History } from "./history.js";
import { brushTool } from "./tools/brush.js";
import * as surface from "./canvas/surface.js";

const { createSurface } = surface;

const canvas = document.getElementById("view");
const ed = { doc: new Doc(), frame: new Frame(), brushSize: 48 };
ed.view = new View(canvas, ed.doc, ed.frame);
const legacy = typeof Doc.prototype.snapshot === "function";
if (legacy) {
  ed.history = new History(
    () => ({ layers: ed.doc.snapshot(), frame: ed.frame.toJSON() }),
    (snap) => { ed.doc.restore(snap.layers); ed.frame.set(snap.frame, snap.frame.aspect); },
  );
} else {
  ed.history = new History(ed.doc, () => ed.frame.toJSON(), (f) => ed.frame.set(f, f.aspect));
}
ed.pixelsChanged = (commit) => { if (commit) ed.history.commit(); };
ed.frameChanged = ed.pixelsChanged;
const eraser = brushTool(ed, "eraser");

// Distinct canvases the history holds (the old design) or its own byte count (tile history).
function historyBytes() {
  if (!legacy) return ed.history.bytes;
  const seen = new Set();
  for (const snap of ed.history.stack) for (const item of snap.layers) {
    seen.add(item.canvas);
    seen.add(item.pristine);
  }
  let bytes = 0;
  for (const c of seen) bytes += c.width * c.height * 4;
  return bytes;
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const ms = (list) => list.reduce((a, b) => a + b, 0) / list.length;

window.bench = async ({ size, strokes, undos }) => {
  const picture = createSurface(size, size);
  const ctx = picture.getContext("2d");
  const gradient = ctx.createLinearGradient(0, 0, size, size);
  gradient.addColorStop(0, "#c0392b");
  gradient.addColorStop(1, "#2980b9");
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, size, size);
  ed.doc.addLayer(picture, 0, 0);
  ed.history.reset();
  ed.view.fit({ x: 0, y: 0, w: size, h: size });
  await frame();

  // Strokes: diagonal lines of 20 pointer moves each, spread over the picture.
  const strokeMs = [], moveMs = [];
  for (let i = 0; i < strokes; i++) {
    const y0 = ((i * 997) % (size - 600)) + 300, x0 = ((i * 613) % (size / 2)) + 100;
    const t0 = performance.now();
    eraser.down({ world: { x: x0, y: y0 } });
    for (let k = 1; k <= 20; k++) {
      const m0 = performance.now();
      eraser.move({ world: { x: x0 + k * 60, y: y0 + k * 15 }, screen: { x: 0, y: 0 } });
      moveMs.push(performance.now() - m0);
    }
    eraser.up();
    strokeMs.push(performance.now() - t0);
    await frame();
  }
  const afterStrokes = historyBytes();

  const undoMs = [], redoMs = [];
  const n = Math.min(undos, strokes);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    ed.history.undo();
    ed.view.draw();
    undoMs.push(performance.now() - t0);
  }
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    ed.history.redo();
    ed.view.draw();
    redoMs.push(performance.now() - t0);
  }

  // Pan/zoom: the view redraws the whole picture each frame.
  const frameMs = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    if (i % 2) ed.view.panBy(7, -3); else ed.view.zoomTo(ed.view.zoom * (i % 4 ? 1.03 : 0.97));
    ed.view.draw();
    frameMs.push(performance.now() - t0);
  }
  const sorted = [...frameMs].sort((a, b) => a - b);

  // Autosave of the picture: flattening runs on the page, encoding where autosave.js puts it
  // (a worker, or toBlob before); the longest gap between animation frames meanwhile is what
  // painting would feel.
  const f0 = performance.now();
  const flat = ed.doc.flatten();
  const flattenMs = performance.now() - f0;
  const encode = surface.encodePng || surface.surfaceToBlob;
  let done = false, gap = 0, last = performance.now();
  const tick = () => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    if (!done) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const e0 = performance.now();
  const blob = await encode(flat.canvas);
  const encodeMs = performance.now() - e0;
  done = true;
  return {
    flattenMs, encodeMs, encodeGapMs: gap, pngBytes: blob.size,
    legacy,
    steps: ed.history.stack.length,
    layerBytes: size * size * 4,
    historyBytes: afterStrokes,
    strokeMs: ms(strokeMs), moveMaxMs: Math.max(...moveMs),
    undoMs: ms(undoMs), redoMs: ms(redoMs),
    frameMs: ms(frameMs), frameP95Ms: sorted[Math.floor(sorted.length * 0.95)],
  };
};
window.benchReady = true;
"""

HARNESS_HTML = """<!doctype html><meta charset="utf-8"><title>canvas bench</title>
<style>html,body{margin:0}canvas{display:block;width:1280px;height:800px}</style>
<canvas id="view"></canvas><script type="module" src="harness.js"></script>"""


def _copy_modules(ref, target):
    """static/editor of the working tree, or of commit `ref`, into target."""
    if ref is None:
        shutil.copytree(ROOT / "static" / "editor", target)
        return
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", ref, "static/editor/"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    for name in names:
        out = target / Path(name).relative_to("static/editor")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(subprocess.run(["git", "show", f"{ref}:{name}"], cwd=ROOT, check=True,
                                       capture_output=True).stdout)


def _serve(directory):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _chromium_rss():
    """Resident memory of the Chromium processes this script started (all of them)."""
    total = 0
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name():
                total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def run(size, strokes, undos, ref):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "editor"
        _copy_modules(ref, root)
        (root / "harness.js").write_text(HARNESS_JS)
        (root / "harness.html").write_text(HARNESS_HTML)
        server = _serve(root)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"http://127.0.0.1:{server.server_port}/harness.html")
                page.wait_for_function("window.benchReady === true")
                cdp = page.context.new_cdp_session(page)
                cdp.send("HeapProfiler.collectGarbage")
                heap_before = cdp.send("Runtime.getHeapUsage")["usedSize"]
                rss_before = _chromium_rss()
                result = page.evaluate("args => bench(args)", {"size": size, "strokes": strokes, "undos": undos})
                cdp.send("HeapProfiler.collectGarbage")
                result["heapBytes"] = cdp.send("Runtime.getHeapUsage")["usedSize"]
                result["heapGrowthBytes"] = result["heapBytes"] - heap_before
                result["rssGrowthBytes"] = _chromium_rss() - rss_before
                browser.close()
        finally:
            server.shutdown()
    return result


def table(r, size, strokes, ref):
    full_copy = (strokes + 2) * r["layerBytes"]  # a whole layer per step + the start + the pristine copy
    design = "full copies per step" if r["legacy"] else "tiles, copy-on-write"
    rows = [
        ("history design", design),
        ("history held after strokes (MiB)", f"{r['historyBytes'] / MIB:.1f}"),
        ("full-copy design for the same steps (MiB)", f"{full_copy / MIB:.0f}"),
        ("history / full-copy", f"{100 * r['historyBytes'] / full_copy:.1f} %"),
        ("Chromium RSS growth (MiB)", f"{r['rssGrowthBytes'] / MIB:.0f}"),
        ("JS heap after, used (MiB)", f"{r['heapBytes'] / MIB:.1f}"),
        ("ms per stroke (20 moves + commit)", f"{r['strokeMs']:.1f}"),
        ("slowest pointer move (ms)", f"{r['moveMaxMs']:.1f}"),
        ("ms per undo (incl. one redraw)", f"{r['undoMs']:.1f}"),
        ("ms per redo (incl. one redraw)", f"{r['redoMs']:.1f}"),
        ("pan/zoom frame, mean / p95 (ms)", f"{r['frameMs']:.1f} / {r['frameP95Ms']:.1f}"),
        ("autosave: flatten on the page (ms)", f"{r['flattenMs']:.1f}"),
        ("autosave: PNG encode, total (ms)", f"{r['encodeMs']:.0f}"),
        ("autosave: longest frame gap while encoding (ms)", f"{r['encodeGapMs']:.1f}"),
        ("autosave: PNG size (MiB)", f"{r['pngBytes'] / MIB:.1f}"),
    ]
    head = f"{size}² layer, {strokes} eraser strokes (brush 48), then undo ×{strokes} and redo ×{strokes}"
    lines = [head + (f" — modules of commit `{ref}`" if ref else "") + ".", "", "| measure | value |", "|---|---:|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    load = psutil.getloadavg()[0]
    lines += ["", f"Machine: {platform.machine()}, {psutil.cpu_count()} CPU threads, Chromium "
              f"{_chromium_version()} (software rendering), load average {load:.1f}. Date: {time.strftime('%Y-%m-%d')}."]
    return "\n".join(lines)


def _chromium_version():
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"\d+(\.\d+)+", out)
    return match.group(0) if match else "?"


def record(text, key):
    write_block(DOCS, f"<!-- canvas-bench:{key}:start -->", f"<!-- canvas-bench:{key}:end -->", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--strokes", type=int, default=50)
    parser.add_argument("--undos", type=int, default=50)
    parser.add_argument("--ref", help="measure the modules of this commit instead of the working tree")
    parser.add_argument("--record", action="store_true", help="write the table into docs/benchmarks.md")
    parser.add_argument("--json", action="store_true", help="print the raw figures too")
    args = parser.parse_args()
    result = run(args.size, args.strokes, args.undos, args.ref)
    text = table(result, args.size, args.strokes, args.ref)
    print(text)
    if args.json:
        print(json.dumps(result, indent=2))
    if args.record:
        record(text, "before" if args.ref else "after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
