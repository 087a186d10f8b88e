from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from core.resources import spreadsheet_format

from .importers import ENTERPRISE_IMPORT
from .models import Enterprise
from .resources import EnterpriseResource


@admin.register(Enterprise)
class EnterpriseAdmin(ImportExportModelAdmin):
    list_display = ["name", "credit_code", "town", "tech_field", "is_key", "grid_officer"]
    list_filter = ["town", "tech_field", "is_key"]
    list_select_related = ["town", "grid_officer"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["grid_officer"]
    resource_classes = [EnterpriseResource]
    # Reads through the portal's reading layer: title rows, aliases, GBK CSV, hidden sheets.
    import_formats = [spreadsheet_format(ENTERPRISE_IMPORT)]
