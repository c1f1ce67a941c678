"""fusion: a picture and a prompt fused with one `strength` knob (0 = the picture, 1 = the prompt).

Both mechanisms together, see docs/engine.md: the decoder's condition is the prior
interpolation (1 - strength)·image_embedding + strength·text_embedding, and it runs img2img from
the input picture noised to `strength`. Interpolation alone loses the picture's composition
(the decoder starts from noise); img2img alone with the bare text embedding pulls the colours and
content away from the picture as soon as strength is large enough to change anything."""
from ..context import OpContext
from ..sizes import generation_size, output_size, resized
from ..stages import decode, image_embeds, text_embeds


def img2img_steps(steps: int, strength: float) -> tuple[int, int]:
    """(num_inference_steps to ask for, steps the img2img pipeline then really runs): it runs
    int(steps·strength) of them; ask for more when that would be zero."""
    asked = steps
    while int(asked * strength) < 1:
        asked += 1
    return asked, min(int(asked * strength), asked)


def plan(ctx: OpContext, images) -> int:
    return ctx.prior_steps + img2img_steps(ctx.steps, ctx.strength)[1]


def execute(ctx: OpContext, images) -> list:
    n, strength = ctx.params.num_images, ctx.strength
    size = output_size(ctx.backend, ctx.params, images[0])
    gen_size = generation_size(*size)
    if ctx.backend.square_img2img:
        gen_size = (max(gen_size),) * 2
    text, negative = text_embeds(ctx, ctx.prompt, n)
    picture = image_embeds(ctx, [images[0]]).repeat(n, 1)
    embeds = ((1 - strength) * picture + strength * text, negative)
    asked, _ = img2img_steps(ctx.steps, strength)
    source = images[0].convert("RGB").resize(gen_size, resample=3)
    ctx.metadata.update(width=size[0], height=size[1], strength=strength)
    # One source picture per embedding: the pipelines batch them together.
    out = decode(ctx, ctx.backend.img2img, embeds, *gen_size, steps=asked, image=[source] * n, strength=strength)
    return resized(out, size)
