"""inpaint: fill the transparent (or white-masked) area; every other pixel comes back unchanged.

`fill` is shared with outpaint and extend: infill the hole, pad to multiples of 64, run the
inpaint decoder, crop, composite with a feathered seam and the original known pixels."""
import numpy as np
from PIL import Image

from .. import masks
from ..context import OpContext
from ..stages import Embeds, decode, prompt_or_picture_embeds


def read_inputs(images) -> tuple[np.ndarray, np.ndarray]:
    if len(images) == 2:
        return masks.image_and_mask(images[0], images[1])
    return masks.split_rgba(images[0])


def fill(ctx: OpContext, rgb: np.ndarray, known: np.ndarray, count: int,
         embeds: Embeds | None = None, offset: int = 0) -> list[Image.Image]:
    infilled = masks.infill(rgb, known)
    if embeds is None:
        embeds = prompt_or_picture_embeds(ctx, Image.fromarray(infilled), count)
    padded, padded_known = masks.pad_to_multiple(infilled, known)
    h, w = known.shape
    ph, pw = padded_known.shape
    repaint = Image.fromarray(np.where(padded_known, 0, 255).astype(np.uint8), "L")
    # One picture/mask per embedding: the inpaint pipeline batches them with the embeddings.
    generated = decode(ctx, ctx.backend.inpaint, embeds, pw, ph, offset=offset,
                       image=[Image.fromarray(padded)] * count, mask_image=[repaint] * count)
    return [
        Image.fromarray(masks.composite(rgb, known, np.asarray(g.convert("RGB"))[:h, :w], infilled, ctx.feather))
        for g in generated
    ]


def plan(ctx: OpContext, images) -> int:
    return (ctx.prior_steps if ctx.prompt else 0) + ctx.steps


def execute(ctx: OpContext, images) -> list:
    rgb, known = read_inputs(images)
    ctx.metadata.update(width=rgb.shape[1], height=rgb.shape[0], filled_pixels=int((~known).sum()))
    return fill(ctx, rgb, known, ctx.params.num_images)
