"""Every error code a client can see, with its English message (translated when shown), and
the coded errors that carry them. Shared by every app (the bottom of the dependency picture,
docs/architecture.md): the code is the contract, the message is for people and is rendered in
the language active when the error is serialized.
"""

from django.utils.translation import gettext_lazy as _


class CodedError(Exception):
    """`code` for machines, `message` (already translated) for people, optional `field`."""

    status = 400

    def __init__(self, code, message, field=None, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self):
        fields = {self.field: [str(self.message)]} if self.field else {}
        return {"error": {"code": self.code, "message": str(self.message), "fields": fields}}


MESSAGES = {
    # Request validation (400)
    "invalid": _("Some fields are not valid."),
    "parse_error": _("The request body could not be read."),
    "prompt_required": _("Please write a prompt for this kind of job."),
    "prompt_too_long": _("The prompt is too long."),
    "prompt_rejected": _("This prompt is not allowed by the site rules."),
    "unknown_style": _("Unknown style."),
    "invalid_size": _("Width and height must be multiples of 64 within the allowed range."),
    "invalid_aspect_ratio": _("Unknown aspect ratio."),
    "invalid_steps": _("The number of steps is out of range."),
    "invalid_num_images": _("The number of images is out of range."),
    "invalid_guidance": _("The guidance scale is out of range."),
    "invalid_strength": _("The strength must be between 0 and 1."),
    "invalid_seed": _("The seed must be a non-negative whole number."),
    "invalid_weights": _("Give one non-negative weight per picture (and per extra prompt)."),
    "too_many_images": _("Too many images."),
    "too_many_prompts": _("Too many extra prompts."),
    "job_too_long": _("This job would take too long: use fewer steps, pictures or prompts."),
    # Upload refusals (file_required, file_too_large, empty_file, unsupported_format,
    # image_too_large, invalid_image) come from editor.uploads with their own messages.
    "image_too_large": _("The image is too large."),
    "mask_size_mismatch": _("The mask must be the same size as the image."),
    "unsupported_media_type": _("Unsupported content type."),
    # Engine checks (generation.engine.validation), before queueing or in the worker
    "unsupported_kind": _("Unknown kind of job."),
    "unsupported_backend": _("Unknown image model."),
    "invalid_prompt": _("The prompt must be text."),
    "invalid_style": _("The style template must contain {prompt}."),
    "translation_unavailable": _("This model understands English only; write the prompt in English."),
    "too_few_images": _("This kind of job needs more pictures."),
    "invalid_image": _("The file is not a readable image."),
    "image_too_small": _("The picture is too small."),
    "empty_mask": _("There is nothing to fill: erase or mask part of the picture first."),
    "invalid_feather": _("The seam width is out of range."),
    # Authentication and permissions
    "not_authenticated": _("Please log in."),
    "authentication_failed": _("Invalid credentials or token."),
    "permission_denied": _("You are not allowed to do this."),
    "generation_banned": _("Generating images is disabled for your account."),
    "not_found": _("Not found."),
    "method_not_allowed": _("Method not allowed."),
    "job_finished": _("The job has already finished."),
    # Limits (429)
    "too_many_jobs": _("You have too many jobs queued or running. Wait for one to finish."),
    "rate_limited": _("Too many jobs submitted in the last minute. Try again shortly."),
    "throttled": _("Too many requests. Try again shortly."),
    # Job outcomes
    "worker_lost": _("The worker running this job stopped unexpectedly."),
    "timeout": _("The job took too long and was stopped."),
    "internal_error": _("Something went wrong while generating. Please try again."),
    "model_unavailable": _("The image model is not available right now."),
    "service_unavailable": _("The service is briefly unavailable. Try again in a few seconds."),
    "bad_message": _("Malformed message."),
    "error": _("Something went wrong."),
}


def message_for(code, fallback=""):
    """The message for `code` in the active language; unknown codes keep the stored text."""
    if code in MESSAGES:
        return str(MESSAGES[code])
    return fallback or str(MESSAGES["error"])


class ApiError(CodedError):
    """A client error with a stable code whose message comes from MESSAGES; `fields` maps
    field names to lists of messages. Rendered by core.api.exception_handler."""

    def __init__(self, code, status=400, fields=None, retry_after=None):
        super().__init__(code, MESSAGES.get(code, MESSAGES["error"]), status=status)
        self.fields = fields or {}
        self.retry_after = retry_after

    def as_dict(self):
        fields = {name: [str(m) for m in (msgs if isinstance(msgs, (list, tuple)) else [msgs])]
                  for name, msgs in self.fields.items()}
        return {"error": {"code": self.code, "message": str(self.message), "fields": fields}}
