"""What the websocket hears: the job's JSON shape and the channel-layer sends.

Every send goes to the owner's group "user.<id>" only, so a user hears about their own jobs.
Senders call these after the database commit (actions use transaction.on_commit).
"""

import base64
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import translation

from generation.errors import message_for

logger = logging.getLogger(__name__)

# Params the client sent (or that were filled in for it); internal keys stay private.
PUBLIC_PARAMS = (
    "prompt", "negative_prompt", "style", "width", "height", "aspect_ratio", "steps",
    "guidance_scale", "seed", "num_images", "strength", "weights",
)


def group_name(user_id):
    return f"user.{user_id}"


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def serialize_job(job):
    """The public job shape (docs/api.md). Messages are in the active language."""
    error = None
    if job.error_code:
        error = {"code": job.error_code, "message": message_for(job.error_code, job.error_message)}
    results = [
        {"id": str(image.id), "url": image.get_file_url(), "width": image.width, "height": image.height}
        # Sorted here, not with .order_by(), which would drop the list's prefetch (a query per job).
        for image in sorted(job.results.all(), key=lambda image: (image.created_at, image.id))
    ] if job.status == job.Status.SUCCEEDED else []
    return {
        "id": str(job.id),
        "kind": job.kind,
        "status": job.status,
        "progress": 1.0 if job.status == job.Status.SUCCEEDED else job.progress,
        "step": job.step,
        "total_steps": job.total_steps,
        "queue_position": job.queue_position if job.status == job.Status.QUEUED else None,
        "cancel_requested": job.cancel_requested,
        "params": {k: job.params[k] for k in PUBLIC_PARAMS if k in job.params},
        "results": results,
        "error": error,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
    }


def _send(user_id, message):
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(group_name(user_id), {"type": "job.event", "message": message})
    except Exception:  # a notification must never break the state change it reports
        logger.exception("Could not publish a job event to user %s", user_id)


def publish_job(job):
    # The message is rendered in the job's language: the socket has no request to ask.
    with translation.override(job.language or None):
        _send(job.owner_id, {"type": "job", "job": serialize_job(job)})


def publish_progress(job, preview_jpeg=None):
    preview = None
    if preview_jpeg:
        preview = "data:image/jpeg;base64," + base64.b64encode(preview_jpeg).decode("ascii")
    _send(job.owner_id, {
        "type": "progress", "job_id": str(job.id), "step": job.step,
        "total_steps": job.total_steps, "progress": job.progress, "preview": preview,
    })
