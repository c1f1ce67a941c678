from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Studio"), {"fields": ("display_name", "language", "is_trusted", "generation_banned")}),
    )
    list_display = ("username", "email", "display_name", "language", "is_staff", "is_trusted", "generation_banned")
    list_filter = DjangoUserAdmin.list_filter + ("is_trusted", "generation_banned", "language")
    search_fields = ("username", "email", "display_name")
