"""One small, fast case per operation (64–128 px), used by several test modules."""
import numpy as np
from PIL import Image

from generation.engine import GenerationParams

FAST = dict(steps=3, prior_steps=2, seed=11)


def second_picture():
    return Image.fromarray(np.full((64, 64, 3), (200, 30, 60), np.uint8), "RGB")


def case(kind, photo, holed):
    """→ (params, images, expected output size)."""
    if kind == "text2img":
        return GenerationParams(prompt="a red fox", width=128, height=64, **FAST), [], (128, 64)
    if kind == "inpaint":
        return GenerationParams(prompt="", **FAST), [holed], photo.size
    if kind == "outpaint":
        return GenerationParams(prompt="sky", **FAST), [holed], photo.size
    if kind == "fusion":
        return GenerationParams(prompt="winter", strength=0.7, **FAST), [photo], photo.size
    if kind == "mix":
        params = GenerationParams(width=64, height=64, prompts=["cat"], weights=[1, 2, 1], **FAST)
        return params, [photo, second_picture()], (64, 64)
    if kind == "variation":
        return GenerationParams(width=64, height=128, **FAST), [photo], (64, 128)
    raise AssertionError(kind)
