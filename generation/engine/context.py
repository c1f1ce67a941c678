"""Per-operation state resolved once from the params: seed, steps, final prompts, metadata."""
import random
from dataclasses import dataclass, field

import torch

from .backends.base import Backend
from .params import GenerationParams
from .progress import StepTracker
from .translation import has_cyrillic


@dataclass
class OpContext:
    backend: Backend
    params: GenerationParams
    seed: int
    steps: int
    prior_steps: int
    prior_guidance: float
    feather: int
    strength: float  # fusion's (Limits.default_strength when the job does not set it)
    prompt: str  # styled and, where needed, translated
    negative_prompt: str
    extra_prompts: list[str]
    tracker: StepTracker = field(default_factory=lambda: StepTracker(0))
    metadata: dict = field(default_factory=dict)

    def generator(self, offset: int = 0) -> torch.Generator:
        # CPU generator: same seed → same noise on any device.
        return torch.Generator("cpu").manual_seed(self.seed + offset)


def styled_prompt(params: GenerationParams) -> str:
    prompt = params.prompt.strip()
    if not prompt:
        return ""
    # replace(), not format(): user text may contain braces.
    return params.style_template.replace("{prompt}", prompt).strip()


def _to_english(backend: Backend, text: str, translations: dict) -> str:
    """Translate Cyrillic text when the backend has a translator (validation already refused
    Cyrillic on a backend that needs English and has none)."""
    if not text or not has_cyrillic(text) or backend.translator is None:
        return text
    english = backend.translator.translate(text)
    translations[text] = english
    return english


def make_context(backend: Backend, params: GenerationParams, translate: bool = True) -> OpContext:
    """translate=False: prompts as written (validation only counts steps)."""
    lim = backend.limits
    seed = params.seed if params.seed is not None else random.randrange(2**31)
    translations: dict[str, str] = {}

    def english(text):
        return _to_english(backend, text, translations) if translate else text

    prompt = english(styled_prompt(params))
    negative = english(params.negative_prompt.strip())
    extra = [english(p.strip()) for p in (params.prompts or []) if p.strip()]
    ctx = OpContext(
        backend=backend, params=params, seed=seed,
        steps=params.steps or lim.default_steps, prior_steps=params.prior_steps or lim.default_prior_steps,
        prior_guidance=(lim.default_prior_guidance if params.prior_guidance_scale is None
                        else params.prior_guidance_scale),
        feather=lim.default_feather if params.feather is None else params.feather,
        strength=lim.default_strength if params.strength is None else params.strength,
        prompt=prompt, negative_prompt=negative, extra_prompts=extra,
    )
    ctx.metadata.update(backend=backend.name, seed=seed, steps=ctx.steps, prior_steps=ctx.prior_steps, prompt=prompt)
    if translations:
        ctx.metadata["translated_prompt"] = prompt
        ctx.metadata["translations"] = translations
    return ctx
