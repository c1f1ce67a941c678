"""Gallery pages: the public gallery, my gallery, one image, and the owner's/visitor's actions.

Strangers get 404 for anything that is not public and approved. State changes go through
editor.actions; these views only read forms, call an action and redirect with a message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import CodedError
from editor import actions
from editor.api import public_images
from editor.models import Image, filter_by_kept, filter_by_kind, kind_choices
from editor.serializers import public_params

def _page(request, queryset):
    kind = request.GET.get("kind", "")
    queryset = filter_by_kind(queryset, kind)
    page = Paginator(queryset, settings.GALLERY_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "kind": kind, "kinds": kind_choices()}


def public_gallery(request):
    context = _page(request, public_images())
    if request.user.is_authenticated:
        context["reported_ids"] = set(
            request.user.reports_made.values_list("image_id", flat=True)
        )
    return render(request, "gallery/public.html", context)


@login_required
def my_gallery(request):
    """What the user keeps; ?kept=false shows the jobs' results never kept (the history), from
    which a result can be kept. Anything else shows the gallery."""
    kept = "false" if request.GET.get("kept") == "false" else "true"
    context = _page(request, filter_by_kept(Image.objects.filter(owner=request.user), kept))
    context.update(mine=True, history=kept == "false")
    return render(request, "gallery/mine.html", context)


def image_detail(request, image_id):
    image = get_object_or_404(Image.objects.select_related("owner"), pk=image_id)
    if not image.can_view(request.user):
        raise Http404
    user = request.user
    context = {
        "image": image,
        "params": public_params(image),
        "is_owner": user.is_authenticated and user.pk == image.owner_id,
        "can_report": (user.is_authenticated and user.pk != image.owner_id and image.is_public
                       and not image.reports.filter(reporter=user).exists()),
    }
    return render(request, "gallery/detail.html", context)


def _own_image_or_404(request, image_id):
    return get_object_or_404(Image, pk=image_id, owner=request.user)


def _back(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def image_update(request, image_id):
    """Rename and/or share/unshare one of my images."""
    image = _own_image_or_404(request, image_id)
    if "title" in request.POST:
        actions.rename(image, request.POST["title"])
        messages.success(request, _("Saved."))
    visibility = request.POST.get("visibility")
    if visibility:
        try:
            actions.set_visibility(image, visibility)
        except CodedError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _visibility_message(image))
    return _back(request, image.get_absolute_url())


def _visibility_message(image):
    if image.visibility == Image.Visibility.PRIVATE:
        return _("The image is private now.")
    if image.moderation == Image.Moderation.APPROVED:
        return _("The image is in the public gallery now.")
    return _("The image will appear in the public gallery after a moderator reviews it.")


@login_required
@require_POST
def image_keep(request, image_id):
    """Keep a result from the job history in My gallery."""
    image = _own_image_or_404(request, image_id)
    actions.keep(image)
    messages.success(request, _("The picture is in My gallery now."))
    return _back(request, image.get_absolute_url())


@login_required
@require_POST
def image_delete(request, image_id):
    actions.delete_images([_own_image_or_404(request, image_id)])
    messages.success(request, _("The image was deleted."))
    return redirect("editor:gallery-mine")


@login_required
@require_POST
def image_report(request, image_id):
    image = get_object_or_404(public_images(), pk=image_id)
    try:
        actions.report(image, request.user, request.POST.get("reason", ""))
    except CodedError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you. A moderator will look at this image."))
    return _back(request, image.get_absolute_url())
