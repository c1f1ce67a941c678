"""The staff moderation page: review queue, reported images, rejected prompts, bans, the log.

Everyone who is not staff gets 404, so the page does not advertise itself.
"""

import uuid
from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import CodedError
from editor import actions
from editor.models import Image, ModerationLog

LOG_LENGTH = 50


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _rejected_prompts():
    """The jobs app's blocked prompts, when that model exists in this build."""
    try:
        model = apps.get_model("generation", "RejectedPrompt")
    except LookupError:
        return None
    return model.objects.select_related("user")[:LOG_LENGTH]


@staff_only
def moderation_page(request):
    pending = (Image.objects.filter(visibility=Image.Visibility.PUBLIC,
                                    moderation=Image.Moderation.PENDING)
               .select_related("owner").order_by("created_at"))
    reported = (Image.objects.filter(reports__resolved=False)
                .annotate(open_reports=Count("reports", filter=Q(reports__resolved=False)))
                .select_related("owner").prefetch_related("reports__reporter")
                .order_by("-open_reports"))
    context = {
        "pending": pending,
        "reported": reported,
        "log": ModerationLog.objects.select_related("actor", "image", "target_user")[:LOG_LENGTH],
        "rejected_prompts": _rejected_prompts(),
        "banned_users": get_user_model().objects.filter(generation_banned=True),
    }
    return render(request, "moderation/page.html", context)


DECISIONS = {"approve": actions.approve, "reject": actions.reject, "hide": actions.hide}


def decision_message(action, count):
    texts = {
        "approve": ngettext("%(count)d image approved.", "%(count)d images approved.", count),
        "reject": ngettext("%(count)d image rejected.", "%(count)d images rejected.", count),
        "hide": ngettext("%(count)d image hidden.", "%(count)d images hidden.", count),
    }
    return texts[action] % {"count": count}


def _valid_uuids(values):
    """Drop malformed ids: a tampered form is a no-op, not a crash."""
    valid = []
    for value in values:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            pass
    return valid


@staff_only
@require_POST
def decide(request):
    """One image (button "one" = "<action>:<id>", reason from reason-<id>) or the ticked ones."""
    if request.POST.get("one"):
        action, _sep, image_id = request.POST["one"].partition(":")
        ids = [image_id]
        reason = request.POST.get(f"reason-{image_id}", "")
    else:
        action = request.POST.get("action", "")
        ids = request.POST.getlist("image")
        reason = request.POST.get("reason", "")
    if action not in DECISIONS:
        messages.error(request, _("Unknown moderation action."))
        return redirect("editor:moderation")
    images = list(Image.objects.filter(pk__in=_valid_uuids(ids)).select_related("owner"))
    if not images:
        messages.error(request, _("Select at least one image."))
        return redirect("editor:moderation")
    try:
        DECISIONS[action](images, request.user, reason)
    except CodedError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, decision_message(action, len(images)))
    return redirect("editor:moderation")


@staff_only
@require_POST
def set_ban(request, user_id):
    user = get_object_or_404(get_user_model(), pk=user_id)
    banned = request.POST.get("banned") == "1"
    actions.set_generation_ban(user, banned, request.user, request.POST.get("reason", ""))
    if banned:
        messages.success(request, _("%(user)s can no longer generate.") % {"user": user.shown_name})
    else:
        messages.success(request, _("%(user)s can generate again.") % {"user": user.shown_name})
    return redirect("editor:moderation")
