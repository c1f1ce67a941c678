"""Plain data passed in and out of the engine (the jobs layer builds GenerationParams from JSON)."""
from dataclasses import dataclass, field

from PIL import Image

KINDS = ("text2img", "inpaint", "outpaint", "fusion", "mix", "variation")


@dataclass
class GenerationParams:
    prompt: str = ""
    negative_prompt: str = ""
    style_template: str = "{prompt}"
    width: int | None = None
    height: int | None = None
    aspect_ratio: str | None = None  # "16:9" etc.; used when width/height are None
    steps: int | None = None  # decoder steps
    prior_steps: int | None = None
    guidance_scale: float = 4.0
    prior_guidance_scale: float | None = None  # None: the backend's (Limits.default_prior_guidance)
    seed: int | None = None
    num_images: int = 1
    strength: float | None = None  # fusion: 0 = the input image, 1 = the prompt; None: the backend's
    weights: list[float] | None = None  # mix: one per image, then one per extra prompt
    prompts: list[str] | None = None  # mix: optional text prompts mixed in
    feather: int | None = None  # inpaint/outpaint: seam width in px inside the filled area; None: the backend's


@dataclass
class Result:
    images: list[Image.Image]
    metadata: dict = field(default_factory=dict)
