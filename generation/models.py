import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.kinds import JOB_KINDS


class Job(models.Model):
    """One generation request. This row is the source of truth; websocket events only notify."""

    # From the one list of kinds (core.kinds); Job.Kind.TEXT2IMG == "text2img" and so on.
    Kind = models.TextChoices("Kind", [(kind.upper(), (kind, label)) for kind, label in JOB_KINDS])

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    params = models.JSONField(default=dict, blank=True)
    # Stored input files (re-encoded, random names), in the order the engine wants them.
    inputs = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=8, blank=True)
    step = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    # Set when the job is sent to the broker. Each user has at most one job waiting there, so
    # the broker order is round-robin across users (see generation/queue.py).
    dispatched_at = models.DateTimeField(null=True, blank=True, db_index=True)
    worker_id = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Bumped (with F(), in the same UPDATE) by every change that is published, so a client can
    # order a job's events and answers and drop a stale one (docs/api.md).
    seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # Not a column: derived on read from the fair rule (generation.queue_order.attach sets it).
    queue_position = None

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.id} ({self.status})"

    @property
    def progress(self):
        return round(self.step / self.total_steps, 4) if self.total_steps else 0.0

    @property
    def is_finished(self):
        return self.status in self.FINISHED


class StylePreset(models.Model):
    """A named prompt template ("{prompt}, watercolour painting") offered in the editor."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_ru = models.CharField(_("name (Russian)"), max_length=80)
    prompt_template = models.CharField(
        _("prompt template"), max_length=500, default="{prompt}",
        help_text=_("Must contain {prompt}, where the user's prompt goes."),
    )
    negative_prompt = models.CharField(_("negative prompt"), max_length=500, blank=True)
    ordering = models.PositiveIntegerField(_("ordering"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["ordering", "slug"]
        verbose_name = _("style preset")
        verbose_name_plural = _("style presets")

    def __str__(self):
        return self.name_en

    def name_for(self, language):
        return self.name_ru if (language or "").startswith("ru") and self.name_ru else self.name_en

    def clean(self):
        from django.core.exceptions import ValidationError

        if "{prompt}" not in self.prompt_template:
            raise ValidationError({"prompt_template": _("The template must contain {prompt}.")})


class BlockedTerm(models.Model):
    """One entry of the prompt blocklist: a word (any of its word forms) or a regular expression."""

    class Match(models.TextChoices):
        WORD = "word", _("Word and its forms")
        REGEX = "regex", _("Regular expression")

    term = models.CharField(_("term"), max_length=200)
    match = models.CharField(_("match"), max_length=10, choices=Match.choices, default=Match.WORD)
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocked terms")

    def __str__(self):
        return self.term

    def clean(self):
        import re

        from django.core.exceptions import ValidationError

        if self.match == self.Match.REGEX:
            try:
                re.compile(self.term)
            except re.error as exc:
                raise ValidationError({"term": _("Not a valid regular expression: %(error)s") % {"error": exc}})


class RejectedPrompt(models.Model):
    """A prompt the blocklist stopped before it reached a worker, kept for staff review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rejected_prompts",
        verbose_name=_("user"),
    )
    prompt = models.TextField(_("prompt"))
    term = models.CharField(_("matched term"), max_length=200)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rejected prompt")
        verbose_name_plural = _("rejected prompts")

    def __str__(self):
        return f"{self.user}: {self.prompt[:50]}"
