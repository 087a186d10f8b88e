"""Pieces every cooperation page shares."""

from enterprises.models import Enterprise


class SectionMixin:
    """The tabs over the cooperation pages (templates/cooperation/includes/nav.html)."""

    template_name = "cooperation/list.html"


# ---- science finance and intermediaries (issue 13, part b) ----


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
