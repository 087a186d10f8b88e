"""The warning lists: 到期老高企 and 强基 members without an R&D filing."""

from django.utils.translation import gettext as _

from core import exports
from core.views import (
    ObjectListView,
)

from .. import rules, selectors
from ..filters import (
    MembershipFilterSet,
    WithoutRDFilterSet,
)
from ..models import (
    PoolMembership,
    Stage,
)
from ..tables import (
    ExpiringCertificateTable,
    WithoutRDTable,
)


class CertificateExpiryColumn(exports.ExportColumn):
    def display(self, value):
        return rules.certificate_expires_on(value)


class ExpiringCertificatesView(ObjectListView):
    """到期老高企: certificates that expire within 12 months."""

    model = PoolMembership
    actions = ()  # a report over memberships: no membership list or add button
    filterset_class = MembershipFilterSet
    table_class = ExpiringCertificateTable
    template_name = "enterprises/warnings.html"
    warning = "expiring"
    export_stem = "到期老高企"
    export_columns = [
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("所属区镇", "enterprise__town__name"),
        exports.ExportColumn("证书编号", "certificate_no", width=20),
        exports.ExportColumn("发证日期", "certified_on", width=12),
        CertificateExpiryColumn("到期日", "certified_on", width=12),
        exports.ExportColumn("今年强基阶段", "current_stage", choices=Stage.choices),
        exports.ExportColumn("联系人", "enterprise__contact_name"),
        exports.ExportColumn("联系电话", "enterprise__contact_phone"),
    ]

    def scoped_queryset(self):
        return selectors.certificates_expiring(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(verbose_name_plural=_("培育预警"), warning=self.warning)
        return context


class WithoutRDView(ExpiringCertificatesView):
    """强基 pool members without a 研发项目备案 this year."""

    filterset_class = WithoutRDFilterSet
    table_class = WithoutRDTable
    warning = "no_rd"
    export_stem = "强基库未备案研发项目企业"
    export_columns = [
        exports.ExportColumn("企业名称", "enterprise__name", width=36),
        exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
        exports.ExportColumn("所属区镇", "enterprise__town__name"),
        exports.ExportColumn("阶段", "stage", choices=Stage.choices),
        exports.ExportColumn("最近备案年度", "last_rd_year"),
        exports.ExportColumn("联系人", "enterprise__contact_name"),
        exports.ExportColumn("联系电话", "enterprise__contact_phone"),
    ]

    def scoped_queryset(self):
        return selectors.warning_rows(self.request.user).order_by("enterprise__town__order", "enterprise__name")
