"""What the websocket hears: the job's JSON shape and the channel-layer sends.

Messages: "job" (the job shape), "progress" (a running job's step) and "queue" (the
positions of the user's queued jobs after the queue moved; generation.queue).
Every send goes to the owner's group "user.<id>" only, so a user hears about their own jobs.
Senders call these after the database commit (actions use transaction.on_commit).
"""

import base64
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import translation

from generation.job_shape import JobSerializer

logger = logging.getLogger(__name__)


def group_name(user_id):
    return f"user.{user_id}"


def serialize_job(job):
    """The public job shape, exactly what the REST API answers (generation.job_shape)."""
    return JobSerializer(job).data


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


def publish_positions(user_id, positions):
    """The user's queued jobs moved: {job id: 1-based position} for all of them, one message."""
    _send(user_id, {"type": "queue", "positions": positions})


def publish_progress(job, seq, preview_jpeg=None):
    preview = None
    if preview_jpeg:
        preview = "data:image/jpeg;base64," + base64.b64encode(preview_jpeg).decode("ascii")
    _send(job.owner_id, {
        "type": "progress", "job_id": str(job.id), "seq": seq, "step": job.step,
        "total_steps": job.total_steps, "progress": job.progress, "preview": preview,
    })
