"""The shared building blocks of every operation: image embeddings from text (prior), from
pictures (CLIP image encoder), the empty embedding, and one decoder run. Each counts its steps
on the context's tracker."""
import torch
from PIL import Image

from .context import OpContext

Embeds = tuple[torch.Tensor, torch.Tensor]  # (image_embeds, negative_image_embeds)


def text_embeds(ctx: OpContext, prompt: str, count: int, offset: int = 0) -> Embeds:
    """Prior: text → `count` CLIP image embeddings, plus the negative-prompt (or empty) one."""
    prior = ctx.backend.prior
    with ctx.tracker.watch(prior.prior):
        out = prior(
            prompt,
            negative_prompt=ctx.negative_prompt or None,
            num_images_per_prompt=count,
            num_inference_steps=ctx.prior_steps,
            generator=ctx.generator(offset),
            guidance_scale=ctx.prior_guidance,
        )
    return out.image_embeds, out.negative_image_embeds


def image_embeds(ctx: OpContext, images: list[Image.Image]) -> torch.Tensor:
    """CLIP image embeddings of pictures (no denoising steps)."""
    prior = ctx.backend.prior
    encoder = prior.image_encoder
    pixels = prior.image_processor([im.convert("RGB") for im in images], return_tensors="pt").pixel_values
    return encoder(pixels.to(device=encoder.device, dtype=encoder.dtype)).image_embeds


def zero_embeds(ctx: OpContext, count: int) -> torch.Tensor:
    """The unconditional embedding (an all-zero picture), what the prior uses as negative."""
    return ctx.backend.prior.get_zero_embed(count)


def picture_embeds(ctx: OpContext, image: Image.Image, count: int) -> Embeds:
    return image_embeds(ctx, [image]).repeat(count, 1), zero_embeds(ctx, count)


def prompt_or_picture_embeds(ctx: OpContext, image: Image.Image, count: int) -> Embeds:
    """Follow the prompt when there is one, else the picture's own embedding (inpaint/outpaint)."""
    if ctx.prompt:
        return text_embeds_near(ctx, image, count)
    return picture_embeds(ctx, image, count)


def text_embeds_near(ctx: OpContext, image: Image.Image, count: int) -> Embeds:
    """The prompt's embeddings for a fill: of `Limits.fill_prior_candidates` prior samples per
    picture, the one nearest the surroundings' embedding. A prompt that leaves something open ("a
    red circle": no ground said) then takes it from the picture around the hole, not the prior's
    own pick (nano's prior commits to some ground)."""
    candidates = ctx.backend.limits.fill_prior_candidates
    emb, neg = text_embeds(ctx, ctx.prompt, count * candidates)
    if candidates == 1:
        return emb, neg
    near = torch.nn.functional.cosine_similarity(emb, image_embeds(ctx, [image]).to(emb.dtype))
    pick = near.view(count, candidates).argmax(1) + torch.arange(count, device=emb.device) * candidates
    return emb[pick], neg[pick]


def decode(ctx: OpContext, pipe, embeds: Embeds, width: int, height: int, offset: int = 0,
           steps: int | None = None, **inputs) -> list[Image.Image]:
    """One decoder run (text2img, img2img or inpaint pipeline); one image per embedding."""
    emb, neg = embeds
    text = ctx.backend.decoder_text(ctx.prompt, ctx.negative_prompt, emb.shape[0])
    with ctx.tracker.watch(pipe.unet, previews=True):
        return pipe(
            image_embeds=emb,
            negative_image_embeds=neg,
            width=width,
            height=height,
            num_inference_steps=steps or ctx.steps,
            guidance_scale=ctx.params.guidance_scale,
            generator=ctx.generator(offset),
            **text,
            **inputs,
        ).images
