"""Pieces every cooperation page shares."""

from enterprises.models import Enterprise


class SectionMixin:
    """The tabs over the cooperation pages (templates/cooperation/includes/nav.html)."""

    template_name = "cooperation/list.html"


class FormattedFieldsMixin:
    """The 概况 rows in the portal's one format (core.formatting): 万元 amounts as 1,561 (1.2亿元 from
    1亿 up), dates as 2023-04-18, an empty text as — like an empty value."""

    def field_rows(self):
        import datetime as dt
        from decimal import Decimal

        from core.formatting import format_day, format_money

        rows = []
        for label, value in super().field_rows():
            if isinstance(value, Decimal):
                value = format_money(value, unit=False)
            elif isinstance(value, dt.date):
                value = format_day(value)
            elif value == "":
                value = None
            rows.append((label, value))
        return rows


def labels(choices):
    """A choice list with its labels as plain text, for an export column: ExportColumn.display
    would otherwise translate the lazy label of every cell (150,000 gettext calls for 50,000
    contracts, a third of the export's time). The labels are the Chinese source text."""
    return [(value, str(label)) for value, label in choices]


# ---- science finance and intermediaries ----


class PreselectMixin:
    """From an enterprise's page (cooperation/panels.py) `?enterprise=<id>` fills in its credit code;
    `?intermediary=<id>` (and the names in `preselect`) preselect a choice. The form's choice
    lists stay the user's scope, so a preselected id outside it is simply not accepted."""

    preselect: tuple[str, ...] = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.preselect:
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        pk = self.request.GET.get("enterprise", "")
        if pk.isdigit() and "enterprise" in self.get_form_class().base_fields:
            code = Enterprise.objects.for_user(self.request.user).filter(pk=pk).values_list("credit_code", flat=True)
            if code:
                initial["enterprise"] = code[0]
        return initial
