"""Files follow their rows: deleting an Image (one, a queryset, a cascade) removes its files."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from editor.models import Image


def _delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)


@receiver(post_delete, sender=Image, dispatch_uid="editor.image.delete_files")
def delete_image_files(sender, instance, **kwargs):
    names = [instance.file.name, instance.thumbnail.name]
    storage = instance.file.storage
    # After commit: a rolled-back delete must not leave a row pointing at missing files.
    transaction.on_commit(lambda: _delete_files(storage, names))
