#!/usr/bin/env python
"""nano quality benchmark: held-out prompts (a colour x shape pair never trained on) drawn by the
nano backend and judged by generation/engine/nano/evaluate.py, English and Russian side by side;
the other operations (inpainting with and without a prompt, outpainting, fusion, mix,
variations; generation/engine/nano/quality.OPERATIONS) over several seeds; and seconds per
text2img picture: nano at its own 64² and at 256² beside tiny's 256², default steps.
--record writes the tables into the nano section of docs/benchmarks.md.

    python bench/nano_bench.py [--count 500] [--seeds 10] [--record]
    python bench/nano_bench.py --quick        # 8 prompts per language, 2 seeds: a smoke run
    python bench/nano_bench.py --weights var/nano-out   # a retrain's weights, before shipping them
"""
import argparse
import dataclasses
import platform
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generation.engine import load_backend  # noqa: E402
from generation.engine.backends.nano import WEIGHTS, load_nano  # noqa: E402
from generation.engine.nano.quality import (OPERATIONS, SHAPE_SPLIT, ceiling_scores, held_out_scenes,  # noqa: E402
                                            prior_accuracy, text2img_scores, twin_accuracy)
from generation.engine.params import GenerationParams  # noqa: E402
from generation.engine.runner import run  # noqa: E402
from docs_block import write_block  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- nano-bench:start -->", "<!-- nano-bench:end -->"
TARGETS = {"ground": 0.95, "colour": 0.90, "position": 0.85, "shape": 0.75}
LANGUAGES = {"en": "English", "ru": "Russian"}


def seconds_per_image(backend, size: int, count: int) -> float:
    """text2img at size², default steps, after one warm-up picture."""
    params = dict(prompt="a yellow triangle on a blue background", width=size, height=size)
    run(backend, "text2img", GenerationParams(seed=0, **params))
    t = time.perf_counter()
    for i in range(count):
        run(backend, "text2img", GenerationParams(seed=i + 1, **params))
    return (time.perf_counter() - t) / count


def speed_rows(nano, count: int) -> list[str]:
    # nano's own ceiling is 128², so the 256² row lifts it for the comparison the issue asks.
    nano_256 = dataclasses.replace(nano, limits=dataclasses.replace(nano.limits, max_size=256))
    tiny = load_backend("tiny", device="cpu")
    rows = [("nano", nano, nano.limits.default_size), ("nano", nano_256, 256), ("tiny", tiny, 256)]
    lines = ["| backend | size | decoder / prior steps | seconds per image |", "|---|---|---|---|"]
    for name, backend, size in rows:
        lim = backend.limits
        secs = seconds_per_image(backend, size, count)
        lines.append(f"| {name} | {size}² | {lim.default_steps} / {lim.default_prior_steps} | {secs:.2f} |")
    return lines


def main():
    p = argparse.ArgumentParser()
    # 500, not the minimum of 200: draws of 150-200 prompts differed by up to 13 points of
    # shape and 4 of position for the same weights, more than the margins the targets are judged by.
    # The first 200 are the earlier bench's draw (held_out_scenes continues one random stream).
    p.add_argument("--count", type=int, default=500, help="held-out prompts per language")
    p.add_argument("--seeds", type=int, default=10, help="seeds per operation (inpaint, outpaint, fusion, ...)")
    p.add_argument("--speed-images", type=int, default=3, help="timed pictures per speed row")
    p.add_argument("--quick", action="store_true", help="8 prompts, 2 seeds, 1 timed picture: a smoke run")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--weights", type=Path, default=WEIGHTS,
                   help="the folder of nano weights to judge (default weights/nano/), e.g. a retrain's --out")
    p.add_argument("--record", action="store_true")
    args = p.parse_args()
    if args.quick:
        args.count, args.seeds, args.speed_images = 8, 2, 1
    torch.set_num_threads(args.threads)
    backend = load_nano(device="cpu", weights=args.weights)
    scenes = held_out_scenes(args.count)
    rows, secs = {}, {}
    for lang in ("en", "ru"):
        t = time.perf_counter()
        rows[lang] = text2img_scores(backend, scenes, lang)
        secs[lang] = (time.perf_counter() - t) / len(scenes)
    lim = backend.limits
    lines = [f"nano, {args.count} held-out prompts per language, {lim.default_size}² with {lim.default_steps} "
             f"decoder / {lim.default_prior_steps} prior steps, {torch.get_num_threads()} threads, "
             f"{platform.processor() or platform.machine()}:", "",
             "| measure | target | English | Russian |", "|---|---|---|---|"]
    for k, target in TARGETS.items():
        lines.append(f"| {k} | ≥ {target:.0%} | {rows['en'][k]:.1%} | {rows['ru'][k]:.1%} |")
    for k in SHAPE_SPLIT:  # where shape is lost: drawing a pair never seen, or drawing at all
        lines.append(f"| {k} | | {rows['en'][k]:.1%} | {rows['ru'][k]:.1%} |")
    lines.append(f"| seconds per image | | {secs['en']:.2f} | {secs['ru']:.2f} |")
    lines += ["", f"What the stages leave possible on the same {args.count} scenes (ceiling_scores: no text, "
                  "no prior; text2img cannot score above these):", "",
              "| drawn by | ground | colour | position | shape | " + " | ".join(SHAPE_SPLIT) + " |",
              "|---" * (len(TARGETS) + len(SHAPE_SPLIT) + 1) + "|"]
    for name, sc in ceiling_scores(backend, scenes).items():
        lines.append(f"| {name} | " + " | ".join(f"{sc[k]:.1%}" for k in (*TARGETS, *SHAPE_SPLIT)) + " |")
    prior = backend.prior
    twins = {f"CLIP text encoder, {name}": twin_accuracy(prior.text_encoder, prior.image_encoder, prior.tokenizer,
                                                         count=args.count, langs=(lang,))
             for lang, name in LANGUAGES.items()}
    twins.update({f"prior, {name}": prior_accuracy(backend, lang, count=args.count)
                  for lang, name in LANGUAGES.items()})
    kinds = list(twins["prior, English"])
    lines += ["", f"The text side on {args.count} held-out scenes, each beside a variant with one thing changed "
                  "or two traded "
                  "(twin_accuracy, prior_accuracy: the caption's embedding nearer its own picture's than the "
                  "variant's; 50 % is chance; cosine: the prior's embedding to its own picture's):", "",
              "| embedding of the caption | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(f"{row[k]:.{3 if k == 'cosine' else 1}{'f' if k == 'cosine' else '%'}}"
                                          if k in row else "" for k in kinds) + " |" for name, row in twins.items()]
    lines += ["", f"The other operations on rendered 64² pictures, {args.seeds} seeds each, default steps "
                  "(generation/engine/nano/quality.py):", "",
              "| operation | measured as | mean |", "|---|---|---|"]
    for name, (measure, meaning) in OPERATIONS.items():
        value = sum(measure(backend, seed=s) for s in range(args.seeds)) / args.seeds
        lines.append(f"| {name} | {meaning} | {value:.1%} |")
    lines += ["", f"text2img speed, {args.speed_images} picture(s) per row after a warm-up "
                  "(nano at 256² with its 128² ceiling lifted for the comparison):", ""]
    lines += speed_rows(backend, args.speed_images)
    table = "\n".join(lines)
    print(table)
    if args.record:
        write_block(DOCS, START, END, table, heading="## nano (embedded trained backend)")

if __name__ == "__main__":
    main()
