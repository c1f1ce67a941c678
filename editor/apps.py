from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorConfig(AppConfig):
    name = "editor"
    verbose_name = _("Editor and galleries")

    def ready(self):
        from editor import signals  # noqa: F401  (connects the file-deletion handler)
