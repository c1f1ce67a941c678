"""Held-out prompts and the measurements shared by bench/nano_bench.py and the test suite."""
import random

import numpy as np
from PIL import Image

from .dataset import COLOURS, Obj, Scene, caption, random_scene, render
from .evaluate import classify, judge, parse


def held_out_scenes(count: int, seed: int = 2026, max_objects: int = 2) -> list[Scene]:
    """Scenes whose first object is a colour x shape pair never seen in training."""
    rng = random.Random(seed)
    return [random_scene(rng, held_out=True, max_objects=max_objects, distinct=True) for _ in range(count)]


def text2img_scores(backend, scenes, lang: str, seed: int = 0, **params) -> dict:
    """Fractions over all scenes/objects: ground, colour, position, shape (canonical captions)."""
    from ..params import GenerationParams
    from ..runner import run

    tot = {"ground": [], "colour": [], "position": [], "shape": []}
    for i, scene in enumerate(scenes):
        prompt = caption(scene, lang)
        assert parse(prompt) == scene, prompt  # the caption says exactly what is judged
        img = run(backend, "text2img", GenerationParams(prompt=prompt, seed=seed + i, **params)).images[0]
        j = judge(img, scene)
        tot["ground"].append(j["ground"])
        for k in ("colour", "position", "shape"):
            tot[k].extend(j[k])
    return {k: float(np.mean(v)) for k, v in tot.items()}


def inpaint_yellow_circle(backend, seed: int = 0) -> float:
    """A blue picture with a transparent hole, 'a yellow circle' asked: fraction of yellow in the hole."""
    from ..params import GenerationParams
    from ..runner import run

    pic = render(Scene("blue", (Obj("white", "square", "small", "left"),))).copy()
    rgba = np.dstack([pic, np.full(pic.shape[:2], 255, np.uint8)])
    rgba[16:48, 24:56, 3] = 0
    out = run(backend, "inpaint", GenerationParams(prompt="a yellow circle on a blue background", seed=seed),
              images=[Image.fromarray(rgba, "RGBA")]).images[0]
    lab = classify(out)[16:48, 24:56]
    return float((lab == list(COLOURS).index("yellow")).mean())
