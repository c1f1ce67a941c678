from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from generation.models import BlockedTerm, Job, RejectedPrompt, StylePreset


@admin.register(StylePreset)
class StylePresetAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_ru", "ordering", "active")
    list_editable = ("ordering", "active")
    search_fields = ("slug", "name_en", "name_ru")


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ("term", "match", "active", "note", "created_at")
    list_filter = ("match", "active")
    search_fields = ("term", "note")


@admin.register(RejectedPrompt)
class RejectedPromptAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "term", "prompt")
    list_filter = ("term",)
    search_fields = ("prompt", "user__username")
    readonly_fields = ("user", "prompt", "term", "created_at")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "kind", "status", "attempts", "error_code", "created_at")
    list_filter = ("status", "kind", "error_code")
    search_fields = ("id", "owner__username")
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["cancel_jobs"]

    @admin.action(description=_("Cancel the selected jobs"))
    def cancel_jobs(self, request, queryset):
        from generation import actions
        from core.errors import ApiError

        for job in queryset.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING)):
            try:
                actions.cancel(job)
            except ApiError:
                pass  # finished meanwhile
