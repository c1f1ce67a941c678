"""Request and response shapes of the jobs API (also what the OpenAPI schema shows)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from generation.events import serialize_job
from generation.models import Job


@extend_schema_field(OpenApiTypes.BINARY)
class PictureField(serializers.Field):
    """A multipart file, or (in JSON) a base64 `data:image/...;base64,` URL. Decoded and
    checked later by generation.inputs, so only the type is checked here."""

    def to_internal_value(self, data):
        if hasattr(data, "read") or isinstance(data, str):
            return data
        raise serializers.ValidationError("Expected a file or a data URL.")


class FloatListField(serializers.ListField):
    """A JSON list, repeated form fields, or one comma-separated form field ("0.3,0.7")."""

    child = serializers.FloatField()

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part for part in data.split(",") if part.strip()]
        elif isinstance(data, list) and len(data) == 1 and isinstance(data[0], str) and "," in data[0]:
            data = [part for part in data[0].split(",") if part.strip()]
        return super().to_internal_value(data)


class JobCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Job.Kind.choices, help_text="Which operation to run.")
    prompt = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True,
                                   help_text="Required for text2img and fusion.")
    negative_prompt = serializers.CharField(required=False, allow_blank=True)
    style = serializers.CharField(required=False, allow_blank=True, help_text="A slug from GET /api/v1/styles/.")
    width = serializers.IntegerField(required=False, allow_null=True, help_text="Multiple of 64.")
    height = serializers.IntegerField(required=False, allow_null=True, help_text="Multiple of 64.")
    aspect_ratio = serializers.CharField(required=False, allow_blank=True,
                                         help_text="1:1, 16:9, 9:16, 3:2 or 2:3; used when width/height are not given.")
    steps = serializers.IntegerField(required=False, allow_null=True)
    guidance_scale = serializers.FloatField(required=False, allow_null=True)
    seed = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                    help_text="Random (and returned in params) when not given.")
    num_images = serializers.IntegerField(required=False, allow_null=True)
    strength = serializers.FloatField(required=False, allow_null=True, help_text="fusion: 0 = the image, 1 = the prompt.")
    weights = FloatListField(required=False, help_text="mix: one weight per image, then per extra prompt.")
    prompts = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False,
                                    help_text="mix: extra text prompts mixed in.")
    image = PictureField(required=False, help_text="inpaint (RGBA, alpha 0 = fill), outpaint, fusion, variation.")
    mask = PictureField(required=False, help_text="inpaint: white = repaint; same size as image.")
    images = serializers.ListField(child=PictureField(), required=False, help_text="mix: two or more pictures.")


class JobResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class JobSerializer(serializers.Serializer):
    """The job shape; the rendering itself is generation.events.serialize_job (the websocket
    sends the very same dict)."""

    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Job.Kind.choices)
    status = serializers.ChoiceField(choices=Job.Status.choices)
    progress = serializers.FloatField(help_text="0..1")
    step = serializers.IntegerField()
    total_steps = serializers.IntegerField()
    queue_position = serializers.IntegerField(allow_null=True, help_text="1 = next to start; null unless queued.")
    cancel_requested = serializers.BooleanField()
    params = serializers.DictField()
    results = JobResultSerializer(many=True)
    error = ErrorDetailSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, job):
        return serialize_job(job)


class ErrorSerializer(serializers.Serializer):
    class _Error(serializers.Serializer):
        code = serializers.CharField()
        message = serializers.CharField()
        fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))

    error = _Error()


class StyleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    prompt_template = serializers.CharField()
    negative_prompt = serializers.CharField()
