"""Command line for quick checks without the web app:

    python -m generation.engine.cli text2img --prompt "a red fox" -o fox.png
    python manage.py generate inpaint --image photo.png --mask mask.png -o filled.png
    python manage.py generate extend --image photo.png --extend 128 0 128 0 -o wide.png
"""
import argparse
import json
import os
import sys
from pathlib import Path

from PIL import Image

from .backends import BACKENDS, load_backend
from .errors import Cancelled, EngineError
from .extend import extend
from .params import KINDS, GenerationParams
from .runner import run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS + ("extend",))
    parser.add_argument("-o", "--output", default="out.png", help="PNG path; with -n > 1: out-1.png, out-2.png, ...")
    parser.add_argument("--prompt", default="")
    parser.add_argument("--negative-prompt", default="")
    parser.add_argument("--style", default="{prompt}", help="a template containing {prompt}")
    parser.add_argument("--image", action="append", default=[], help="input picture (repeat for mix)")
    parser.add_argument("--mask", help="inpaint mask, white = repaint")
    parser.add_argument("--width", type=int)
    parser.add_argument("--height", type=int)
    parser.add_argument("--aspect-ratio")
    parser.add_argument("--steps", type=int)
    parser.add_argument("--prior-steps", type=int)
    parser.add_argument("--guidance-scale", type=float, default=4.0)
    parser.add_argument("--seed", type=int)
    parser.add_argument("-n", "--num-images", type=int, default=1)
    parser.add_argument("--strength", type=float, help="fusion: 0 = the image, 1 = the prompt (default: the backend's)")
    parser.add_argument("--weights", type=float, nargs="+")
    parser.add_argument("--prompts", nargs="+", help="mix: extra text prompts")
    parser.add_argument("--extend", type=int, nargs=4, metavar=("LEFT", "TOP", "RIGHT", "BOTTOM"), default=[0] * 4)
    parser.add_argument("--backend", default=os.environ.get("KANDINSKY_MODEL", "nano"), choices=BACKENDS)
    parser.add_argument("--models-dir", default=os.environ.get("KANDINSKY_MODELS_DIR"))
    parser.add_argument("--device")


class ProgressBar:
    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, step: int, total: int, preview) -> None:
        filled = self.width * step // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {step}/{total}")
        if step >= total:
            self.stream.write("\n")
        self.stream.flush()


def params_from(options: dict) -> GenerationParams:
    return GenerationParams(
        prompt=options["prompt"], negative_prompt=options["negative_prompt"], style_template=options["style"],
        width=options["width"], height=options["height"], aspect_ratio=options["aspect_ratio"],
        steps=options["steps"], prior_steps=options["prior_steps"], guidance_scale=options["guidance_scale"],
        seed=options["seed"], num_images=options["num_images"], strength=options["strength"],
        weights=options["weights"], prompts=options["prompts"],
    )


def output_paths(output: str, count: int) -> list[Path]:
    path = Path(output)
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{i}{path.suffix or '.png'}") for i in range(1, count + 1)]


def execute(options: dict, stdout=None, stderr=None) -> int:
    """Run one generation from parsed options; 0 on success, 1 on a coded error, 2 if cancelled."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        images = [Image.open(p) for p in options["image"]] + ([Image.open(options["mask"])] if options["mask"] else [])
        backend = load_backend(options["backend"], options["models_dir"], options["device"])
        params, bar = params_from(options), ProgressBar(stderr)
        if options["kind"] == "extend":
            if len(images) != 1:
                raise EngineError("too_few_images", "extend needs exactly one --image.")
            result = extend(backend, images[0], *options["extend"], params=params, progress=bar)
        else:
            result = run(backend, options["kind"], params, images, progress=bar)
    except EngineError as exc:
        stderr.write(f"error [{exc.code}]: {exc.message} {json.dumps(exc.details)}\n")
        return 1
    except Cancelled:
        stderr.write("cancelled\n")
        return 2
    for image, path in zip(result.images, output_paths(options["output"], len(result.images))):
        image.save(path, "PNG")
        stdout.write(f"wrote {path} ({image.width}×{image.height})\n")
    stdout.write(json.dumps(result.metadata, ensure_ascii=False) + "\n")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generation.engine.cli", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return execute(vars(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
