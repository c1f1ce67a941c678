from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GenerationConfig(AppConfig):
    name = "generation"
    verbose_name = _("Generation")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Both the web (uploads) and the worker (stored inputs) load apps: one place for both.
        Image.MAX_IMAGE_PIXELS = settings.PIL_MAX_IMAGE_PIXELS
