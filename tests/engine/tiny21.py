"""Toy Kandinsky 2.1 checkpoints for the loading test: the 2.1 pipeline classes (MultilingualCLIP
text encoder with an XLM-R tokenizer, text+image UNet, DDIM) at toy size, saved like the real
kandinsky-community/kandinsky-2-1{,-prior,-inpaint} repos. Built offline; the prior is the tiny
2.2 one, which has the same components as the 2.1 prior."""
from pathlib import Path

import torch
from diffusers import DDIMScheduler, KandinskyInpaintPipeline, KandinskyPipeline, KandinskyPriorPipeline
from diffusers.pipelines.kandinsky.text_encoder import MCLIPConfig, MultilingualCLIP
from transformers import XLMRobertaTokenizer

from generation.engine.backends import tiny

LETTERS = "abcdefghijklmnopqrstuvwxyz" + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "0123456789.,!?-'"


def _tokenizer() -> XLMRobertaTokenizer:
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    pieces = ["▁"] + [c for c in LETTERS] + ["▁" + c for c in LETTERS]
    return XLMRobertaTokenizer(vocab=[(p, 0.0) for p in specials] + [(p, -1.0) for p in pieces])


def save_tiny_21(root: Path, tiny_backend) -> None:
    tokenizer = _tokenizer()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(21)
        text_encoder = MultilingualCLIP(MCLIPConfig(
            transformerDimSize=32, imageDimSize=tiny.EMBED_DIM, hidden_size=32, num_hidden_layers=1,
            num_attention_heads=4, intermediate_size=37, vocab_size=len(tokenizer), max_position_embeddings=100,
            pad_token_id=tokenizer.pad_token_id,
        ))
        unets = [tiny.UNet2DConditionModel(
            in_channels=channels, out_channels=8, addition_embed_type="text_image",
            down_block_types=("ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"),
            up_block_types=("SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D"),
            mid_block_type="UNetMidBlock2DSimpleCrossAttn", block_out_channels=(32, 64), layers_per_block=1,
            encoder_hid_dim=32, encoder_hid_dim_type="text_image_proj", cross_attention_dim=tiny.EMBED_DIM,
            attention_head_dim=4, resnet_time_scale_shift="scale_shift", class_embed_type=None,
        ) for channels in (4, 9)]
    movq = tiny_backend.text2img.movq
    scheduler = DDIMScheduler.from_config(tiny.DECODER_SCHEDULER)
    KandinskyPriorPipeline(**tiny_backend.prior.components).save_pretrained(root / "kandinsky-2-1-prior")
    KandinskyPipeline(text_encoder=text_encoder, tokenizer=tokenizer, unet=unets[0], scheduler=scheduler,
                      movq=movq).save_pretrained(root / "kandinsky-2-1")
    KandinskyInpaintPipeline(text_encoder=text_encoder, tokenizer=tokenizer, unet=unets[1], scheduler=scheduler,
                             movq=movq).save_pretrained(root / "kandinsky-2-1-inpaint")
