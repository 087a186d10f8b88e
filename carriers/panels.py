"""The carriers app's panel on the enterprise page (core.panels): the carriers it is a tenant of."""

from django.utils.translation import gettext_lazy as _

from core.panels import Column, Panel, register

from .models import Tenancy

register(
    Panel(
        code="tenancies",
        title=_("入驻载体"),
        model=Tenancy,
        order=10,
        columns=[
            Column(_("载体"), "carrier.name", link=lambda t: t.carrier.get_absolute_url()),
            Column(_("载体类型"), "carrier.kind"),
            Column(_("入驻日期"), "moved_in_on", link=True),
            Column(_("迁出日期"), "moved_out_on"),
            Column(_("毕业"), "graduated"),
        ],
        select_related=("carrier",),
        ordering=("-moved_in_on", "-pk"),
        add_url="carriers:tenancy_add",  # with ?enterprise=<id>, preselected by TenancyMixin
        empty=_("未入驻科创载体"),
    )
)
