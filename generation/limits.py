"""Who may submit, and how much: the generation ban, active jobs per user, jobs per minute.

Counted from the Job table itself (the source of truth), so a limit is exact whichever web
process answers. Over a limit → 429 with Retry-After.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.errors import ApiError
from generation.models import Job

WINDOW = 60  # seconds of the per-minute rate


def check(user, lock=False):
    if lock:
        # Serializes one user's concurrent submits on PostgreSQL (a no-op on SQLite, whose
        # writes are serialized anyway).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if user.generation_banned:
        raise ApiError("generation_banned", status=403)
    jobs = Job.objects.filter(owner=user)
    if jobs.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)).count() >= settings.JOB_MAX_ACTIVE_PER_USER:
        raise ApiError("too_many_jobs", status=429, retry_after=settings.JOB_RETRY_AFTER_ACTIVE)
    since = timezone.now() - timezone.timedelta(seconds=WINDOW)
    recent = list(jobs.filter(created_at__gte=since).order_by("created_at").values_list("created_at", flat=True)
                  [: settings.JOB_RATE_PER_MINUTE])
    if len(recent) >= settings.JOB_RATE_PER_MINUTE:
        # The oldest submission in the window leaves it first; then one more fits.
        wait = (recent[0] + timezone.timedelta(seconds=WINDOW) - timezone.now()).total_seconds()
        raise ApiError("rate_limited", status=429, retry_after=max(1, int(wait) + 1))
