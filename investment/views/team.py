"""科技招商队伍 pages: the roster, each member's week against the seed's rule, and who fell short.

The rule (≥ 3 days out, ≥ 6 project visits a week) and what counts are investment/rules.py's;
the figures come from investment.selectors.with_week in one query for the whole list.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from core.views import ObjectDetailView, ObjectListView

from .. import filters, forms, rules, selectors, services, tables
from ..models import TeamMember, UnitKind


class TeamMemberMixin:
    model = TeamMember
    selector = staticmethod(selectors.team_list)
    form_class = forms.TeamMemberForm
    service = staticmethod(services.member_save)


class TeamListView(TeamMemberMixin, ObjectListView):
    template_name = "investment/team_list.html"
    filterset_class = filters.TeamFilterSet
    table_class = tables.TeamTable
    list_title = gettext_lazy("科技招商队伍")
    export_stem = "科技招商队伍"
    export_columns = [
        exports.ExportColumn("姓名", "name"),
        exports.ExportColumn("单位层级", "unit_kind", choices=UnitKind.choices),
        exports.ExportColumn("单位名称", "unit_name", width=24),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("单位负责人", "is_head", choices=[(True, "是"), (False, "否")]),
        exports.ExportColumn("联系电话", "phone", width=16),
        exports.ExportColumn("入队日期", "active_from", width=12),
        exports.ExportColumn("离队日期", "active_to", width=12),
    ]


class TeamMemberDetailView(TeamMemberMixin, ObjectDetailView):
    template_name = "investment/teammember_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        monday = rules.week_start(timezone.localdate())
        weeks = [monday - dt.timedelta(days=7 * i) for i in range(4)]
        rows = []
        for week in weeks:  # four small queries: this week and the three before
            figures = selectors.with_week(TeamMember.objects.filter(pk=self.object.pk), week).values(
                "days_out", "visits"
            )[0]
            rows.append(
                {"monday": week, **figures, "lack": rules.shortfall_text(figures["days_out"], figures["visits"])}
            )
        context["weeks"] = rows
        context["recent_visits"] = self.object.client_visits.select_related("project").order_by("-visited_at")[:10]
        return context


def week_param(request, default):
    """?week=2023-06-19 (any day of it) → its Monday; anything else → the default week."""
    try:
        return rules.week_start(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return default


class TeamWeekView(ObjectListView):
    """每周达标: every member in the user's scope on the team the whole week, against the rule."""

    model = TeamMember
    filterset_class = filters.TeamWeekFilterSet
    table_class = tables.TeamWeekTable
    template_name = "investment/team_week.html"
    list_title = gettext_lazy("招商人员每周达标情况")
    actions = ("list", "detail")
    only_short = False
    default_weeks_back = 0  # this week

    def get_week(self):
        if not hasattr(self, "_week"):
            today = timezone.localdate()
            default = rules.week_start(today) - dt.timedelta(days=7 * self.default_weeks_back)
            self._week = week_param(self.request, default)
        return self._week

    def scoped_queryset(self):
        return selectors.team_week(self.request.user, self.get_week(), only_short=self.only_short)

    def export_title(self):
        return f"{self.list_title}（{self.get_week().isoformat()}起一周）"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        unit = selectors.head_unit(self.request.user)
        query = self.request.GET
        if unit is not None and not any(name in query for name in filterset_class.base_filters):
            # A unit's head opens on their own unit, for any week and in its export too; submitting
            # the filter (单位层级 全部) shows everyone in their scope.
            kwargs["data"] = {**query.dict(), "unit_kind": unit[0], "unit_name": unit[1]}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        week = self.get_week()
        context.update(
            week=week,
            week_end=week + dt.timedelta(days=6),
            weeks=selectors.week_choices(),
            previous_week=week - dt.timedelta(days=7),
            next_week=week + dt.timedelta(days=7) if week < rules.week_start(timezone.localdate()) else None,
            rule_text=_("每周外出不少于%(d)s天，拜访项目不少于%(v)s个")
            % {"d": rules.MIN_DAYS_OUT, "v": rules.MIN_PROJECT_VISITS},
            only_short=self.only_short,
            can_create=False,
        )
        filterset = context.get("filter")
        if filterset is not None and filterset.is_valid():
            context["summary"] = filterset.filter_queryset(selectors.team_week(self.request.user, week)).aggregate(
                **selectors.summary_aggregates()
            )
        return context

    export_columns = [
        exports.ExportColumn("姓名", "name"),
        exports.ExportColumn("单位层级", "unit_kind", choices=UnitKind.choices),
        exports.ExportColumn("单位名称", "unit_name", width=24),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("外出天数", "days_out", width=10),
        exports.ExportColumn("拜访项目", "visits", width=10),
    ]


class TeamShortView(TeamWeekView):
    """上周未达标: who fell short last week, for the unit's head and for the bureau."""

    list_title = gettext_lazy("上周未达标的招商人员")
    only_short = True
    default_weeks_back = 1
