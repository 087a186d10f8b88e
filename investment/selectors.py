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
# Project pipeline (issue 12, part A)
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
# Events, client visits, team and funds (issue 12, part B) — below this line.
# =============================================================================================
