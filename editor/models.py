import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.kinds import JOB_KINDS


def _random_name(folder, filename):
    """Files get random names: a URL or a file name never reveals who made what."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    token = uuid.uuid4().hex
    return f"{folder}/{token[:2]}/{token}.{ext}"


def image_upload_to(instance, filename):
    return _random_name("images", filename)


def thumbnail_upload_to(instance, filename):
    return _random_name("thumbs", filename)


def canvas_upload_to(instance, filename):
    return _random_name("canvas", filename)


def kind_choices():
    """Every value Image.kind takes, with its label: uploads, canvases and generation kinds."""
    return [("upload", _("Upload")), ("canvas", _("Saved canvas")), *JOB_KINDS]


def filter_by_kind(queryset, kind):
    """The `?kind=` filter of the gallery lists. Only known kinds reach the database: anything
    else matches nothing (and PostgreSQL would refuse a NUL byte in the query with a 500)."""
    if not kind:
        return queryset
    return queryset.filter(kind=kind) if kind in dict(kind_choices()) else queryset.none()


# The `?kept=` filter of my images: what My gallery holds (the default), the jobs' results
# not kept (the history), or both.
KEPT_FILTERS = {"true": {"kept": True}, "false": {"kept": False}, "all": {}}


def filter_by_kept(queryset, value):
    """None for a value that is not one of KEPT_FILTERS (the caller answers 400)."""
    lookup = KEPT_FILTERS.get(value or "true")
    return None if lookup is None else queryset.filter(**lookup)


class Image(models.Model):
    """A picture of a user: an upload, a saved canvas or a generation result.

    Every result of a job is stored (the job's history), but only what the user keeps is in
    My gallery: uploads and canvases are kept at once, a result once it is accepted onto the
    canvas, kept explicitly, shared or delivered to Telegram (editor.actions.keep). A result
    never kept can be discarded (deleted) from the staging strip.
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private")
        PUBLIC = "public", _("Public")

    class Moderation(models.TextChoices):
        NONE = "none", _("Not submitted")
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="images",
        verbose_name=_("owner"),
    )
    file = models.ImageField(_("file"), upload_to=image_upload_to, width_field="width",
                             height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_upload_to, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # "upload", "canvas" or a generation kind (text2img, inpaint, ...).
    kind = models.CharField(_("kind"), max_length=20, default="upload", db_index=True)
    job = models.ForeignKey(
        "generation.Job", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="results", verbose_name=_("job"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    kept = models.BooleanField(_("kept in My gallery"), default=True, db_index=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.NONE,
        db_index=True,
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        if self.title:
            return self.title
        # Untitled: what it is, its size and date read better than a UUID (the admin's lists).
        created = date_format(localtime(self.created_at), "SHORT_DATETIME_FORMAT") if self.created_at else ""
        return " · ".join(str(part) for part in (self.kind_label, f"{self.width}×{self.height}", created) if part)

    @property
    def kind_label(self):
        return dict(kind_choices()).get(self.kind, self.kind)

    @property
    def is_public(self):
        return (
            self.visibility == self.Visibility.PUBLIC
            and self.moderation == self.Moderation.APPROVED
        )

    def can_view(self, user):
        """Owner and staff always; everyone else only when public and approved."""
        if self.is_public:
            return True
        return bool(user and user.is_authenticated and (user.is_staff or user.pk == self.owner_id))

    def get_file_url(self):
        return reverse("editor:image-file", args=[self.id])

    def get_thumbnail_url(self):
        return reverse("editor:image-thumb", args=[self.id])

    def get_absolute_url(self):
        return reverse("editor:gallery-image", args=[self.id])


class Report(models.Model):
    """A logged-in user's complaint about a public image; one per user per image."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="reports",
                              verbose_name=_("image"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made",
        verbose_name=_("reporter"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    # Set when staff decide on the image, so old reports do not count towards the next review.
    resolved = models.BooleanField(_("resolved"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["image", "reporter"], name="one_report_per_user_image")
        ]

    def __str__(self):
        return f"{self.reporter} → {self.image_id}"


class ModerationLog(models.Model):
    """Who did what to which image or user, when and why. Written by editor.actions only."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        AUTO_APPROVE = "auto_approve", _("Approved automatically (trusted user)")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        HIDE = "hide", _("Hidden")
        REPORTED = "reported", _("Sent back to review after reports")
        BAN = "ban", _("Banned from generating")
        UNBAN = "unban", _("Allowed to generate again")

    # Null actor: the system did it (a report threshold, a trusted user's auto-approval).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="moderation_actions", verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    image = models.ForeignKey(Image, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="moderation_log", verbose_name=_("image"))
    # Kept as text too, so the log still names an image after it was deleted.
    image_ref = models.CharField(_("image id"), max_length=64, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="moderation_log_entries", verbose_name=_("user"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_action_display()} {self.image_ref or self.target_user_id}"


class CanvasState(models.Model):
    """The editor's autosave: one per user, so a reload or another browser carries on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="canvas_state"
    )
    picture = models.ImageField(upload_to=canvas_upload_to, blank=True)
    # Window position/size, zoom/pan, prompt and settings, as the browser sends them.
    state = models.JSONField(default=dict, blank=True)
    # Bumped by every save; a save must name the revision it started from, so a stale tab
    # cannot overwrite what another tab saved in between (it gets a 409 and chooses).
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
