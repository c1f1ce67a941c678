"""Small helpers for templates/base.html."""

from django import template

register = template.Library()


@register.filter
def startswith(value, prefix):
    return str(value).startswith(prefix)


@register.filter
def initial(user):
    """The first letter of a user's shown name, for the avatar chip."""
    name = getattr(user, "shown_name", "") or "?"
    return name[:1].upper()
