"""extend(): grow a picture on any side by running overlapping outpaint windows in order."""
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import masks
from .backends.base import Backend
from .context import OpContext, make_context
from .errors import EngineError
from .ops.inpaint import fill
from .params import GenerationParams, Result
from .runner import perform
from .stages import text_embeds_near
from .validation import check_cost, validate_extend

OVERLAP = 0.25  # share of a window overlapping the next one: enough context for a smooth join


@dataclass(frozen=True)
class Window:
    x: int
    y: int
    width: int
    height: int

    def slices(self):
        return slice(self.y, self.y + self.height), slice(self.x, self.x + self.width)


def _positions(length: int, window: int) -> list[int]:
    stride = max(1, int(window * (1 - OVERLAP)))
    positions = list(range(0, max(length - window, 0) + 1, stride))
    if positions[-1] != length - window:
        positions.append(length - window)
    return positions


def plan_windows(known: np.ndarray, window_w: int, window_h: int) -> list[Window]:
    """Greedy order over a grid of overlapping windows: next is the window with the largest share
    of already-known pixels that still has something to fill, so each one has context."""
    known = known.copy()
    h, w = known.shape
    ww, wh = min(window_w, w), min(window_h, h)
    grid = [Window(x, y, ww, wh) for y in _positions(h, wh) for x in _positions(w, ww)]
    order = []
    while not known.all():
        shares = [(known[win.slices()].mean(), -i) for i, win in enumerate(grid)]
        share, neg_i = max((s, i) for s, i in shares if s < 1.0)
        if share == 0:
            raise EngineError("invalid_extend", "The picture is too small to grow that far.")
        chosen = grid[-neg_i]
        order.append(chosen)
        known[chosen.slices()] = True
    return order


def extend(backend: Backend, image: Image.Image, left: int = 0, top: int = 0, right: int = 0, bottom: int = 0,
           params: GenerationParams | None = None, progress=None, should_stop=None, *,
           progress_interval: float = 0.25) -> Result:
    """Window size: params.width/height when given, else the backend's default size."""
    params = params or GenerationParams()
    width, height = validate_extend(backend, image, params, dict(left=left, top=top, right=right, bottom=bottom))
    canvas = np.zeros((height, width, 3), np.uint8)
    known = np.zeros((height, width), bool)
    region = (slice(top, top + image.size[1]), slice(left, left + image.size[0]))
    canvas[region], known[region] = masks.split_rgba(image)  # transparent parts get filled too
    size = backend.limits.default_size
    windows = plan_windows(known, params.width or size, params.height or size)

    def plan(ctx: OpContext) -> int:
        return (ctx.prior_steps if ctx.prompt else 0) + ctx.steps * len(windows)

    check_cost(backend, plan(make_context(backend, params, translate=False)), 1)

    def body(ctx: OpContext) -> list:
        # One prompt → embed once: the prior sample nearest the picture being extended.
        embeds = (text_embeds_near(ctx, Image.fromarray(masks.infill(canvas[region], known[region])), 1)
                  if ctx.prompt else None)
        for i, win in enumerate(windows):
            sl = win.slices()
            filled = fill(ctx, canvas[sl], known[sl], 1, embeds=embeds, offset=i)[0]
            canvas[sl], known[sl] = np.asarray(filled), True
        ctx.metadata.update(kind="extend", width=width, height=height,
                            windows=[[w.x, w.y, w.width, w.height] for w in windows])
        return [Image.fromarray(canvas)]

    return perform(backend, params, plan, body, progress, should_stop, progress_interval)
