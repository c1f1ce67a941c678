#!/usr/bin/env python
"""Real-size Kandinsky 2.2 on a GPU without downloading weights: every component is built from
its real config (../shared/models or --configs) with random weights in fp16 — the arithmetic is
the same as with the trained weights — and wrapped in the engine's own Backend, so the numbers
are for the engine's real code path (run()). Prints decoder/prior it/s, s per image and peak
memory at 512/768/1024; --write-docs adds them to docs/benchmarks.md.

    python bench/engine_gpu_bench.py [--configs ../shared/models] [--sizes 512 768 1024] [--write-docs]
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_bench import machine, write_docs  # noqa: E402
from memory import PeakMemory  # noqa: E402

from generation.engine import GenerationParams, run  # noqa: E402
from generation.engine.backends.base import Backend  # noqa: E402
from generation.engine.backends.pretrained import REAL_LIMITS  # noqa: E402
from generation.engine.backends.tokenizer import build_tokenizer  # noqa: E402

GPU_START, GPU_END = "<!-- engine-gpu-bench:start -->", "<!-- engine-gpu-bench:end -->"


def config(root: Path, repo: str, part: str) -> dict:
    name = "scheduler_config.json" if part == "scheduler" else "config.json"
    return json.loads((root / repo / part / name).read_text())


def build_backend(root: Path) -> Backend:
    import diffusers as d
    from transformers import (CLIPImageProcessorPil, CLIPTextConfig, CLIPTextModelWithProjection,
                              CLIPVisionConfig, CLIPVisionModelWithProjection)

    dev, dtype = torch.device("cuda"), torch.float16
    with torch.device(dev):  # initialise on the GPU: 5 B parameters are slow to init on CPU
        prior = d.KandinskyV22PriorPipeline(
            prior=d.PriorTransformer.from_config(config(root, "kandinsky-2-2-prior", "prior")),
            text_encoder=CLIPTextModelWithProjection(CLIPTextConfig(**config(root, "kandinsky-2-2-prior", "text_encoder"))),
            image_encoder=CLIPVisionModelWithProjection(
                CLIPVisionConfig(**config(root, "kandinsky-2-2-prior", "image_encoder"))),
            tokenizer=build_tokenizer(),  # offline stand-in: token ids < 600 fit the real vocabulary
            scheduler=d.UnCLIPScheduler.from_config(config(root, "kandinsky-2-2-prior", "scheduler")),
            image_processor=CLIPImageProcessorPil(crop_size=224, size=224, resample=3),
        )
        prior.prior.clip_std.data.fill_(1.0)
        movq = d.VQModel.from_config(config(root, "kandinsky-2-2-decoder", "movq"))
        unet = d.UNet2DConditionModel.from_config(config(root, "kandinsky-2-2-decoder", "unet"))
        inpaint_unet = d.UNet2DConditionModel.from_config(config(root, "kandinsky-2-2-decoder-inpaint", "unet"))
    scheduler = lambda: d.DDPMScheduler.from_config(config(root, "kandinsky-2-2-decoder", "scheduler"))  # noqa: E731
    pipes = dict(
        prior=prior,
        text2img=d.KandinskyV22Pipeline(unet=unet, scheduler=scheduler(), movq=movq),
        img2img=d.KandinskyV22Img2ImgPipeline(unet=unet, scheduler=scheduler(), movq=movq),
        inpaint=d.KandinskyV22InpaintPipeline(unet=inpaint_unet, scheduler=scheduler(), movq=movq),
    )
    for pipe in pipes.values():
        pipe.to(dev, dtype)
        pipe.set_progress_bar_config(disable=True)
    for module in (unet, inpaint_unet, movq):
        module.to(memory_format=torch.channels_last)
    return Backend(name="kandinsky-2.2 (random weights)", limits=REAL_LIMITS, device=dev, dtype=dtype, **pipes)


def timed(backend, kind, params, images=()) -> tuple[float, float, dict]:
    run(backend, kind, params, images)  # warm-up
    with PeakMemory(backend.device) as memory:
        start = time.perf_counter()
        result = run(backend, kind, params, images)
        torch.cuda.synchronize()
        elapsed = time.perf_counter() - start
    return elapsed, memory.peak_mb, result.metadata


def decoder_its(backend, size: int, steps: int) -> float:
    """Decoder-only it/s: the same text2img with 2 and with 2+steps decoder steps, difference."""
    base = GenerationParams(prompt="a lighthouse", width=size, height=size, seed=0, prior_steps=2)
    short, _, _ = timed(backend, "text2img", GenerationParams(**{**vars(base), "steps": 2}))
    long, _, _ = timed(backend, "text2img", GenerationParams(**{**vars(base), "steps": 2 + steps}))
    return steps / (long - short)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", default=str(ROOT.parent / "shared" / "models"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[512, 768, 1024])
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("No CUDA device: this benchmark needs a GPU.", file=sys.stderr)
        return 1
    backend = build_backend(Path(args.configs))
    rows = ["| size | decoder it/s (CFG b2) | text2img s/image (prior 25 + decoder 50) | peak GiB | "
            "inpaint s/image | inpaint peak GiB |", "|---:|---:|---:|---:|---:|---:|"]
    for size in args.sizes:
        params = GenerationParams(prompt="a lighthouse", width=size, height=size, seed=0, steps=50, prior_steps=25)
        its = decoder_its(backend, size, 20)
        t2i_s, t2i_mb, _ = timed(backend, "text2img", params)
        from PIL import Image
        hole = Image.new("RGBA", (size, size), (90, 120, 150, 255))
        hole.paste((0, 0, 0, 0), (size // 4, size // 4, size // 2, size // 2))
        inp_s, inp_mb, _ = timed(backend, "inpaint", params, [hole])
        rows.append(f"| {size}² | {its:.1f} | {t2i_s:.3f} | {t2i_mb / 1024:.1f} | {inp_s:.3f} | {inp_mb / 1024:.1f} |")
        print(rows[-1], flush=True)
    text = "\n".join(rows) + f"\n\nMachine: {machine()}. Date: {time.strftime('%Y-%m-%d')}."
    print(text)
    if args.write_docs:
        write_docs(text, GPU_START, GPU_END, "## Engine on a GPU (real-size 2.2, random weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
