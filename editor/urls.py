from django.urls import path

from editor.views import files, pages

app_name = "editor"

urlpatterns = [
    path("", pages.home, name="home"),
    path("files/<uuid:image_id>/", files.image_file, name="image-file"),
    path("files/<uuid:image_id>/thumb/", files.image_file, {"variant": "thumb"}, name="image-thumb"),
]
