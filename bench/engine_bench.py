#!/usr/bin/env python
"""Engine benchmark on the active backend (KANDINSKY_MODEL, default tiny): per operation and
size, seconds per image and peak memory, printed as a table and recorded in the engine section
of docs/benchmarks.md with the machine it ran on (--no-docs: print only).

    python bench/engine_bench.py [--sizes 128 256 512] [--kinds text2img ...] [--no-docs]
"""
import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import torch
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from memory import PeakMemory  # noqa: E402
from docs_block import write_block  # noqa: E402

from generation.engine import KINDS, GenerationParams, load_backend, run  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- engine-bench:start -->", "<!-- engine-bench:end -->"


def inputs(kind: str, size: int) -> list:
    rng = np.random.default_rng(0)
    photo = Image.fromarray(rng.integers(0, 255, (size, size, 3), dtype=np.uint8))
    if kind == "text2img":
        return []
    if kind in ("inpaint", "outpaint"):
        rgba = np.array(photo.convert("RGBA"))
        if kind == "inpaint":
            rgba[size // 4: size // 2, size // 4: size // 2, 3] = 0
        else:
            rgba[:, size // 2:, 3] = 0  # the window hangs half outside
        return [Image.fromarray(rgba, "RGBA")]
    if kind == "mix":
        return [photo, photo.transpose(Image.FLIP_LEFT_RIGHT)]
    return [photo]


def measure(backend, kind: str, size: int, repeats: int) -> dict:
    params = GenerationParams(prompt="a lighthouse at dawn", width=size, height=size, seed=0)
    if kind in ("inpaint", "outpaint", "fusion", "variation"):
        params.width = params.height = None  # these follow the input picture's size
    images = inputs(kind, size)
    run(backend, kind, params, images)  # warm-up: first-call allocations and kernel selection
    times, cpu_times = [], []
    with PeakMemory(backend.device) as memory:
        for _ in range(repeats):
            start, cpu_start = time.perf_counter(), time.process_time()
            result = run(backend, kind, params, images)
            if backend.device.type == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    steps = result.metadata["total_steps"]
    # CPU seconds too: on a shared machine wall time mostly measures the neighbours.
    return {"kind": kind, "size": size, "s_per_image": min(times), "cpu_s": min(cpu_times), "steps": steps,
            "it_s": steps / min(times), "peak_mb": memory.peak_mb}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU"
    return (f"{cpu}, {psutil.cpu_count()} CPU threads (torch uses {torch.get_num_threads()}), "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, {gpu}; torch {torch.__version__}, "
            f"Python {platform.python_version()}; load average during the run {os.getloadavg()[0]:.1f}")


def table(rows: list[dict], backend) -> str:
    info = backend.info()
    lines = [
        f"Backend `{info['name']}` on {info['device']} ({info['dtype']}); default steps: prior "
        f"{info['default_prior_steps']} + decoder {info['default_steps']} (fusion runs strength × decoder steps).",
        "",
        "| operation | size | s / image (wall) | CPU s / image | steps | steps/s (wall) | peak memory (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['kind']} | {r['size']}² | {r['s_per_image']:.3f} | {r['cpu_s']:.3f} | {r['steps']} | "
              f"{r['it_s']:.1f} | {r['peak_mb']:.0f} |" for r in rows]
    return "\n".join(lines)


def write_docs(text: str, start: str = START, end: str = END, heading: str = "## Engine (active backend)") -> None:
    """Replace only our marked block of docs/benchmarks.md (other sections belong to others)."""
    write_block(DOCS, start, end, text, heading)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "2")))
    parser.add_argument("--no-docs", dest="write_docs", action="store_false")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    backend = load_backend(os.environ.get("KANDINSKY_MODEL", "tiny"), os.environ.get("KANDINSKY_MODELS_DIR"))
    sizes = args.sizes or ([128, 256, 512] if backend.name == "tiny" else [512, 768, 1024])
    rows = []
    for size in sizes:
        for kind in args.kinds:
            rows.append(measure(backend, kind, size, args.repeats))
            r = rows[-1]
            print(f"{kind:10} {size:5}  {r['s_per_image']:.3f} s/image  {r['cpu_s']:.3f} CPU s  "
                  f"{r['peak_mb']:.0f} MiB", file=sys.stderr)
    text = table(rows, backend) + f"\n\nMachine: {machine()}. Date: {time.strftime('%Y-%m-%d')}."
    print(text)
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
