"""Every read of the investment pages, scoped through Model.objects.for_user(user) (core/scope.py)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from core import scope

from .models import (
    PROJECT_WORKFLOW,
    InvestmentLead,
    InvestmentProject,
    ProjectStageChange,
)

# =============================================================================================
# Project pipeline
# =============================================================================================

# The board's columns, left to right: the path, then 终止.
BOARD_STAGES = [*PROJECT_WORKFLOW.path, *PROJECT_WORKFLOW.exits]
BOARD_CARDS = 20  # cards shown per column; the count says how many more the list has


def project_list(user):
    return InvestmentProject.objects.for_user(user).select_related("chain", "direction", "town", "owner")


def project_detail(user):
    return (
        project_list(user)
        .select_related("lead")
        .prefetch_related(
            Prefetch("changes", queryset=ProjectStageChange.objects.select_related("changed_by").order_by("on", "id"))
        )
    )


def reached_stage(stages, *, on_range=None, on_before=None):
    """Exists(a move of the project into one of `stages`, dated in `on_range` / up to `on_before`):
    the KPIs' "reached 签约 in the period" and the list's 签约日期 filter are this one condition."""
    changes = ProjectStageChange.objects.filter(project=OuterRef("pk"), to_stage__in=list(stages))
    if on_range is not None:
        changes = changes.filter(on__range=on_range)
    if on_before is not None:
        changes = changes.filter(on__lte=on_before)
    return Exists(changes)


def first_reached_in(stages, dates):
    """The project reached one of `stages` in `dates` for the first time: a move into them dated
    in the range, and none before it. A project signed in 2022 and landed in 2023 is no new
    signing of 2023 (落地 is "signed or later", but it was signed already)."""
    start = dates[0]
    return reached_stage(stages, on_range=dates) & ~reached_stage(stages, on_before=start - dt.timedelta(days=1))


def stage_on_day(stage, day):
    """Exists(the project's last move up to `day` took it into `stage`): its stage as it stood that day
    (the snapshot KPI 在手在谈 on 30 June, whatever happened to the project since)."""
    later = ProjectStageChange.objects.filter(project=OuterRef("project"), on__lte=day).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id"))
    )
    last = ProjectStageChange.objects.filter(project=OuterRef("pk"), to_stage=stage, on__lte=day).filter(~Exists(later))
    return Exists(last)


@dataclass(frozen=True)
class Card:
    """One card of the board: what it shows, read as plain values (selectors.board)."""

    pk: int
    name: str
    stage: str
    stage_on: dt.date
    is_key: bool
    nt_recognized_on: dt.date | None
    owner_id: int | None
    chain_name: str
    town_name: str
    owner_username: str | None
    owner_first_name: str | None
    owner_last_name: str | None

    @property
    def owner_name(self) -> str:
        """As accounts.User.__str__ says it: the full name (family name first), else the username."""
        full = f"{self.owner_last_name or ''}{self.owner_first_name or ''}".strip()
        return full or (self.owner_username or "")

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("investment:investmentproject_detail", args=[self.pk])


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    cards: list = field(default_factory=list)
    open: bool = True  # cards may be moved out of it
    targets: list = field(default_factory=list)  # the stages a card of this column may move to

    @property
    def more(self) -> int:
        return max(self.count - len(self.cards), 0)


def board(user, queryset=None, *, per_column=BOARD_CARDS) -> list[BoardColumn]:
    """The pipeline board: each stage's newest `per_column` cards and its count.

    Two queries whatever the rows: one grouped COUNT, and one UNION ALL of a LIMITed query per
    column (each walks the (stage, stage_on, id) index) — pinned in query_counts.json.
    `queryset` is the board's filtered projects (the list's FilterSet), already in the user's scope.
    """
    projects = queryset if queryset is not None else InvestmentProject.objects.for_user(user)
    counts = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    # Plain rows, not model instances: 100 cards × 4 objects each were a third of the page's CPU.
    fields = (
        "pk", "name", "stage", "stage_on", "is_key", "nt_recognized_on", "owner_id",
        "chain__name", "town__name", "owner__username", "owner__first_name", "owner__last_name",
    )  # fmt: skip
    parts = [
        projects.filter(stage=stage).order_by("-stage_on", "-id").values_list(*fields)[:per_column]
        for stage in BOARD_STAGES
    ]
    cards = {stage: [] for stage in BOARD_STAGES}
    for row in parts[0].union(*parts[1:], all=True):
        card = Card(*row)
        cards[card.stage].append(card)
    for column in cards.values():  # UNION ALL keeps no order of its own
        column.sort(key=lambda c: (c.stage_on, c.pk), reverse=True)
    return [
        BoardColumn(
            stage=stage,
            label=PROJECT_WORKFLOW.label(stage),
            count=counts.get(stage, 0),
            cards=cards[stage],
            open=not PROJECT_WORKFLOW.is_terminal(stage),
            targets=PROJECT_WORKFLOW.next_stages(stage),
        )
        for stage in BOARD_STAGES
    ]


def owner_choices(user):
    """Who may own a project or a lead: active bureau staff and town officers; an officer chooses
    among their own town's officers only."""
    from accounts.models import User

    people = User.objects.filter(is_active=True, role__in=User.WRITER_ROLES)
    if not scope.sees_all_towns(user):
        people = people.filter(role=User.Role.TOWN_OFFICER, town_id=getattr(user, "town_id", None) or 0)
    return people.order_by("role", "town__order", "username")


# ---- 招引目标数据库 ---------------------------------------------------------------------------


def lead_list(user):
    return InvestmentLead.objects.for_user(user).select_related("chain", "direction", "town", "owner", "project")


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db.models import (  # noqa: E402
    DecimalField,
    IntegerField,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.models import Target  # noqa: E402

from . import rules  # noqa: E402
from .models import (  # noqa: E402
    ClientVisit,
    Fund,
    FundKind,
    FundStage,
    FundStageChange,
    InvestmentEvent,
    TeamMember,
)


def event_list(user):
    return (
        InvestmentEvent.objects.for_user(user)
        .select_related("town")
        .annotate(project_count=Count("projects", distinct=True), member_count=Count("members", distinct=True))
    )


def event_detail(user):
    return (
        InvestmentEvent.objects.for_user(user)
        .select_related("town")
        .prefetch_related(
            Prefetch("projects", queryset=InvestmentProject.objects.select_related("town").order_by("name")),
            Prefetch("members", queryset=TeamMember.objects.select_related("town")),
        )
    )


def client_visit_list(user):
    return ClientVisit.objects.for_user(user).select_related("member__town", "project")


def member_of(user):
    """The team member a portal user is (None: they are not on the team)."""
    if user is None or not user.is_authenticated:
        return None
    return TeamMember.objects.filter(user=user).select_related("town").first()


def visit_member_choices(user, day=None):
    """Who a user may record a client visit for: the members on the team today, in the user's scope."""
    day = day or timezone.localdate()
    return (
        TeamMember.objects.for_user(user)
        .filter(active_from__lte=day)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=day))
        .select_related("town")
    )


def on_team(day):
    """Members on the team on `day` (the invest.team snapshot)."""
    return TeamMember.objects.filter(active_from__lte=day).filter(Q(active_to__isnull=True) | Q(active_to__gte=day))


def team_list(user):
    return TeamMember.objects.for_user(user).select_related("town", "user")


# ---- the weekly rule ---------------------------------------------------------------------------


def with_week(members, monday):
    """Members annotated with their week from `monday` (rules.py): `visits` (client visits in the
    week), `days_out` (distinct days with a visit, plus days of events outside Haimen they attended
    on which they made no visit) and `whole_week` (on the team the whole week). One query."""
    start, end = rules.week_bounds(monday)
    first, last = rules.week_days(monday)
    zone = timezone.get_default_timezone()
    visits = ClientVisit.objects.filter(member=OuterRef("pk"), visited_at__gte=start, visited_at__lt=end).order_by()
    visit_count = visits.values("member").annotate(n=Count("pk")).values("n")
    visit_days = visits.values("member").annotate(n=Count(TruncDate("visited_at", tzinfo=zone), distinct=True))
    same_day_visit = (
        ClientVisit.objects.annotate(day=TruncDate("visited_at", tzinfo=zone))
        .filter(member=OuterRef(OuterRef("pk")), day=OuterRef("held_on"))
        .order_by()
    )
    event_days = (
        InvestmentEvent.objects.filter(rules.away_q(), members=OuterRef("pk"), held_on__range=(first, last))
        .exclude(Exists(same_day_visit))
        .order_by()
        .values("members")
        .annotate(n=Count("held_on", distinct=True))
        .values("n")
    )
    zero = Value(0)
    return members.annotate(
        visits=Coalesce(Subquery(visit_count, output_field=IntegerField()), zero),
        days_out=Coalesce(Subquery(visit_days.values("n"), output_field=IntegerField()), zero)
        + Coalesce(Subquery(event_days, output_field=IntegerField()), zero),
    )


def whole_week_q(monday):
    """On the team the whole week: joined by its Monday, not left before its Sunday."""
    first, last = rules.week_days(monday)
    return Q(active_from__lte=first) & (Q(active_to__isnull=True) | Q(active_to__gte=last))


def short_q():
    return Q(days_out__lt=rules.MIN_DAYS_OUT) | Q(visits__lt=rules.MIN_PROJECT_VISITS)


def team_week(user, monday, *, only_short=False):
    """Each member in the user's scope on the team the whole week, with that week's figures."""
    members = with_week(team_list(user).filter(whole_week_q(monday)), monday)
    return members.filter(short_q()) if only_short else members


def short_member_ids(monday):
    """The members short of the weekly rule in the week from `monday`, as a plain pk subquery (KPIs)."""
    members = TeamMember.objects.filter(whole_week_q(monday))
    return with_week(members, monday).filter(short_q()).values("pk")


def summary_aggregates():
    """The week's totals over annotated members: subject to the rule, and short of it."""
    return {"total": Count("pk"), "short": Count("pk", filter=short_q())}


def head_unit(user):
    """(unit_kind, unit_name) of a unit whose head this user is, or None."""
    member = member_of(user)
    if member is not None and member.is_head:
        return member.unit_kind, member.unit_name
    return None


# ---- funds ---------------------------------------------------------------------------------------


def fund_list(user):
    return Fund.objects.for_user(user).select_related("town")


def fund_detail(user):
    return fund_list(user).prefetch_related(
        Prefetch("changes", queryset=FundStageChange.objects.select_related("changed_by").order_by("on", "id"))
    )


def fund_goal_yi(year):
    """The 三个一百 goal for funds (新增各类科创基金 … 亿元): the district Target of rules.FUND_GOAL_KPI,
    this year's or else the latest year's before it (the goal is set "到2023年"); None when not set."""
    target = Target.objects.filter(kpi=rules.FUND_GOAL_KPI, town__isnull=True, year__lte=year).order_by("-year").first()
    return target.value if target is not None else None


def fund_totals(user, year=None) -> dict:
    """Target and raised size by kind and by stage, and the raised total of the funds counted as new
    against the 三个一百 goal (two queries and the goal)."""
    year = year or timezone.localdate().year
    funds = Fund.objects.for_user(user)
    money = DecimalField(max_digits=16, decimal_places=2)
    zero = Value(Decimal(0), output_field=money)
    overall = funds.aggregate(
        n=Count("pk"),
        target=Coalesce(Sum("target_size"), zero, output_field=money),
        raised=Coalesce(Sum("raised_size"), zero, output_field=money),
        new_raised=Coalesce(Sum("raised_size", filter=Q(counts_as_new=True)), zero, output_field=money),
        new_target=Coalesce(Sum("target_size", filter=Q(counts_as_new=True)), zero, output_field=money),
    )
    kinds = dict(FundKind.choices)
    stages = dict(FundStage.choices)
    rows = funds.values("kind", "stage").annotate(
        n=Count("pk"),
        target=Coalesce(Sum("target_size"), zero, output_field=money),
        raised=Coalesce(Sum("raised_size"), zero, output_field=money),
    )
    by_kind, by_stage = {}, {}
    for row in rows:
        for key, label, into in ((row["kind"], kinds, by_kind), (row["stage"], stages, by_stage)):
            entry = into.setdefault(
                key, {"label": label.get(key, key), "n": 0, "target": Decimal(0), "raised": Decimal(0)}
            )
            entry["n"] += row["n"]
            entry["target"] += row["target"]
            entry["raised"] += row["raised"]
    goal = fund_goal_yi(year)
    new_yi = overall["new_raised"] / rules.WAN_PER_YI
    return {
        **overall,
        "new_raised_yi": new_yi,
        "new_target_yi": overall["new_target"] / rules.WAN_PER_YI,
        "goal_yi": goal,
        "goal_pct": round(new_yi * 100 / goal, 1) if goal else None,
        "by_kind": [by_kind[k] for k in kinds if k in by_kind],
        "by_stage": [by_stage[s] for s in stages if s in by_stage],
    }


def week_choices(today=None, weeks=12):
    """The last `weeks` Mondays, newest first (the week pages' switch)."""
    monday = rules.week_start(today or timezone.localdate())
    return [monday - dt.timedelta(days=7 * i) for i in range(weeks)]
