"""mix: weighted sum of CLIP image embeddings of 2–4 pictures (and optional prompts, through the
prior) — what KandinskyV22PriorPipeline.interpolate does, but with our step tracking and without
its extra prior pass for the negative embedding (the empty-picture embedding is the same thing)."""
from ..context import OpContext
from ..sizes import generation_size, output_size, resized
from ..stages import decode, image_embeds, text_embeds, zero_embeds


def normalized_weights(ctx: OpContext, count: int) -> list[float]:
    weights = ctx.params.weights or [1.0] * count
    total = sum(weights)
    return [w / total for w in weights]  # sums to 1 so the mixed embedding keeps its scale


def plan(ctx: OpContext, images) -> int:
    return ctx.prior_steps * len(ctx.extra_prompts) + ctx.steps


def execute(ctx: OpContext, images) -> list:
    n = ctx.params.num_images
    size = output_size(ctx.backend, ctx.params)
    parts = [emb.repeat(n, 1) for emb in image_embeds(ctx, images).split(1)]
    parts += [text_embeds(ctx, p, n, offset=i + 1)[0] for i, p in enumerate(ctx.extra_prompts)]
    weights = normalized_weights(ctx, len(parts))
    mixed = sum(w * emb for w, emb in zip(weights, parts))
    ctx.metadata.update(width=size[0], height=size[1], weights=weights)
    embeds = (mixed, zero_embeds(ctx, n))
    return resized(decode(ctx, ctx.backend.text2img, embeds, *generation_size(*size)), size)
