"""Cheap input checks (no model calls) shared by run() and the web layer before queueing.
Every failure is an EngineError with a stable code; see docs/engine.md for the list."""
import math
from numbers import Real

from PIL import Image

from . import masks
from .backends.base import ASPECT_RATIOS, MAX_EXTRA_PROMPTS, MIN_INPUT_SIDE, MIN_SIZE, SIZE_MULTIPLE, Backend
from .context import make_context
from .errors import EngineError
from .ops import OPERATIONS
from .params import KINDS, GenerationParams
from .translation import has_cyrillic

MAX_PROMPT_CHARS = 1000
MAX_GUIDANCE = 20.0
MAX_FEATHER = 256
MAX_SEED = 2**63 - 1
IMAGE_COUNTS = {  # kind → (min, max) number of input pictures
    "text2img": (0, 0), "inpaint": (1, 2), "outpaint": (1, 1), "fusion": (1, 1), "mix": (2, 4), "variation": (1, 1),
    "extend": (1, 1),
}
MAX_CANVAS_FACTOR = 4  # extend: the grown picture may be at most 4 × max_size per side
PROMPT_REQUIRED = ("text2img", "fusion")
PROCESSED_AT_OWN_SIZE = ("inpaint", "outpaint")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_real(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _check_int(value, code: str, field: str, low: int, high: int, **extra) -> None:
    if not _is_int(value) or not low <= value <= high:
        raise EngineError(code, f"{field} must be a whole number from {low} to {high}.",
                          field=field, min=low, max=high, value=repr(value), **extra)


def _check_real(value, code: str, field: str, low: float, high: float, low_open: bool = False) -> None:
    ok = _is_real(value) and (low < value if low_open else low <= value) and value <= high
    if not ok:
        bound = "above" if low_open else "from"
        raise EngineError(code, f"{field} must be a number {bound} {low} up to {high}.",
                          field=field, min=low, max=high, value=repr(value))


def check_sizes(backend: Backend, params: GenerationParams) -> None:
    for name in ("width", "height"):
        value = getattr(params, name)
        if value is None:
            continue
        ok = _is_int(value) and MIN_SIZE <= value <= backend.limits.max_size and value % SIZE_MULTIPLE == 0
        if not ok:
            raise EngineError(
                "invalid_size",
                f"{name} must be a multiple of {SIZE_MULTIPLE} from {MIN_SIZE} to {backend.limits.max_size}.",
                field=name, min=MIN_SIZE, max=backend.limits.max_size, multiple=SIZE_MULTIPLE, value=repr(value),
            )
    if params.aspect_ratio is not None and params.aspect_ratio not in ASPECT_RATIOS:
        raise EngineError("invalid_aspect_ratio", f"Unknown aspect ratio {params.aspect_ratio!r}.",
                          field="aspect_ratio", choices=list(ASPECT_RATIOS))


def check_numbers(backend: Backend, kind: str, params: GenerationParams) -> None:
    lim = backend.limits
    if params.steps is not None:
        _check_int(params.steps, "invalid_steps", "steps", 1, lim.max_steps)
    if params.prior_steps is not None:
        # UnCLIPScheduler divides by (steps - 1): the prior needs at least 2.
        _check_int(params.prior_steps, "invalid_steps", "prior_steps", 2, lim.max_prior_steps)
    _check_real(params.guidance_scale, "invalid_guidance", "guidance_scale", 0.0, MAX_GUIDANCE)
    if params.prior_guidance_scale is not None:
        _check_real(params.prior_guidance_scale, "invalid_guidance", "prior_guidance_scale", 0.0, MAX_GUIDANCE)
    _check_int(params.num_images, "invalid_num_images", "num_images", 1, lim.max_images)
    if params.seed is not None:
        _check_int(params.seed, "invalid_seed", "seed", 0, MAX_SEED)
    if params.feather is not None:
        _check_int(params.feather, "invalid_feather", "feather", 0, MAX_FEATHER)
    if kind == "fusion" and params.strength is not None:
        _check_real(params.strength, "invalid_strength", "strength", 0.0, 1.0, low_open=True)


def check_texts(backend: Backend, kind: str, params: GenerationParams) -> None:
    if isinstance(params.prompts, list) and len(params.prompts) > MAX_EXTRA_PROMPTS:
        raise EngineError("too_many_prompts", f"Give at most {MAX_EXTRA_PROMPTS} extra prompts.",
                          field="prompts", max=MAX_EXTRA_PROMPTS)
    texts = {"prompt": params.prompt, "negative_prompt": params.negative_prompt, "style_template": params.style_template}
    texts.update({f"prompts[{i}]": p for i, p in enumerate(params.prompts or [])})
    for field, text in texts.items():
        if not isinstance(text, str):
            raise EngineError("invalid_prompt", f"{field} must be text.", field=field)
        if len(text) > MAX_PROMPT_CHARS:
            raise EngineError("prompt_too_long", f"{field} is longer than {MAX_PROMPT_CHARS} characters.",
                              field=field, max=MAX_PROMPT_CHARS)
    if "{prompt}" not in params.style_template:
        raise EngineError("invalid_style", "The style template must contain {prompt}.", field="style_template")
    if kind in PROMPT_REQUIRED and not params.prompt.strip():
        raise EngineError("prompt_required", f"{kind} needs a prompt.", field="prompt")
    if backend.needs_english and backend.translator is None and any(has_cyrillic(t) for t in texts.values()):
        raise EngineError(
            "translation_unavailable",
            f"The {backend.name} model understands English only and the ru→en translation model "
            "(opus-mt-ru-en) is not installed; write the prompt in English or use kandinsky-2.1.",
            field="prompt",
        )


def check_images(backend: Backend, kind: str, images: list) -> None:
    low, high = IMAGE_COUNTS[kind]
    if len(images) > high:
        raise EngineError("too_many_images", f"{kind} takes at most {high} pictures.", field="images", max=high)
    if len(images) < low:
        raise EngineError("too_few_images", f"{kind} needs at least {low} pictures.", field="images", min=low)
    for index, image in enumerate(images):
        if not isinstance(image, Image.Image):
            raise EngineError("invalid_image", "Not a picture.", field="images", index=index)
        w, h = image.size
        if min(w, h) < MIN_INPUT_SIDE:
            raise EngineError("image_too_small", f"Pictures must be at least {MIN_INPUT_SIDE} px on each side.",
                              field="images", index=index, min=MIN_INPUT_SIDE)
        if kind in PROCESSED_AT_OWN_SIZE and max(w, h) > backend.limits.max_size:
            raise EngineError("image_too_large", f"Pictures to {kind} must be at most {backend.limits.max_size} px "
                              "on each side.", field="images", index=index, max=backend.limits.max_size)
        if w * h > backend.limits.max_input_pixels:
            raise EngineError("image_too_large", f"Pictures must have at most {backend.limits.max_input_pixels} "
                              "pixels.", field="images", index=index, max_pixels=backend.limits.max_input_pixels)
    if kind in PROCESSED_AT_OWN_SIZE:
        check_mask(kind, images)


def check_mask(kind: str, images: list) -> None:
    if len(images) == 2:
        if images[1].size != images[0].size:
            raise EngineError("mask_size_mismatch", "The mask must have the same size as the picture.",
                              field="mask", image_size=list(images[0].size), mask_size=list(images[1].size))
        known = masks.image_and_mask(*images)[1]
    else:
        if not masks.has_alpha(images[0]):
            raise EngineError("invalid_image", f"{kind} needs a picture with transparency (RGBA) or a mask.",
                              field="image", reason="alpha_required")
        known = masks.split_rgba(images[0])[1]
    if known.all():
        raise EngineError("empty_mask", "There is nothing to fill: no transparent or masked pixels.", field="mask")


def check_weights(params: GenerationParams, images: list) -> None:
    if params.prompts is not None and not isinstance(params.prompts, list):
        raise EngineError("invalid_prompt", "prompts must be a list of texts.", field="prompts")
    if params.weights is None:
        return
    count = len(images) + len([p for p in params.prompts or [] if isinstance(p, str) and p.strip()])
    weights = params.weights
    if not isinstance(weights, list) or len(weights) != count:
        raise EngineError("invalid_weights", f"Give one weight per picture and prompt ({count}).",
                          field="weights", expected=count)
    if not all(_is_real(w) and w >= 0 for w in weights) or sum(weights) <= 0:
        raise EngineError("invalid_weights", "Weights must be non-negative numbers, not all zero.", field="weights")


def check_cost(backend: Backend, total_steps: int, images_made: int) -> None:
    """A job's work is its denoising steps × the pictures each step makes (extend: × windows,
    counted in its steps); bounded so one job cannot hold a worker for long."""
    cost, limit = total_steps * images_made, backend.limits.max_image_steps
    if cost > limit:
        raise EngineError("job_too_long", f"This job needs {cost} image-steps; at most {limit} are allowed "
                          "(use fewer steps, pictures or prompts).", field="steps", cost=cost, max=limit)


def planned_steps(backend: Backend, kind: str, params: GenerationParams, images) -> int:
    """The step total run() will track, without loading or calling a model (no translation:
    it changes no count)."""
    return OPERATIONS[kind].plan(make_context(backend, params, translate=False), images)


def validate(backend: Backend, kind: str, params: GenerationParams, images=()) -> None:
    """Raise EngineError for the first problem found; no model is called."""
    if kind not in KINDS:
        raise EngineError("unsupported_kind", f"Unknown operation {kind!r}.", field="kind", choices=list(KINDS))
    images = list(images)
    check_sizes(backend, params)
    check_numbers(backend, kind, params)
    check_texts(backend, kind, params)
    check_images(backend, kind, images)
    if kind == "mix":
        check_weights(params, images)
    check_cost(backend, planned_steps(backend, kind, params, images), params.num_images)


def validate_extend(backend: Backend, image, params: GenerationParams, amounts: dict[str, int]) -> tuple[int, int]:
    """extend()'s checks; returns the grown picture's (width, height)."""
    check_sizes(backend, params)  # width/height here are the window size
    check_numbers(backend, "extend", params)
    check_texts(backend, "extend", params)
    check_images(backend, "extend", [image])
    limit = backend.limits.max_size * MAX_CANVAS_FACTOR
    for side, value in amounts.items():
        _check_int(value, "invalid_extend", side, 0, 10**6)  # too big → image_too_large below
    if not any(amounts.values()):
        raise EngineError("invalid_extend", "Give at least one side to grow.", field="left")
    width = image.size[0] + amounts["left"] + amounts["right"]
    height = image.size[1] + amounts["top"] + amounts["bottom"]
    if max(width, height) > limit:
        raise EngineError("image_too_large", f"The grown picture must be at most {limit} px on each side.",
                          field="images", max=limit)
    return width, height
