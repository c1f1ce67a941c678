"""API shapes of gallery images: the owner's full view and the public one."""

from rest_framework import serializers

from editor.models import Image

# What of a generation's params the public may see and a remix needs; nothing about stored
# input files or internals.
PUBLIC_PARAM_KEYS = (
    "prompt", "negative_prompt", "style", "seed", "width", "height", "steps",
    "guidance_scale", "aspect_ratio", "strength",
)


def public_params(image):
    params = image.params if isinstance(image.params, dict) else {}
    return {key: params[key] for key in PUBLIC_PARAM_KEYS if key in params}


class _ImageBase(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    params = serializers.SerializerMethodField()

    def get_url(self, image) -> str:
        return image.get_file_url()

    def get_thumbnail_url(self, image) -> str:
        return image.get_thumbnail_url()

    def get_params(self, image) -> dict:
        return public_params(image)


class ImageSerializer(_ImageBase):
    """The owner's view: everything including the moderation state and the rejection reason."""

    job = serializers.UUIDField(source="job_id", read_only=True, allow_null=True)
    title = serializers.CharField(max_length=200, allow_blank=True, required=False)
    visibility = serializers.ChoiceField(choices=Image.Visibility.choices, required=False)

    class Meta:
        model = Image
        fields = [
            "id", "title", "kind", "width", "height", "url", "thumbnail_url", "visibility",
            "moderation", "moderation_reason", "params", "job", "kept", "created_at",
        ]
        read_only_fields = [
            "id", "kind", "width", "height", "moderation", "moderation_reason", "kept", "created_at",
        ]
        extra_kwargs = {"kept": {"help_text": "In My gallery. A job's results are not until kept "
                                              "(POST /images/{id}/keep/); Discard deletes one never kept."}}


class PublicImageSerializer(_ImageBase):
    author = serializers.CharField(source="owner.shown_name", read_only=True)
    prompt = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = ["id", "title", "kind", "width", "height", "url", "thumbnail_url", "prompt",
                  "params", "author", "created_at"]
        read_only_fields = fields

    def get_prompt(self, image) -> str:
        return public_params(image).get("prompt", "")
