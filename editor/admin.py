"""Django admin for gallery images, reports and the moderation log.

Bulk actions call editor.actions, so admin decisions are logged like those from /moderation/.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.errors import CodedError
from editor import actions
from editor.models import Image, ModerationLog, Report
from editor.views.moderation import decision_message


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    # __str__: the title, or for an untitled image kind · size · date (not its UUID).
    list_display = ("__str__", "owner", "kind", "kept", "visibility", "moderation", "created_at")
    list_filter = ("kept", "visibility", "moderation", "kind")
    search_fields = ("title", "owner__username", "id")
    readonly_fields = ("id", "owner", "file", "thumbnail", "width", "height", "kind", "job",
                       "params", "kept", "moderation", "moderation_reason", "created_at")
    fields = ("id", "owner", "title", "visibility", "moderation", "moderation_reason", "kind",
              "kept", "file", "thumbnail", "width", "height", "job", "params", "created_at")
    actions = ["approve_selected", "reject_selected", "hide_selected"]

    @admin.action(description=_("Approve selected images"))
    def approve_selected(self, request, queryset):
        images = actions.approve(queryset.select_related("owner"), request.user)
        self.message_user(request, decision_message("approve", len(images)), messages.SUCCESS)

    @admin.action(description=_("Reject selected images (reason: policy)"))
    def reject_selected(self, request, queryset):
        # The admin action has no form; the moderation page takes a free-text reason.
        try:
            images = actions.reject(queryset.select_related("owner"), request.user,
                                    str(_("This image does not follow the gallery rules.")))
        except CodedError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, decision_message("reject", len(images)), messages.SUCCESS)

    @admin.action(description=_("Hide selected images"))
    def hide_selected(self, request, queryset):
        images = actions.hide(queryset.select_related("owner"), request.user)
        self.message_user(request, decision_message("hide", len(images)), messages.SUCCESS)

    def delete_queryset(self, request, queryset):
        actions.delete_images(queryset)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("image", "reporter", "reason", "resolved", "created_at")
    list_filter = ("resolved",)
    readonly_fields = ("image", "reporter", "reason", "created_at")


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "image_ref", "target_user", "reason")
    list_filter = ("action",)
    search_fields = ("image_ref", "reason", "actor__username", "target_user__username")

    # The log is a record: nobody edits or deletes it, not even through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

