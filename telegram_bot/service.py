"""The bot's side of the backend, synchronous Django code the async handlers call in a thread.

Jobs go through generation.job_request.build and generation.actions.submit like the web's, so
limits, the blocklist, bans and galleries are the same. Delivery is claimed with a
compare-and-set UPDATE, so each finished job reaches its chat once, even across restarts.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.errors import ApiError
from editor import actions as editor_actions
from editor.models import Image
from generation import actions, job_request, queue_order
from generation.models import Job
from telegram_bot.models import LinkCode, TelegramAccount, TelegramJob

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def language_for(telegram_code):
    """The site language closest to Telegram's language_code ("ru-RU" → "ru"), else English."""
    base = (telegram_code or "").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def account_for(telegram_id, telegram_code="", username=""):
    """The TelegramAccount of this Telegram user, creating a site user on first use."""
    account = TelegramAccount.objects.select_related("user").filter(telegram_id=telegram_id).first()
    if account is not None:
        return account
    language = language_for(telegram_code)
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            f"tg{telegram_id}", display_name=(username or "")[:80], language=language)
        user.set_unusable_password()  # a Telegram-only account logs in through a link code
        user.save(update_fields=["password"])
        return TelegramAccount.objects.create(telegram_id=telegram_id, user=user, language=language)


def _hash(code):
    return hashlib.sha256(code.encode()).hexdigest()


def issue_link_code(user):
    """A fresh one-time code for the profile page's deep link; only its hash is kept."""
    code = secrets.token_urlsafe(24)  # 32 characters: fits Telegram's 64-char start parameter
    LinkCode.objects.create(
        user=user, code_hash=_hash(code),
        expires_at=timezone.now() + timezone.timedelta(minutes=settings.TELEGRAM_LINK_CODE_MINUTES))
    return code


def valid_link_code(code):
    """The LinkCode for `code` while it is unused and unexpired, else None."""
    return LinkCode.objects.select_related("user").filter(
        code_hash=_hash(code or ""), used_at__isnull=True, expires_at__gt=timezone.now()).first()


def confirm_link(code, telegram_id):
    """Link this Telegram user to the code's site user; False when the code is not valid
    (expired, used, unknown). Marking it used is a compare-and-set: a second press loses."""
    link = valid_link_code(code)
    if link is None:
        return False
    with transaction.atomic():
        if not LinkCode.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now()):
            return False
        account = TelegramAccount.objects.filter(telegram_id=telegram_id).first()
        if account is None:
            TelegramAccount.objects.create(telegram_id=telegram_id, user=link.user,
                                           language=link.user.language or "en")
        else:
            TelegramAccount.objects.filter(user=link.user).exclude(pk=account.pk).delete()
            account.user = link.user
            account.save(update_fields=["user"])
    return True


def submit(account, chat_id, kind, data, language):
    """Queue a job for the account's user from the bot's fields; ApiError when refused."""
    fields = {"kind": kind, "style": account.style, "aspect_ratio": account.aspect_ratio, **data}
    with transaction.atomic():
        job = actions.submit(account.user, job_request.build(fields), language=language)
        TelegramJob.objects.create(job=job, chat_id=chat_id)
    return queue_order.attach([job])[0]  # after the commit: the job is dispatched, its place known


def tracked_job(job_id):
    """The TelegramJob of job_id with its job (and the job's queue position), or None."""
    tg_job = TelegramJob.objects.select_related("job").filter(job_id=job_id).first()
    if tg_job is not None:
        queue_order.attach([tg_job.job])
    return tg_job


def set_status_message(job_id, message_id):
    TelegramJob.objects.filter(job_id=job_id).update(status_message_id=message_id)


def claim_delivery(job_id):
    """True exactly once per finished Telegram job: the caller then sends the outcome. Its
    results are kept (in My gallery): the user asked for them in a chat, with no canvas to
    accept them onto."""
    claimed = bool(TelegramJob.objects.filter(job_id=job_id, delivered=False, job__status__in=Job.FINISHED)
                   .update(delivered=True))
    if claimed:
        editor_actions.keep(Image.objects.filter(job_id=job_id))
    return claimed


def release_delivery(job_id):
    TelegramJob.objects.filter(job_id=job_id).update(delivered=False)


def undelivered():
    """Finished Telegram jobs whose outcome no bot has sent (the bot was down meanwhile)."""
    return list(TelegramJob.objects.filter(delivered=False, job__status__in=Job.FINISHED)
                .values_list("job_id", flat=True))


def pending_owner_ids():
    """Users with Telegram jobs still to deliver: the bot listens to their event groups."""
    return set(TelegramJob.objects.filter(delivered=False).values_list("job__owner_id", flat=True))


def own_job(account, job_id):
    """The account user's job, or None (another user's job looks like a missing one)."""
    return Job.objects.filter(pk=job_id, owner=account.user).prefetch_related("results").first()


def active_jobs(account):
    """The user's queued and running jobs (from the bot or the web), oldest first."""
    return queue_order.attach(Job.objects.filter(owner=account.user, status__in=actions.ACTIVE).order_by("created_at"))


def cancel_active(account):
    """Cancel the user's active jobs through actions.cancel; how many were cancelled."""
    count = 0
    for job in active_jobs(account):
        try:
            actions.cancel(job)
        except ApiError:  # it finished meanwhile
            continue
        count += 1
    return count


def recent_results(account, limit):
    """The user's latest succeeded jobs that have a picture, newest first."""
    return list(Job.objects.filter(owner=account.user, status=Job.Status.SUCCEEDED, results__isnull=False)
                .distinct().order_by("-finished_at")[:limit])
