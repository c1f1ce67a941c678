"""REST API v1 routes of the editor app (saved images, public gallery)."""

from django.urls import path

from editor import api

urlpatterns = [
    path("images/", api.MyImagesView.as_view(), name="api-images"),
    path("images/<uuid:image_id>/", api.MyImageView.as_view(), name="api-image"),
    path("images/<uuid:image_id>/keep/", api.KeepView.as_view(), name="api-image-keep"),
    path("images/<uuid:image_id>/discard/", api.DiscardView.as_view(), name="api-image-discard"),
    path("images/<uuid:image_id>/report/", api.ReportView.as_view(), name="api-image-report"),
    path("gallery/", api.GalleryView.as_view(), name="api-gallery"),
    path("gallery/<uuid:image_id>/", api.GalleryImageView.as_view(), name="api-gallery-image"),
]
