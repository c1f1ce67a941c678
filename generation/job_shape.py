"""The public job shape (docs/api.md): one DRF serializer for the REST answers, the websocket's
"job" events (generation.events.serialize_job) and the OpenAPI schema, so they cannot drift.
Messages are rendered in the active language."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.errors import message_for
from generation import queue_order
from generation.models import Job

# Params the client sent (or that were filled in for it); internal keys stay private.
PUBLIC_PARAMS = (
    "prompt", "negative_prompt", "style", "width", "height", "aspect_ratio", "steps",
    "guidance_scale", "seed", "num_images", "strength", "weights",
)


class JobResultSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.CharField(source="get_file_url")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    kept = serializers.BooleanField(help_text="In My gallery (accepted, kept or shared); until then the "
                                              "result is only the job's history.")


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class JobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Job.Kind.choices)
    status = serializers.ChoiceField(choices=Job.Status.choices)
    seq = serializers.IntegerField(help_text="Bumped by every change of the job: of two answers or events "
                                             "about one job, the higher seq is the newer.")
    progress = serializers.SerializerMethodField(help_text="0..1")
    step = serializers.IntegerField()
    total_steps = serializers.IntegerField()
    queue_position = serializers.SerializerMethodField(help_text="1 = next to start; null unless queued.")
    cancel_requested = serializers.BooleanField()
    params = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.FloatField())
    def get_progress(self, job):
        return 1.0 if job.status == Job.Status.SUCCEEDED else job.progress

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_queue_position(self, job):
        if job.status != Job.Status.QUEUED:
            return None
        if "queue_position" in vars(job):  # attached by the caller (queue_order.attach)
            return job.queue_position
        # Derived on read, once per answer (a list shares its context): one query, and none
        # for a page without a queued job.
        if "queue_positions" not in self.context:
            self.context["queue_positions"] = queue_order.positions()
        return self.context["queue_positions"].get(job.pk)

    @extend_schema_field(serializers.DictField())
    def get_params(self, job):
        return {k: job.params[k] for k in PUBLIC_PARAMS if k in job.params}

    @extend_schema_field(JobResultSerializer(many=True))
    def get_results(self, job):
        if job.status != Job.Status.SUCCEEDED:
            return []
        # Sorted here, not with .order_by(), which would drop the list's prefetch (a query per job).
        images = sorted(job.results.all(), key=lambda image: (image.created_at, image.id))
        return JobResultSerializer(images, many=True).data

    @extend_schema_field(ErrorDetailSerializer(allow_null=True))
    def get_error(self, job):
        if not job.error_code:
            return None
        return {"code": job.error_code, "message": message_for(job.error_code, job.error_message)}
