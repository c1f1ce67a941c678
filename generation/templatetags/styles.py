"""{{ slug|style_name }}: a style preset's name in the active language, for pages that show a
picture's params (the gallery's detail page). A filter here rather than a lookup in editor's
views: editor must not import generation (generation already imports editor)."""

from django import template
from django.utils.translation import get_language

from generation.models import StylePreset

register = template.Library()


@register.filter
def style_name(slug):
    """The preset's translated name; a slug no preset has (deleted since) as it is."""
    preset = StylePreset.objects.filter(slug=slug).first() if slug else None
    return preset.name_for(get_language()) if preset else slug
