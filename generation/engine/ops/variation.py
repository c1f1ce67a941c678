"""variation: N new pictures decoded from the input picture's CLIP image embedding."""
from ..context import OpContext
from ..sizes import generation_size, output_size, resized
from ..stages import decode, picture_embeds


def plan(ctx: OpContext, images) -> int:
    return ctx.steps


def execute(ctx: OpContext, images) -> list:
    size = output_size(ctx.backend, ctx.params, images[0])
    ctx.metadata.update(width=size[0], height=size[1])
    embeds = picture_embeds(ctx, images[0], ctx.params.num_images)
    return resized(decode(ctx, ctx.backend.text2img, embeds, *generation_size(*size)), size)
