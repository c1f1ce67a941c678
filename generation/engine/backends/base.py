"""The loaded pipelines of one backend plus the limits the web layer shows and validation enforces."""
import threading
from dataclasses import dataclass, field
from typing import Any

import torch

from ..params import KINDS

ASPECT_RATIOS = {"1:1": (1, 1), "16:9": (16, 9), "9:16": (9, 16), "3:2": (3, 2), "2:3": (2, 3)}
SIZE_MULTIPLE = 64  # Kandinsky decoders need sides divisible by 64 (MoVQ 8x, UNet 8x more)
MIN_SIZE = 64
MIN_INPUT_SIDE = 16
MAX_EXTRA_PROMPTS = 4  # mix: text prompts mixed in besides the pictures


@dataclass(frozen=True)
class Limits:
    default_size: int
    max_size: int
    default_steps: int
    max_steps: int
    default_prior_steps: int
    max_prior_steps: int
    max_images: int = 4
    # Inputs that are only encoded (fusion/mix/variation) may be big, they are resized;
    # inpaint/outpaint inputs are processed at their own size and must fit max_size.
    max_input_pixels: int = 4096 * 4096
    # The seam (px) over which an inpainted/outpainted fill blends into its infilled surroundings:
    # 16 px is a sliver of a 768² picture, a quarter of a 64² one (nano narrows it).
    default_feather: int = 16
    # A job's denoising steps × pictures made (validation.check_cost): the steps × images × windows
    # bound that keeps one job from holding a worker for minutes. Below the product of the
    # single maxima: max_steps for one picture, or max_images pictures at fewer steps (real: 4 at 125).
    max_image_steps: int = 600
    # The prior's classifier-free guidance when a job does not set it: 4, the real 2.2's; nano's
    # own is lower (backends/nano.py says why).
    default_prior_guidance: float = 4.0
    # A prompted inpaint/outpaint/extend draws this many prior samples per picture and keeps the one
    # nearest the surroundings' embedding (stages.text_embeds_near); 1: the prior's first sample.
    fill_prior_candidates: int = 1
    # Fusion's strength when a job does not set it (0 = the picture, 1 = the prompt).
    default_strength: float = 0.5


def aspect_size(ratio: tuple[int, int], area_side: int, max_size: int) -> list[int]:
    """A size with roughly area_side² pixels in the given ratio, sides multiples of 64."""
    rw, rh = ratio
    scale = area_side / (rw * rh) ** 0.5
    sides = [max(MIN_SIZE, min(max_size, round(r * scale / SIZE_MULTIPLE) * SIZE_MULTIPLE)) for r in (rw, rh)]
    long = 0 if rw > rh else 1
    if rw != rh and sides[0] == sides[1] and sides[long] + SIZE_MULTIPLE <= max_size:
        # A small model (nano: 64² default) would round every preset to a square: keep the
        # preset's orientation with the long side one multiple longer.
        sides[long] += SIZE_MULTIPLE
    return sides


@dataclass(eq=False)
class Backend:
    name: str
    prior: Any  # Kandinsky(V22)PriorPipeline: text/image encoders + prior
    text2img: Any  # decoder pipelines below share unet/movq modules
    inpaint: Any
    img2img: Any
    limits: Limits
    device: torch.device
    dtype: torch.dtype
    translator: Any = None  # translation.Translator or None
    needs_english: bool = False  # 2.2 prior is English-only: Cyrillic needs the translator
    decoder_takes_prompt: bool = False  # 2.1 decoders also read the text (multilingual encoder)
    # diffusers' 2.1 img2img passes (width, height) where (height, width) is expected, so it
    # only works square: fusion generates square there and resizes back.
    square_img2img: bool = False
    # What a closed-vocabulary model understands and prompts that show it (nano), as plain data
    # for the model info; None / {} for the real models, which read any text.
    vocabulary: dict | None = None
    examples: dict = field(default_factory=dict)  # {"en": [prompt, ...], "ru": [...]}
    extra: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one operation at a time

    def aspect_ratios(self) -> dict[str, list[int]]:
        return {k: aspect_size(r, self.limits.default_size, self.limits.max_size) for k, r in ASPECT_RATIOS.items()}

    def decoder_text(self, prompt: str, negative_prompt: str, count: int) -> dict:
        """Extra decoder arguments: only the 2.1 decoder conditions on text as well."""
        if not self.decoder_takes_prompt:
            return {}
        return {"prompt": [prompt] * count, "negative_prompt": [negative_prompt] * count}

    def info(self) -> dict:
        lim = self.limits
        return {
            "name": self.name,
            "kinds": list(KINDS),
            "default_size": lim.default_size,
            "max_size": lim.max_size,
            "min_size": MIN_SIZE,
            "size_multiple": SIZE_MULTIPLE,
            "aspect_ratios": self.aspect_ratios(),
            "default_steps": lim.default_steps,
            "max_steps": lim.max_steps,
            "default_prior_steps": lim.default_prior_steps,
            "max_prior_steps": lim.max_prior_steps,
            "default_strength": lim.default_strength,
            "max_images": lim.max_images,
            "max_input_pixels": lim.max_input_pixels,
            "max_image_steps": lim.max_image_steps,
            "max_extra_prompts": MAX_EXTRA_PROMPTS,
            "device": str(self.device),
            "dtype": str(self.dtype).replace("torch.", ""),
            "languages": ["en", "ru"],
            "translation": self.translator is not None,
            "vocabulary": self.vocabulary,
            "examples": self.examples,
        }


def pick_device(device: str | None) -> tuple[torch.device, torch.dtype]:
    """CUDA + fp16 when present, else CPU + fp32 (fp16 on CPU is slow and lossy)."""
    dev = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    return dev, (torch.float16 if dev.type == "cuda" else torch.float32)
