"""Request and response shapes of the jobs API (also what the OpenAPI schema shows)."""

from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.errors import ApiError
from generation.models import Job

# The engine's list bounds (validation.IMAGE_COUNTS["mix"], backends.base.MAX_EXTRA_PROMPTS),
# written out so the web process starts without importing torch; tests/jobs/test_bounds.py
# checks they match. Enforced here too so an over-long list is refused before it is parsed.
MAX_MIX_IMAGES = 4
MAX_EXTRA_PROMPTS = 4
MAX_WEIGHTS = MAX_MIX_IMAGES + MAX_EXTRA_PROMPTS


class TextField(serializers.CharField):
    """Text only: DRF's CharField would turn a JSON 0 or true into the prompt "0" or "True"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BoundedListField(serializers.ListField):
    """A list refused with `too_long_code` when over max_length, before any item is parsed
    (or any picture decoded)."""

    def __init__(self, *, too_long_code, **kwargs):
        self.too_long_code = too_long_code
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, (list, tuple)) and len(data) > self.max_length:
            message = ngettext("At most %(max)d item.", "At most %(max)d items.", self.max_length)
            raise ApiError(self.too_long_code, fields={self.field_name: [message % {"max": self.max_length}]})
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.BINARY)
class PictureField(serializers.Field):
    """A multipart file, or (in JSON) a base64 `data:image/...;base64,` URL. Decoded and
    checked later by generation.inputs, so only the type is checked here."""

    def to_internal_value(self, data):
        if hasattr(data, "read") or isinstance(data, str):
            return data
        raise serializers.ValidationError("Expected a file or a data URL.")


class FloatListField(BoundedListField):
    """A JSON list, repeated form fields, or one comma-separated form field ("0.3,0.7")."""

    child = serializers.FloatField()

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part for part in data.split(",") if part.strip()]
        elif isinstance(data, list) and len(data) == 1 and isinstance(data[0], str) and "," in data[0]:
            data = [part for part in data[0].split(",") if part.strip()]
        return super().to_internal_value(data)


class JobCreateSerializer(serializers.Serializer):
    """Which fields a job needs depends on its `kind`, and some bounds on the model's limits
    (GET /api/v1/models/); both are checked before anything is queued (400 with a code, see
    docs/api.md):

    - text2img: `prompt` (not blank); no pictures.
    - fusion: `prompt` and `image`; `strength` in (0, 1].
    - inpaint: `image` with transparency, or `image` + `mask` of the same size; `prompt` optional.
    - outpaint, variation: `image`.
    - mix: `images` (2 to 4); `prompts` (up to 4) and `weights` (one per picture, then per prompt).
    - `width`, `height`: multiples of 64 in [min_size, max_size]; `steps` in [1, max_steps];
      `num_images` in [1, max_images]; `guidance_scale` in [0, 20].
    - The whole job: planned steps × pictures made ≤ max_image_steps (400 job_too_long).
    - Pictures: PNG, JPEG or WebP files (multipart) or base64 data URLs (JSON).
    """

    kind = serializers.ChoiceField(choices=Job.Kind.choices, help_text="Which operation to run.")
    prompt = TextField(required=False, allow_blank=True, trim_whitespace=True,
                       help_text="Required for text2img and fusion.")
    negative_prompt = TextField(required=False, allow_blank=True)
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
    strength = serializers.FloatField(
        required=False, allow_null=True,
        help_text="fusion: 0 = the image, 1 = the prompt; absent or null: the model's `default_strength` "
                  "(GET /api/v1/models/).")
    weights = FloatListField(required=False, max_length=MAX_WEIGHTS, too_long_code="invalid_weights",
                             help_text="mix: one weight per image, then per extra prompt.")
    prompts = BoundedListField(child=TextField(allow_blank=True), required=False, max_length=MAX_EXTRA_PROMPTS,
                               too_long_code="too_many_prompts", help_text="mix: extra text prompts mixed in.")
    image = PictureField(required=False, help_text="inpaint (RGBA, alpha 0 = fill), outpaint, fusion, variation.")
    mask = PictureField(required=False, help_text="inpaint: white = repaint; same size as image.")
    images = BoundedListField(child=PictureField(), required=False, max_length=MAX_MIX_IMAGES,
                              too_long_code="too_many_images", help_text="mix: two to four pictures.")


class StyleSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    prompt_template = serializers.CharField()
    negative_prompt = serializers.CharField()


class VocabularyTermSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The word's id: the English word (red, circle, big, left).")
    en = serializers.CharField(help_text='As said in English ("on the left").')
    ru = serializers.CharField(help_text='In Russian, masculine nominative ("жёлтый"; any gender and case is read).')


class ModelVocabularySerializer(serializers.Serializer):
    """GET /api/v1/models/ `vocabulary`: what a closed-vocabulary backend (nano) draws."""

    colours = VocabularyTermSerializer(many=True)
    shapes = VocabularyTermSerializer(many=True)
    sizes = VocabularyTermSerializer(many=True)
    positions = VocabularyTermSerializer(many=True)
