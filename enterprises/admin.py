from django.contrib import admin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "town", "tech_field", "is_key", "grid_officer"]
    list_filter = ["town", "tech_field", "is_key"]
    list_select_related = ["town", "grid_officer"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["grid_officer"]
