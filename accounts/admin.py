from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users are managed here by bureau_admin (staff flag + the admin's permissions)."""

    list_display = ["username", "get_full_name", "role", "town", "is_active", "last_login"]
    list_filter = ["role", "town", "is_active"]
    list_select_related = ["town"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    fieldsets = BaseUserAdmin.fieldsets + (("岗位", {"fields": ("role", "town", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("岗位", {"fields": ("role", "town", "phone")}),)
