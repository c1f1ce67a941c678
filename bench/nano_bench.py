#!/usr/bin/env python
"""nano quality benchmark: held-out prompts (a colour x shape pair never trained on) drawn by the
nano backend and judged by generation/engine/nano/evaluate.py, English and Russian side by side,
plus inpainting (yellow in the hole) and seconds per image. --record writes the table into the
nano section of docs/benchmarks.md.

    python bench/nano_bench.py [--count 200] [--record]
"""
import argparse
import platform
import re
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generation.engine import load_backend  # noqa: E402
from generation.engine.nano.quality import held_out_scenes, inpaint_yellow_circle, text2img_scores  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- nano-bench:start -->", "<!-- nano-bench:end -->"
TARGETS = {"ground": 0.95, "colour": 0.90, "position": 0.85, "shape": 0.75}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=200, help="held-out prompts per language")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--record", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    backend = load_backend("nano", device="cpu")
    scenes = held_out_scenes(args.count)
    rows, secs = {}, {}
    for lang in ("en", "ru"):
        t = time.perf_counter()
        rows[lang] = text2img_scores(backend, scenes, lang)
        secs[lang] = (time.perf_counter() - t) / len(scenes)
    hole = sum(inpaint_yellow_circle(backend, seed=s) for s in range(5)) / 5
    lim = backend.limits
    lines = [f"nano, {args.count} held-out prompts per language, {lim.default_size}² with {lim.default_steps} "
             f"decoder / {lim.default_prior_steps} prior steps, {torch.get_num_threads()} threads, "
             f"{platform.processor() or platform.machine()}:", "",
             "| measure | target | English | Russian |", "|---|---|---|---|"]
    for k, target in TARGETS.items():
        lines.append(f"| {k} | ≥ {target:.0%} | {rows['en'][k]:.1%} | {rows['ru'][k]:.1%} |")
    lines.append(f"| seconds per image | | {secs['en']:.2f} | {secs['ru']:.2f} |")
    lines += ["", f"Inpainting, 'a yellow circle' in a 32×32 hole (5 seeds): {hole:.1%} of the hole is yellow."]
    table = "\n".join(lines)
    print(table)
    if args.record:
        text = DOCS.read_text()
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda m: block, text, flags=re.S)
        else:
            text += f"\n## nano (embedded trained backend)\n\n{block}\n"
        DOCS.write_text(text)


if __name__ == "__main__":
    main()
