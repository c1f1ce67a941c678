"""Routes of the editor's autosave API, included under /api/v1/ from config/urls.py."""

from django.urls import path

from editor.views import canvas

urlpatterns = [
    path("canvas/", canvas.CanvasStateView.as_view(), name="canvas-state"),
    path("canvas/picture/", canvas.CanvasPictureView.as_view(), name="canvas-picture"),
]
