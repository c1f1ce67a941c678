"""text2img: prompt → prior → decoder."""
from ..context import OpContext
from ..sizes import generation_size, output_size, resized
from ..stages import decode, text_embeds


def plan(ctx: OpContext, images) -> int:
    return ctx.prior_steps + ctx.steps


def execute(ctx: OpContext, images) -> list:
    size = output_size(ctx.backend, ctx.params)
    ctx.metadata.update(width=size[0], height=size[1])
    embeds = text_embeds(ctx, ctx.prompt, ctx.params.num_images)
    return resized(decode(ctx, ctx.backend.text2img, embeds, *generation_size(*size)), size)
