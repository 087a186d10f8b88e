"""One FilterSet per list, shared by the list page, its export and the API."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import changelog
from core.filters import DatePickerFilter, ScopedFilterSet, SearchFilter, YearFilter
from core.models import Town

from .models import (
    Bank,
    BankKind,
    ContractKind,
    Direction,
    EventKind,
    Financing,
    FinancingKind,
    Grade,
    IACooperation,
    IAEvent,
    IAKind,
    IAStatus,
    Institution,
    InstitutionKind,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    Product,
    Region,
    Registration,
    ServiceKind,
    TechContract,
)

# ============================================================================================
# Industry–academia cooperation (institutions, IA projects, technology contracts, events) — 13a
# ============================================================================================


class InstitutionFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("院校名称"), fields=("name",))
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("所在地区"))
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices, label=_("类型"))

    class Meta:
        model = Institution
        fields = ["q", "region", "kind"]


class IACooperationFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("项目、企业或院校"), fields=("title", "enterprise__name", "institution__name"))
    kind = django_filters.ChoiceFilter(choices=IAKind.choices, label=_("合作方式"))
    status = django_filters.ChoiceFilter(choices=IAStatus.choices, label=_("状态"))
    institution = django_filters.ModelChoiceFilter(queryset=Institution.objects.all(), label=_("合作院校"))
    institution__region = django_filters.ChoiceFilter(choices=Region.choices, label=_("院校地区"))
    enterprise__town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    year = YearFilter(field_name="signed_on", lookup_expr="year", label=_("签约年度"))
    signed_from = DatePickerFilter(field_name="signed_on", lookup_expr="gte", label=_("签约日期从"))
    signed_to = DatePickerFilter(field_name="signed_on", lookup_expr="lte", label=_("签约日期至"))
    enterprise = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("企业"))

    class Meta:
        model = IACooperation
        fields = [
            "q", "kind", "status", "institution", "institution__region", "enterprise__town", "year",
            "signed_from", "signed_to", "enterprise",
        ]  # fmt: skip


class TechContractFilterSet(ScopedFilterSet):
    q = SearchFilter(
        label=_("编号、合同、企业或对方"), fields=("reg_number", "title", "enterprise__name", "counterpart")
    )
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("方向"))
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label=_("合同类别"))
    status = django_filters.ChoiceFilter(choices=Registration.choices, label=_("登记状态"))
    enterprise__town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    year = YearFilter(field_name="registered_on", lookup_expr="year", label=_("登记年度"))
    registered_from = DatePickerFilter(field_name="registered_on", lookup_expr="gte", label=_("登记日期从"))
    registered_to = DatePickerFilter(field_name="registered_on", lookup_expr="lte", label=_("登记日期至"))
    enterprise = django_filters.NumberFilter(widget=forms.HiddenInput, label=_("企业"))
    # An import's batch (the run page's 查看…): the contracts it created or changed.
    batch = django_filters.CharFilter(
        label=_("导入批次"), method="filter_batch", widget=forms.HiddenInput, max_length=40
    )

    class Meta:
        model = TechContract
        fields = [
            "q", "direction", "kind", "status", "enterprise__town", "year", "registered_from", "registered_to",
            "enterprise", "batch",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._show_batch()

    def _show_batch(self):
        """Opened from an import's run page, the list says which file it shows (清除 drops it)."""
        from core import selectors as core_selectors

        user = getattr(self.request, "user", None)
        try:
            batch = self.form.fields["batch"].clean((self.data or {}).get("batch"))
        except ValidationError:
            return
        if not batch or user is None:
            return
        run = core_selectors.import_runs_for(user, "tech_contracts").filter(batch=batch).first()
        field = self.form.fields["batch"]
        field.label = _("导入")
        label = run.original_name if run else batch
        field.widget = forms.Select(choices=[(batch, label)], attrs={"class": "form-select form-select-sm"})

    def filter_batch(self, queryset, name, value):
        entries = changelog.batch_entries(value).filter(content_type=ContentType.objects.get_for_model(TechContract))
        return queryset.filter(pk__in=entries.order_by().values("object_id"))


class RectifyFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("编号、合同或企业"), fields=("reg_number", "title", "enterprise__name"))
    enterprise__town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))

    class Meta:
        model = TechContract
        fields = ["q", "enterprise__town"]


class IAEventFilterSet(ScopedFilterSet):
    q = SearchFilter(label=_("名称、专家或组织单位"), fields=("title", "expert", "organizer"))
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("类型"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("主办区镇"))
    year = YearFilter(field_name="held_on", lookup_expr="year")
    month = django_filters.NumberFilter(
        field_name="held_on", lookup_expr="month", min_value=1, max_value=12, label=_("月份")
    )
    held_from = DatePickerFilter(field_name="held_on", lookup_expr="gte", label=_("日期从"))
    held_to = DatePickerFilter(field_name="held_on", lookup_expr="lte", label=_("日期至"))

    class Meta:
        model = IAEvent
        fields = ["q", "kind", "town", "year", "month", "held_from", "held_to"]


# ============================================================================================
# Science finance and intermediaries
# ============================================================================================


class FinancingFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("enterprise__name", "enterprise__credit_code", "note"), label=_("企业或备注"))
    kind = django_filters.ChoiceFilter(choices=FinancingKind.choices, label=_("类型"))
    bank = django_filters.ModelChoiceFilter(queryset=Bank.objects.all(), label=_("银行"))
    product = django_filters.ChoiceFilter(choices=Product.choices, label=_("金融产品"))
    town = django_filters.ModelChoiceFilter(field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"))
    year = YearFilter(field_name="on", lookup_expr="year")
    on_after = DatePickerFilter(field_name="on", lookup_expr="gte", label=_("日期从"))
    on_before = DatePickerFilter(field_name="on", lookup_expr="lte", label=_("至"))
    # One enterprise's records (linked from its page's panel); not a choice list of every enterprise.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)

    class Meta:
        model = Financing
        fields = ["q", "kind", "bank", "product", "town", "year", "on_after", "on_before", "enterprise"]


class BankFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("name", "short_name"), label=_("名称"))
    kind = django_filters.ChoiceFilter(choices=BankKind.choices, label=_("类型"))

    class Meta:
        model = Bank
        fields = ["q", "kind"]


class IntermediaryFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("name", "contact"), label=_("机构名称"))
    kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("主要服务"))

    class Meta:
        model = Intermediary
        fields = ["q", "kind"]


class ServiceFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=("enterprise__name", "content"), label=_("企业或内容"))
    intermediary = django_filters.ModelChoiceFilter(queryset=Intermediary.objects.all(), label=_("中介机构"))
    kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("服务类型"))
    town = django_filters.ModelChoiceFilter(field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"))
    year = YearFilter(field_name="served_on", lookup_expr="year")
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)

    class Meta:
        model = IntermediaryService
        fields = ["q", "intermediary", "kind", "town", "year", "enterprise"]


class ReviewFilterSet(ScopedFilterSet):
    year = YearFilter()
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("等级"))
    intermediary__kind = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("主要服务"))

    class Meta:
        model = IntermediaryReview
        fields = ["year", "grade", "intermediary__kind"]
