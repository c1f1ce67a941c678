"""The embedded `tiny` backend: the real Kandinsky 2.2 pipeline classes at toy size with seeded
random weights. Its pictures are noise; it lets the whole product run and be tested anywhere."""
import torch
from diffusers import (
    DDPMScheduler,
    KandinskyV22Img2ImgPipeline,
    KandinskyV22InpaintPipeline,
    KandinskyV22Pipeline,
    KandinskyV22PriorPipeline,
    PriorTransformer,
    UnCLIPScheduler,
    UNet2DConditionModel,
    VQModel,
)
from transformers import (
    CLIPImageProcessorPil,
    CLIPTextConfig,
    CLIPTextModelWithProjection,
    CLIPVisionConfig,
    CLIPVisionModelWithProjection,
)

from .base import Backend, Limits, pick_device
from .tokenizer import build_tokenizer

EMBED_DIM = 32  # CLIP projection = prior embedding = UNet image-embedding width
SEED = 20240

TINY_LIMITS = Limits(
    default_size=256, max_size=512, default_steps=10, max_steps=50, default_prior_steps=5, max_prior_steps=25,
    max_image_steps=200,  # 4 pictures at 45 steps (+ the default 5 prior steps)
)

# The real 2.2 schedulers (shared/models/*/scheduler_config.json).
PRIOR_SCHEDULER = dict(
    clip_sample=True, clip_sample_range=10.0, num_train_timesteps=1000,
    prediction_type="sample", variance_type="fixed_small_log",
)
DECODER_SCHEDULER = dict(
    num_train_timesteps=1000, beta_schedule="linear", beta_start=0.00085, beta_end=0.012,
    clip_sample=False, set_alpha_to_one=False, steps_offset=1, prediction_type="epsilon", thresholding=False,
)


def _text_encoder(vocab_size: int) -> CLIPTextModelWithProjection:
    return CLIPTextModelWithProjection(CLIPTextConfig(
        bos_token_id=0, eos_token_id=1, pad_token_id=1, vocab_size=vocab_size, hidden_size=32,
        projection_dim=EMBED_DIM, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2,
        max_position_embeddings=77,
    ))


def _image_encoder() -> CLIPVisionModelWithProjection:
    return CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=32, image_size=224, projection_dim=EMBED_DIM, intermediate_size=37,
        num_attention_heads=4, num_channels=3, num_hidden_layers=2, patch_size=14,
    ))


def _unet(in_channels: int) -> UNet2DConditionModel:
    # Same block types as the real decoder (shared/models/kandinsky-2-2-decoder/unet), two levels.
    return UNet2DConditionModel(
        in_channels=in_channels, out_channels=8, addition_embed_type="image",
        down_block_types=("ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"),
        up_block_types=("SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D"),
        mid_block_type="UNetMidBlock2DSimpleCrossAttn", block_out_channels=(32, 64), layers_per_block=1,
        encoder_hid_dim=EMBED_DIM, encoder_hid_dim_type="image_proj", cross_attention_dim=32,
        attention_head_dim=4, resnet_time_scale_shift="scale_shift", class_embed_type=None,
    )


def _movq() -> VQModel:
    # Four levels like the real MoVQ, hence the real 8x downscale (SpatialNorm needs 32-multiples).
    return VQModel(
        block_out_channels=[32, 32, 32, 32], layers_per_block=1, norm_num_groups=32, norm_type="spatial",
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "AttnDownEncoderBlock2D"],
        up_block_types=["AttnUpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
        in_channels=3, out_channels=3, latent_channels=4, num_vq_embeddings=12, vq_embed_dim=4,
    )


def build_pipelines() -> dict:
    """Build every tiny pipeline; modules are created once and shared (no duplicates in memory)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        tokenizer = build_tokenizer()
        prior_model = PriorTransformer(num_attention_heads=2, attention_head_dim=12, embedding_dim=EMBED_DIM, num_layers=1)
        # clip_std starts at zero (the trained value is loaded later), which would make every
        # output embedding zero: unit std keeps the prompt's influence.
        prior_model.clip_std.data.fill_(1.0)
        prior = KandinskyV22PriorPipeline(
            prior=prior_model,
            image_encoder=_image_encoder(),
            text_encoder=_text_encoder(len(tokenizer)),
            tokenizer=tokenizer,
            scheduler=UnCLIPScheduler.from_config(PRIOR_SCHEDULER),
            image_processor=CLIPImageProcessorPil(crop_size=224, size=224, resample=3),
        )
        movq = _movq()
        unet = _unet(in_channels=4)
        inpaint_unet = _unet(in_channels=9)  # latents + masked-image latents + mask
    return {
        "prior": prior,
        "text2img": KandinskyV22Pipeline(unet=unet, scheduler=DDPMScheduler.from_config(DECODER_SCHEDULER), movq=movq),
        "img2img": KandinskyV22Img2ImgPipeline(unet=unet, scheduler=DDPMScheduler.from_config(DECODER_SCHEDULER), movq=movq),
        "inpaint": KandinskyV22InpaintPipeline(
            unet=inpaint_unet, scheduler=DDPMScheduler.from_config(DECODER_SCHEDULER), movq=movq
        ),
    }


def load_tiny(device: str | None = None) -> Backend:
    dev, _ = pick_device(device)
    pipes = build_pipelines()
    for pipe in pipes.values():
        pipe.to(dev)  # fp32 even on CUDA: random toy weights are not fp16-safe
        pipe.set_progress_bar_config(disable=True)
    return Backend(name="tiny", limits=TINY_LIMITS, device=dev, dtype=torch.float32, **pipes)
