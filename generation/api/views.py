"""REST API v1 of the generation app: styles, models, jobs (create, list, read, cancel).

Views only translate HTTP to generation.actions and back; they never touch the engine's models.
"""

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer, flatten_fields, validation_code
from core.errors import ApiError
from core.parsers import JSONParser
from generation import actions, engine_info, job_request, limits
from generation.api.serializers import JobCreateSerializer, ModelVocabularySerializer, StyleSerializer
from generation.job_shape import JobSerializer
from generation.models import Job, StylePreset

ERRORS = {code: OpenApiResponse(ErrorSerializer, description=text) for code, text in {
    400: "Invalid input: error.code says what (see docs/api.md).",
    403: "not_authenticated or authentication_failed (and generation_banned when submitting).",
    404: "No such job, or not yours.",
    409: "job_finished: the job already succeeded or failed.",
    429: "too_many_jobs or rate_limited; see the Retry-After header.",
    503: "model_unavailable: no worker has loaded the model yet.",
}.items()}


def _errors(*codes):
    return {code: ERRORS[code] for code in codes}


class StylesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: StyleSerializer(many=True)}, summary="Style presets",
                   description="Active styles, names in the request's language.")
    def get(self, request):
        language = get_language()
        return Response([
            {"slug": s.slug, "name": s.name_for(language), "prompt_template": s.prompt_template,
             "negative_prompt": s.negative_prompt}
            for s in StylePreset.objects.filter(active=True)
        ])


# The engine's backend.info() as published by a worker (generation.engine_info.public_info).
MODEL_INFO = inline_serializer("ModelInfo", {
    "name": serializers.CharField(),
    "kinds": serializers.ListField(child=serializers.CharField()),
    **{name: serializers.IntegerField() for name in (
        "default_size", "max_size", "min_size", "size_multiple", "default_steps", "max_steps",
        "default_prior_steps", "max_prior_steps", "max_images", "max_input_pixels", "max_extra_prompts")},
    "default_strength": serializers.FloatField(
        help_text="Fusion's strength when a job gives none (0 = the picture, 1 = the prompt)."),
    "max_image_steps": serializers.IntegerField(
        help_text="A job's planned steps × pictures made may not exceed this (400 job_too_long)."),
    "aspect_ratios": serializers.DictField(child=serializers.ListField(child=serializers.IntegerField()),
                                           help_text='{"1:1": [width, height], "16:9": ..., ...}'),
    "device": serializers.CharField(),
    "dtype": serializers.CharField(),
    "languages": serializers.ListField(child=serializers.CharField()),
    "translation": serializers.BooleanField(help_text="Whether non-English prompts are translated."),
    "vocabulary": ModelVocabularySerializer(
        allow_null=True, help_text="The words a closed-vocabulary model (nano) draws, in English and Russian; "
                                   "null for models that read any text."),
    "examples": serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Example prompts by language, {"en": [...], "ru": [...]}, the same scenes in the same order; '
                  "{} when the model has none."),
})


class ModelsView(APIView):
    @extend_schema(
        summary="The active model backend",
        responses={200: MODEL_INFO, **_errors(403, 503)})
    def get(self, request):
        return Response(engine_info.public_info())


def own_job(request, job_id):
    """The requester's job; anyone else's is a 404, exactly like a missing one."""
    job = Job.objects.filter(pk=job_id, owner=request.user).first()
    if job is None:
        raise ApiError("not_found", status=404)
    return job


class JobsView(generics.GenericAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = JobSerializer

    def get_queryset(self):
        return Job.objects.filter(owner=self.request.user).order_by("-created_at").prefetch_related("results")

    @extend_schema(summary="My jobs, newest first", responses={200: JobSerializer(many=True), **_errors(403)})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(JobSerializer(page, many=True).data)

    @extend_schema(
        summary="Submit a job",
        request={"multipart/form-data": JobCreateSerializer, "application/json": JobCreateSerializer},
        responses={201: JobSerializer, **_errors(400, 403, 429, 503)},
    )
    def post(self, request):
        limits.check(request.user)  # cheap refusals before any picture is decoded
        form = JobCreateSerializer(data=request.data)
        if not form.is_valid():
            fields = flatten_fields(form.errors)
            raise ApiError(validation_code(fields), fields=fields)
        job = actions.submit(request.user, job_request.build(form.validated_data), language=get_language())
        return Response(JobSerializer(job).data, status=status.HTTP_201_CREATED)


class JobView(APIView):
    @extend_schema(summary="One of my jobs", responses={200: JobSerializer, **_errors(403, 404)})
    def get(self, request, job_id):
        return Response(JobSerializer(own_job(request, job_id)).data)


class JobCancelView(APIView):
    @extend_schema(summary="Cancel a job", request=None,
                   description="Queued: cancelled, never runs. Running: stops at the next step "
                               "(status becomes cancelled shortly; watch the socket).",
                   responses={202: JobSerializer, **_errors(403, 404, 409)})
    def post(self, request, job_id):
        job = actions.cancel(own_job(request, job_id))
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
