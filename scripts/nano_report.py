"""docs/nano-loss.png (loss per stage from var/nano/loss.jsonl) and docs/nano-samples.png (a grid:
held-out prompts drawn by the shipped nano weights, each beside its rendered ground truth)."""
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generation.engine import GenerationParams, load_backend, run  # noqa: E402
from generation.engine.nano.dataset import caption, render  # noqa: E402
from generation.engine.nano.quality import held_out_scenes  # noqa: E402


def loss_plot(log: Path, out: Path, w=240, h=120):
    rows = [json.loads(line) for line in log.read_text().splitlines()]
    stages = list(dict.fromkeys(r["stage"] for r in rows))
    # A resumed run logs the steps since its last checkpoint again: the later row is the one kept.
    rows = sorted({(r["stage"], r["step"]): r for r in rows}.values(), key=lambda r: r["step"])
    canvas = Image.new("RGB", (w * len(stages), h + 20), "white")
    d = ImageDraw.Draw(canvas)
    for i, st in enumerate(stages):
        pts = [(r["step"], r["loss"]) for r in rows if r["stage"] == st]
        xs, ys = np.array([p[0] for p in pts], float), np.log10(np.array([p[1] for p in pts]))
        x0 = i * w
        d.rectangle([x0 + 4, 4, x0 + w - 4, h], outline="grey")
        sx = (w - 12) / max(xs.max() - xs.min(), 1)
        sy = (h - 12) / max(ys.max() - ys.min(), 1e-6)
        line = [(x0 + 6 + (x - xs.min()) * sx, h - 4 - (y - ys.min()) * sy) for x, y in zip(xs, ys)]
        if len(line) > 1:
            d.line(line, fill=(35, 75, 190), width=2)
        d.text((x0 + 8, h + 4), f"{st}: {pts[0][1]:.3f} -> {pts[-1][1]:.3f} (log)", fill="black")
    canvas.save(out)


def sample_grid(out: Path, count=8):
    torch.set_num_threads(2)
    backend = load_backend("nano", device="cpu")
    tiles = []
    for i, scene in enumerate(held_out_scenes(count)):
        for lang in ("en", "ru"):
            img = run(backend, "text2img", GenerationParams(prompt=caption(scene, lang), seed=i)).images[0]
            tiles.append(img.convert("RGB").resize((128, 128), Image.NEAREST))
        tiles.append(Image.fromarray(render(scene)).resize((128, 128), Image.NEAREST))
    grid = Image.new("RGB", (3 * 132, count * 132), "white")
    for k, t in enumerate(tiles):
        grid.paste(t, ((k % 3) * 132, (k // 3) * 132))
    grid.save(out)


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--log", type=Path, default=ROOT / "var" / "nano" / "loss.jsonl",
                   help="the training run's loss.jsonl (its --work folder)")
    loss_plot(p.parse_args().log, ROOT / "docs" / "nano-loss.png")
    sample_grid(ROOT / "docs" / "nano-samples.png")
