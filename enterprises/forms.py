from core.forms import ScopedModelForm

from .models import Enterprise


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "town",
            "address",
            "industry",
            "tech_field",
            "founded_on",
            "registered_capital",
            "employees",
            "rd_staff",
            "contact_name",
            "contact_phone",
            "grid_officer",
            "is_key",
            "listing_plan",
            "no_major_incident",
        ]

    def clean_name(self):
        # The importer's rule, so that a name typed here exports and imports back unchanged.
        from core.spreadsheets import to_name

        return to_name(self.cleaned_data["name"]) or ""

    def clean_credit_code(self):
        from core.credit_code import normalize_credit_code

        return normalize_credit_code(self.cleaned_data["credit_code"])
