"""Every state change of a gallery image or a moderation decision, one function each.

Views (pages, API, admin) call these and nothing else writes visibility, moderation state,
reports or the moderation log, so the rules live in one place:
- making an image public puts it in the review queue, unless the owner is trusted (then it is
  approved at once) or it was already approved; a rejected or hidden image always goes back
  to review;
- GALLERY_REPORTS_TO_REVIEW open reports send an approved image back to review;
- every moderation decision writes a ModerationLog row (who, what, when, why);
- a job's results are its history; keep puts one in My gallery (accepted onto the canvas, kept,
  shared, delivered to Telegram), discard deletes one that was never kept.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import CodedError
from editor.models import Image, ModerationLog, Report

Moderation = Image.Moderation
Action = ModerationLog.Action


def _text(value, limit=None):
    """Free text from a form: trimmed, and without NUL bytes, which PostgreSQL refuses (a 500)."""
    return (value or "").replace("\x00", "").strip()[:limit]


def _log(action, actor=None, image=None, target_user=None, reason=""):
    return ModerationLog.objects.create(
        action=action, actor=actor, image=image, image_ref=str(image.pk) if image else "",
        target_user=target_user if target_user is not None else (image.owner if image else None),
        reason=reason,
    )


def _set_state(image, moderation, reason=""):
    image.moderation = moderation
    image.moderation_reason = reason
    image.save(update_fields=["moderation", "moderation_reason"])


def rename(image, title):
    image.title = _text(title, 200)
    image.save(update_fields=["title"])
    return image


def keep(images):
    """Put job results in My gallery (idempotent). Takes an image, an iterable or a queryset."""
    images = [images] if isinstance(images, Image) else list(images)
    ids = [image.pk for image in images if not image.kept]
    if ids:
        Image.objects.filter(pk__in=ids).update(kept=True)
    for image in images:
        image.kept = True
    return images


def discard(image):
    """Delete a result that was never kept. A kept one is in My gallery: deleting it is the
    gallery's Delete, so a stray Discard (another tab, a stale strip) cannot remove it."""
    if image.kept:
        raise CodedError("image_kept", _("This picture is in My gallery; delete it there."), status=409)
    delete_images([image])


@transaction.atomic
def set_visibility(image, visibility):
    """The owner shares or unshares an image. Private keeps the moderation state (and reason)."""
    if visibility not in Image.Visibility.values:
        raise CodedError("invalid_visibility", _("Visibility must be private or public."),
                         "visibility")
    image.visibility = visibility
    image.save(update_fields=["visibility"])
    if visibility == Image.Visibility.PUBLIC:
        keep(image)  # what the user shares, they keep
    if visibility == Image.Visibility.PUBLIC and image.moderation != Moderation.APPROVED:
        if image.owner.is_trusted and image.moderation == Moderation.NONE:
            _set_state(image, Moderation.APPROVED)
            _log(Action.AUTO_APPROVE, image=image)
        elif image.moderation != Moderation.PENDING:
            _set_state(image, Moderation.PENDING)
            _log(Action.SUBMIT, actor=image.owner, image=image)
    return image


def _decide(images, actor, moderation, action, reason):
    images = list(images)
    with transaction.atomic():
        for image in images:
            _set_state(image, moderation, reason)
            _log(action, actor=actor, image=image, reason=reason)
        # A decision answers the reports so far; new ones count towards the next review.
        Report.objects.filter(image__in=images, resolved=False).update(resolved=True)
    return images


def approve(images, actor, reason=""):
    """Approve one or many images (an iterable or a queryset)."""
    return _decide(images, actor, Moderation.APPROVED, Action.APPROVE, _text(reason))


def reject(images, actor, reason):
    """Reject with a reason the owner sees; a reason is required."""
    reason = _text(reason)
    if not reason:
        raise CodedError("reason_required", _("Give a reason for the rejection."), "reason")
    return _decide(images, actor, Moderation.REJECTED, Action.REJECT, reason)


def hide(images, actor, reason=""):
    """Take images out of the public gallery without judging them as rejected."""
    return _decide(images, actor, Moderation.HIDDEN, Action.HIDE, _text(reason))


def report(image, reporter, reason):
    """A logged-in user reports a public image; enough open reports send it back to review."""
    reason = _text(reason, 1000)
    if not reason:
        raise CodedError("reason_required", _("Say what is wrong with this image."), "reason")
    if image.owner_id == reporter.pk:
        raise CodedError("own_image", _("You cannot report your own image."))
    try:
        with transaction.atomic():
            Report.objects.create(image=image, reporter=reporter, reason=reason)
    except IntegrityError:
        raise CodedError("already_reported", _("You have already reported this image."),
                         status=409) from None
    with transaction.atomic():
        # Locked re-read: two reports at the same moment must not both flip and log it.
        image = Image.objects.select_for_update().get(pk=image.pk)
        open_reports = image.reports.filter(resolved=False).count()
        if open_reports >= settings.GALLERY_REPORTS_TO_REVIEW and image.moderation == Moderation.APPROVED:
            _set_state(image, Moderation.PENDING)
            _log(Action.REPORTED, image=image,
                 reason=ngettext("%(count)d report", "%(count)d reports", open_reports)
                 % {"count": open_reports})
    return image


def set_generation_ban(user, banned, actor, reason=""):
    """Staff stop (or allow again) a user's generating; logged like image decisions."""
    user.generation_banned = bool(banned)
    user.save(update_fields=["generation_banned"])
    _log(Action.BAN if banned else Action.UNBAN, actor=actor, target_user=user,
         reason=_text(reason))
    return user


def delete_images(images):
    """Delete rows; the post_delete signal removes the files once the transaction commits."""
    for image in list(images):
        image.delete()
