"""The nano model configurations: the Kandinsky 2.2 diffusers/transformers classes at small size."""
import numpy as np
import torch
from diffusers import PriorTransformer, UNet2DConditionModel, VQModel
from transformers import CLIPTextConfig, CLIPTextModelWithProjection, CLIPVisionConfig, CLIPVisionModelWithProjection

from ..backends.tokenizer import build_tokenizer
from .dataset import SIZE, caption_words, morphemes, render

EMBED = 64  # CLIP projection = prior embedding = UNet image-embedding width
MAX_TOKENS = 32  # the longest caption (three objects) is 31 tokens, colour adjectives in Russian two each
LATENT_DOWN = 8  # MoVQ downsampling: 2 ** (levels - 1)
# CLIP's pixel normalisation (the image processor's image_mean/image_std)
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


def pictures(scenes) -> torch.Tensor:
    """Rendered scenes as an N×3×H×W float batch in 0..1."""
    return as_batch([render(s) for s in scenes])


def as_batch(arrays) -> torch.Tensor:
    """uint8 H×W×3 pictures as an N×3×H×W float batch in 0..1."""
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float() / 255


def clip_pixels(x: torch.Tensor) -> torch.Tensor:
    """0..1 pictures → the CLIP image encoder's input (the image processor's normalisation)."""
    mean, std = (torch.tensor(v, device=x.device).view(1, 3, 1, 1) for v in (CLIP_MEAN, CLIP_STD))
    return (x - mean) / std


def tokenizer():
    """CLIP's BPE with every caption word one token, a Russian colour adjective two (stem and
    ending, dataset.morphemes): the tiny text encoder then reads words, not letters (letter by
    letter, a Russian caption took up to 77 tokens and was cut)."""
    return build_tokenizer(MAX_TOKENS, [morphemes(w) for w in caption_words()])


def text_encoder(vocab_size: int) -> CLIPTextModelWithProjection:
    return CLIPTextModelWithProjection(CLIPTextConfig(
        bos_token_id=0, eos_token_id=1, pad_token_id=1, vocab_size=vocab_size, hidden_size=EMBED,
        projection_dim=EMBED, intermediate_size=128, num_attention_heads=4, num_hidden_layers=2,
        max_position_embeddings=MAX_TOKENS,
    ))


def image_encoder() -> CLIPVisionModelWithProjection:
    return CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=EMBED, image_size=SIZE, projection_dim=EMBED, intermediate_size=128,
        num_attention_heads=4, num_channels=3, num_hidden_layers=2, patch_size=8,
    ))


def prior() -> PriorTransformer:
    # 6 layers of 8 heads (1.26 M parameters): the 3-layer, 4-head one (0.18 M) lost position that
    # the decoder could draw; this one placed objects right 86.0 / 86.8 % against 84.6 / 83.8 %.
    return PriorTransformer(num_attention_heads=8, attention_head_dim=16, embedding_dim=EMBED, num_layers=6,
                            num_embeddings=MAX_TOKENS)


def movq() -> VQModel:
    # Group norm (spatial-norm MoVQ is several times slower to train on a CPU), four levels: 8x down,
    # 64² -> 8²x4 latents, on which the UNet trains about 4x faster than on 16² (measured here).
    return VQModel(
        block_out_channels=[16, 32, 64, 64], layers_per_block=1, norm_num_groups=16, norm_type="group",
        down_block_types=["DownEncoderBlock2D"] * 4, up_block_types=["UpDecoderBlock2D"] * 4,
        in_channels=3, out_channels=3, latent_channels=4, num_vq_embeddings=256, vq_embed_dim=4,
    )


def unet(in_channels: int) -> UNet2DConditionModel:
    return UNet2DConditionModel(
        sample_size=SIZE // LATENT_DOWN, in_channels=in_channels, out_channels=8, addition_embed_type="image",
        down_block_types=("ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"),
        up_block_types=("SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D"),
        mid_block_type="UNetMidBlock2DSimpleCrossAttn", block_out_channels=(48, 96), layers_per_block=1,
        encoder_hid_dim=EMBED, encoder_hid_dim_type="image_proj", cross_attention_dim=64,
        attention_head_dim=16, norm_num_groups=16, resnet_time_scale_shift="scale_shift", class_embed_type=None,
    )
