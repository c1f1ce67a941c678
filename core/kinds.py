"""The kinds of generation job, with their labels: the one list the web side reads (the Job
model's choices, the gallery's kind filter). The engine keeps the framework-free tuple it can
run (generation.engine.params.KINDS); tests/foundation/test_dependencies.py checks they agree."""

from django.utils.translation import gettext_lazy as _

JOB_KINDS = (
    ("text2img", _("Text to image")),
    ("inpaint", _("Inpainting")),
    ("outpaint", _("Outpainting")),
    ("fusion", _("Image and text fusion")),
    ("mix", _("Mixing images")),
    ("variation", _("Variations")),
)
