"""From the API's fields to what the engine runs: style applied, pictures decoded, checked by
the engine's own validate() before anything is stored or queued.

Job.params keeps the user's fields (shown back in the job and copied to result images) plus
the style's template and negative prompt as they were at submit time, so editing a style
later never changes a queued job. generation.params maps them to the engine's params.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import ApiError, message_for
from generation import engine_info, inputs
from generation.models import StylePreset
from generation.params import ENGINE_FIELDS, to_generation_params

# Pictures each kind takes, in the engine's order (see generation.engine.run).
PICTURE_FIELDS = {
    "text2img": (), "inpaint": ("image", "mask"), "outpaint": ("image",), "fusion": ("image",),
    "mix": ("images",), "variation": ("image",),
}


@dataclass
class JobRequest:
    kind: str
    params: dict
    images: list = field(default_factory=list)  # [(role, PIL image)]

    def texts(self):
        """What moderation reads."""
        return [self.params.get("prompt", ""), self.params.get("negative_prompt", ""),
                *(self.params.get("prompts") or [])]


def _style(slug):
    if not slug:
        return None
    style = StylePreset.objects.filter(slug=slug, active=True).first()
    if style is None:
        raise ApiError("unknown_style", fields={"style": [_("No such style: %(slug)s") % {"slug": slug}]})
    return style


def _pictures(kind, data):
    pictures = []
    for name in PICTURE_FIELDS[kind]:
        value = data.get(name)
        if name == "images":
            pictures += [("images", inputs.load_upload(v, f"images[{i}]")) for i, v in enumerate(value or [])]
        elif value not in (None, ""):
            pictures.append((name, inputs.load_upload(value, name)))
    return pictures


def build(data):
    """A validated JobRequest from the serializer's data; ApiError on any problem."""
    from generation.engine import EngineError, validate

    kind = data["kind"]
    style = _style(data.get("style"))
    params = {k: data[k] for k in ("prompt", "negative_prompt", *ENGINE_FIELDS) if data.get(k) not in (None, "")}
    params.setdefault("prompt", "")
    if style is not None:
        params.update(style=style.slug, style_template=style.prompt_template, style_negative=style.negative_prompt)
    pictures = _pictures(kind, data)
    backend = engine_info.stand_in()
    try:
        validate(backend, kind, to_generation_params(params), [p for _, p in pictures])
    except EngineError as exc:
        name = exc.details.get("field") or "non_field_errors"
        raise ApiError(exc.code, fields={name: [message_for(exc.code, exc.message)]}) from None
    if kind == "fusion":  # the strength it runs at, so its params reproduce it (as the seed does)
        params.setdefault("strength", backend.limits.default_strength)
    return JobRequest(kind=kind, params=params, images=pictures)
