from django.urls import path

from editor.views import files, gallery, moderation, pages

app_name = "editor"

urlpatterns = [
    path("", pages.home, name="home"),
    path("editor/", pages.canvas, name="canvas"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("files/<uuid:image_id>/", files.image_file, name="image-file"),
    path("files/<uuid:image_id>/thumb/", files.image_file, {"variant": "thumb"}, name="image-thumb"),
    path("files/<uuid:image_id>/download/", files.image_file, {"variant": "download"},
         name="image-download"),
    # Galleries and moderation (galleries engineer).
    path("gallery/", gallery.public_gallery, name="gallery"),
    path("gallery/mine/", gallery.my_gallery, name="gallery-mine"),
    path("gallery/image/<uuid:image_id>/", gallery.image_detail, name="gallery-image"),
    path("gallery/image/<uuid:image_id>/edit/", gallery.image_update, name="gallery-image-update"),
    path("gallery/image/<uuid:image_id>/keep/", gallery.image_keep, name="gallery-image-keep"),
    path("gallery/image/<uuid:image_id>/delete/", gallery.image_delete, name="gallery-image-delete"),
    path("gallery/image/<uuid:image_id>/report/", gallery.image_report, name="gallery-image-report"),
    path("moderation/", moderation.moderation_page, name="moderation"),
    path("moderation/decide/", moderation.decide, name="moderation-decide"),
    path("moderation/users/<int:user_id>/ban/", moderation.set_ban, name="moderation-ban"),
]
