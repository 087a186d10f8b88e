"""One FilterSet per model, shared by the list page, its export and the API."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import changelog
from core import selectors as core_selectors
from core.filters import (
    DatePickerFilter,
    NullableModelChoiceFilter,
    ScopedFilterSet,
    ScopedModelChoiceFilter,
    SearchFilter,
)
from core.models import Town

from . import rules, selectors
from .models import Enterprise, Pool, PoolMembership, Stage, TechField, Visit, pool_workflow


def _year_field_attrs():
    return {"placeholder": str(selectors.current_year()), "inputmode": "numeric"}


def with_default_year(data, year):
    """The filter's data with `year` filled in when blank, so the form shows the year the list
    searched (not an empty box meaning "this year")."""
    if data is None or data.get("year"):
        return data
    data = data.copy()
    data["year"] = str(year)
    return data


class YearEmptyTextMixin:
    """An empty list says which year it searched and links to the latest year that has records."""

    def searched_year(self) -> int:
        raise NotImplementedError

    def years_with_records(self):
        """The years (newest first) in which the list would have rows of the same kind."""
        return []

    def empty_text(self):
        """A lazy message for the table's empty state: one query, made only when the list is empty."""
        from django.utils.functional import lazy
        from django.utils.safestring import SafeString

        return lazy(self._empty_text, SafeString)()

    def _empty_text(self):
        from django.utils.html import format_html

        year = self.searched_year()
        others = [y for y in self.years_with_records() if y != year]
        if not others:
            return format_html("{}", _("%(year)s年没有符合条件的记录。") % {"year": year})
        query = self.request.GET.copy() if self.request is not None else {}
        query["year"] = str(others[0])
        query.pop("page", None)
        return format_html(
            '{} <a href="?{}">{}</a>',
            _("%(year)s年没有符合条件的记录。") % {"year": year},
            query.urlencode(),
            _("查看%(year)s年（有记录）") % {"year": others[0]},
        )


class EnterpriseFilterSet(YearEmptyTextMixin, ScopedFilterSet):
    q = django_filters.CharFilter(label=_("名称或信用代码"), method="filter_search")
    town = NullableModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"), null_label=_("未分配区镇"))
    tech_field = django_filters.ChoiceFilter(choices=TechField.choices, label=_("技术领域"))
    is_key = django_filters.BooleanFilter(label=_("重点企业"))
    grid_officer = NullableModelChoiceFilter(
        queryset=None, label=_("科技网格员"), null_label=_("未指定"), user_queryset="grid_officers"
    )
    # pool, stage and year act together (see filter_queryset): the membership of one year.
    pool = django_filters.ChoiceFilter(choices=Pool.choices, label=_("培育库"), method="membership_filter")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("阶段"), method="membership_filter")
    year = django_filters.NumberFilter(
        label=_("年度"), method="membership_filter", min_value=rules.YEAR_MIN, max_value=rules.YEAR_MAX
    )
    not_visited_days = django_filters.NumberFilter(
        label=_("未走访天数≥"), method="filter_not_visited", min_value=1, max_value=3650
    )
    # An import's batch (the run page's 查看企业): the enterprises it created or changed.
    batch = django_filters.CharFilter(
        label=_("导入批次"), method="filter_batch", widget=forms.HiddenInput, max_length=40
    )
    # "Reached stage S (or later) between two dates" of the same year's membership: the KPIs' rule
    # (selectors.reached_condition); the pipeline's counts link here.
    reached_stage = django_filters.ChoiceFilter(
        choices=Stage.choices, label=_("到达阶段（含之后）"), method="membership_filter"
    )
    reached_from = DatePickerFilter(label=_("到达日期从"), method="membership_filter")
    reached_to = DatePickerFilter(label=_("到达日期至"), method="membership_filter")

    class Meta:
        model = Enterprise
        fields = [
            "q",
            "town",
            "tech_field",
            "is_key",
            "grid_officer",
            "pool",
            "stage",
            "year",
            "not_visited_days",
            "batch",
            "reached_stage",
            "reached_from",
            "reached_to",
        ]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_default_year(data, selectors.current_year()), *args, **kwargs)
        self.form.fields["year"].widget.attrs.update(_year_field_attrs())
        self._show_batch()

    def _show_batch(self):
        """A list opened from an import's 查看企业 says so: the batch shows as a one-option
        select naming the file (清除 drops it); otherwise the field stays hidden."""
        user = getattr(self.request, "user", None)
        if "batch" not in self.form.fields:  # a subclass listing other fields
            return
        try:  # the field's own checks (no NUL, its length) before the value reaches a query
            batch = self.form.fields["batch"].clean((self.data or {}).get("batch"))
        except ValidationError:
            return
        if not batch or user is None:
            return
        run = core_selectors.import_runs_for(user, "enterprises").filter(batch=batch).first()
        when = f"（{timezone.localtime(run.created_at):%m-%d %H:%M}）" if run else ""
        label = f"{run.original_name}{when}" if run else batch
        field = self.form.fields["batch"]
        field.label = _("导入")
        field.widget = forms.Select(choices=[(batch, label)], attrs={"class": "form-select form-select-sm"})

    def searched_year(self) -> int:
        return self.pool_year

    def years_with_records(self):
        data = getattr(self.form, "cleaned_data", {}) or {}
        if not (data.get("pool") or data.get("stage")):
            return []  # the year only narrows pool and stage
        members = PoolMembership.objects.for_user(getattr(self.request, "user", None))
        if data.get("pool"):
            members = members.filter(pool=data["pool"])
        if data.get("stage"):
            members = members.filter(stage=data["stage"])
        return list(members.order_by("-year").values_list("year", flat=True).distinct()[:5])

    @staticmethod
    def grid_officers(user):
        return selectors.grid_officer_choices(user)

    def membership_filter(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_search(self, queryset, name, value):
        return selectors.search(queryset, value)

    def filter_not_visited(self, queryset, name, value):
        return selectors.not_visited_since(queryset, int(value))

    def filter_batch(self, queryset, name, value):
        # One change-log entry per created or changed row, on its enterprise (docs/importing.md).
        entries = changelog.batch_entries(value).filter(content_type=ContentType.objects.get_for_model(Enterprise))
        return queryset.filter(pk__in=entries.order_by().values("object_id"))

    @property
    def pool_year(self) -> int:
        """The year whose memberships the filter and the pool columns show (default: this year)."""
        data = getattr(self.form, "cleaned_data", {}) or {}
        return int(data.get("year") or selectors.current_year())

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("pool") or data.get("stage"):
            queryset = selectors.in_pool(queryset, year=self.pool_year, pool=data.get("pool"), stage=data.get("stage"))
        if data.get("reached_stage"):
            dates = (data.get("reached_from"), data.get("reached_to"))
            queryset = selectors.enterprises_reached(
                queryset,
                data["reached_stage"],
                year=self.pool_year,
                pool=data.get("pool") or None,
                dates=dates if any(dates) else None,
            )
        return selectors.with_year_memberships(queryset, self.pool_year)


class MembershipFilterSet(ScopedFilterSet):
    """Lists of pool memberships (warnings, the diagnosis ranking): search, town, stage."""

    q = SearchFilter(fields=["enterprise__name", "enterprise__credit_code"], label=_("名称或信用代码"))
    town = NullableModelChoiceFilter(
        field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"), null_label=_("未分配区镇")
    )

    class Meta:
        model = PoolMembership
        fields = ["q", "town"]


class PoolYearFilterSet(YearEmptyTextMixin, MembershipFilterSet):
    """Memberships of one year of the 强基 pool (blank year = this year); `year_rows` picks the rows."""

    year = django_filters.NumberFilter(
        label=_("年度"), method="keep", min_value=rules.YEAR_MIN, max_value=rules.YEAR_MAX
    )

    class Meta(MembershipFilterSet.Meta):
        fields = ["q", "town", "year"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_default_year(data, selectors.current_year()), *args, **kwargs)
        self.form.fields["year"].widget.attrs.update(_year_field_attrs())
        self._show_batch()

    def _show_batch(self):
        """A list opened from an import's 查看企业 says so: the batch shows as a one-option
        select naming the file (清除 drops it); otherwise the field stays hidden."""
        user = getattr(self.request, "user", None)
        if "batch" not in self.form.fields:  # a subclass listing other fields
            return
        try:  # the field's own checks (no NUL, its length) before the value reaches a query
            batch = self.form.fields["batch"].clean((self.data or {}).get("batch"))
        except ValidationError:
            return
        if not batch or user is None:
            return
        run = core_selectors.import_runs_for(user, "enterprises").filter(batch=batch).first()
        when = f"（{timezone.localtime(run.created_at):%m-%d %H:%M}）" if run else ""
        label = f"{run.original_name}{when}" if run else batch
        field = self.form.fields["batch"]
        field.label = _("导入")
        field.widget = forms.Select(choices=[(batch, label)], attrs={"class": "form-select form-select-sm"})

    def searched_year(self) -> int:
        return self.year_value

    def years_with_records(self):
        members = PoolMembership.objects.for_user(getattr(self.request, "user", None))
        return list(members.filter(pool=Pool.QIANGJI).order_by("-year").values_list("year", flat=True).distinct()[:5])

    def keep(self, queryset, name, value):
        return queryset  # the year is applied in filter_queryset, with its default

    @property
    def year_value(self) -> int:
        data = getattr(self.form, "cleaned_data", {}) or {}
        return int(data.get("year") or selectors.current_year())

    def year_rows(self, queryset, year):
        return selectors.in_year_pool(queryset, year=year, pool=Pool.QIANGJI)

    def filter_queryset(self, queryset):
        return self.year_rows(super().filter_queryset(queryset), self.year_value)


QIANGJI_STAGES = pool_workflow(Pool.QIANGJI).choices()


class RankingFilterSet(PoolYearFilterSet):
    stage = django_filters.ChoiceFilter(choices=QIANGJI_STAGES, label=_("阶段"))
    # Read by the view (diagnose as on that day); filters no rows.
    as_of = django_filters.DateFilter(
        label=_("诊断日期"), method="keep", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta(PoolYearFilterSet.Meta):
        fields = ["q", "town", "stage", "year", "as_of"]


class WithoutRDFilterSet(PoolYearFilterSet):
    def year_rows(self, queryset, year):
        return selectors.lacking_rd_filing(queryset, year=year)


class VisitFilterSet(ScopedFilterSet):
    """Filters of every visit list (all, mine, follow-ups) and of their exports."""

    q = SearchFilter(
        fields=["enterprise__name", "enterprise__credit_code", "content", "problem", "resolution"],
        label=_("企业或内容"),
    )
    town = django_filters.ModelChoiceFilter(field_name="enterprise__town", queryset=Town.objects.all(), label=_("区镇"))
    officer = ScopedModelChoiceFilter(queryset=None, label=_("走访人"), user_queryset="visitors")
    kind = django_filters.ChoiceFilter(choices=Visit.Kind.choices, label=_("方式"))
    needs = django_filters.ChoiceFilter(choices=Visit.Need.choices, label=_("企业需求"), method="filter_needs")
    follow_up = django_filters.ChoiceFilter(choices=Visit.FollowUp.choices, label=_("跟进状态"))
    visited_on_after = DatePickerFilter(field_name="visited_on", lookup_expr="gte", label=_("走访日期从"))
    visited_on_before = DatePickerFilter(field_name="visited_on", lookup_expr="lte", label=_("至"))
    # One enterprise's visits (linked from its page); not a choice list of every enterprise.
    enterprise = django_filters.NumberFilter(field_name="enterprise", widget=forms.HiddenInput)

    class Meta:
        model = Visit
        fields = [
            "q",
            "town",
            "officer",
            "kind",
            "needs",
            "follow_up",
            "visited_on_after",
            "visited_on_before",
            "enterprise",
        ]

    @staticmethod
    def visitors(user):
        """Who may have recorded visits the user sees: the town's officers, or everyone who records."""
        from accounts.models import User

        people = User.objects.filter(is_active=True)
        if getattr(user, "is_officer", False):
            people = people.filter(role=User.Role.TOWN_OFFICER, town_id=user.town_id)
        else:
            people = people.filter(role__in=User.WRITER_ROLES)
        return people.order_by("town__order", "username")

    def filter_needs(self, queryset, name, value):
        if not value:
            return queryset
        if connection.features.supports_json_field_contains:
            return queryset.filter(needs__contains=[value])
        return queryset.filter(needs__icontains=f'"{value}"')  # SQLite keeps the list as JSON text


class FollowUpFilterSet(VisitFilterSet):
    """The follow-up queue offers only the open states, and sorts (the longest waiting first by default)."""

    SORTS = {
        "waiting": ("waiting_since", "visited_on", "id"),  # selectors.open_follow_ups' own order
        "newest": ("-visited_on", "-id"),
        "enterprise": ("enterprise__name", "visited_on", "id"),
    }

    follow_up = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in Visit.FollowUp.choices if v in ("open", "in_progress")],
        label=_("跟进状态"),
    )
    order = django_filters.ChoiceFilter(
        choices=[("waiting", _("等待最久在前")), ("newest", _("走访日期（最近在前）")), ("enterprise", _("企业名称"))],
        label=_("排序"),
        empty_label=None,
        method="filter_order",
    )

    class Meta(VisitFilterSet.Meta):
        fields = [*VisitFilterSet.Meta.fields, "order"]

    def filter_order(self, queryset, name, value):
        return queryset.order_by(*self.SORTS.get(value, self.SORTS["waiting"]))


class KeyEnterpriseDueFilterSet(ScopedFilterSet):
    q = SearchFilter(fields=["name", "credit_code"], label=_("名称或信用代码"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("区镇"))
    grid_officer = NullableModelChoiceFilter(
        queryset=None, label=_("科技网格员"), null_label=_("未指定"), user_queryset="grid_officers"
    )

    class Meta:
        model = Enterprise
        fields = ["q", "town", "grid_officer"]

    grid_officers = staticmethod(EnterpriseFilterSet.grid_officers)
