"""Output sizes: explicit width/height, an aspect-ratio preset, or the input picture's size."""
from PIL import Image

from .backends.base import SIZE_MULTIPLE, Backend
from .params import GenerationParams


def round_to_multiple(value: float) -> int:
    return max(SIZE_MULTIPLE, round(value / SIZE_MULTIPLE) * SIZE_MULTIPLE)


def fit_within(width: int, height: int, max_side: int) -> tuple[int, int]:
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def output_size(backend: Backend, params: GenerationParams, source: Image.Image | None = None) -> tuple[int, int]:
    """The size the caller gets back. Without width/height: the source picture's size (scaled
    to fit max_size), else the aspect-ratio preset (1:1 by default)."""
    if source is not None:
        base = fit_within(*source.size, backend.limits.max_size)
    else:
        base = tuple(backend.aspect_ratios()[params.aspect_ratio or "1:1"])
    return params.width or base[0], params.height or base[1]


def generation_size(width: int, height: int) -> tuple[int, int]:
    """The size the decoder runs at: nearest multiples of 64."""
    return round_to_multiple(width), round_to_multiple(height)


def resized(images: list[Image.Image], size: tuple[int, int]) -> list[Image.Image]:
    return [im if im.size == size else im.resize(size, Image.LANCZOS) for im in images]
