"""generate_load's investment projects (see core.load): 0.4 per new load enterprise, so
`generate_load --enterprises 50000` gives 20,000 projects — the board's benchmark size
(scripts/bench_board.py). Each with its path of dated moves; bulk-written, no change log.
Recognisable by their note (LOAD_NOTE).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.models import InvestDirection

from .models import PROJECT_WORKFLOW, InvestmentProject, ProjectStage, ProjectStageChange, SourceKind

# =============================================================================================
# Project pipeline
# =============================================================================================

PROJECTS_PER_ENTERPRISE = 0.4
LOAD_NOTE = "压测数据"
# Where a load project ends up: the path's stages, and 终止 from an open one.
FINAL_SHARES = {
    ProjectStage.LEAD: 25,
    ProjectStage.TALKING: 25,
    ProjectStage.SIGNED: 25,
    ProjectStage.LANDED: 15,
    ProjectStage.DROPPED: 10,
}
SIGNED = (ProjectStage.SIGNED, ProjectStage.LANDED)
WORDS = ["智能", "精密", "绿色", "海洋", "生物", "数字", "新型", "高端", "低碳", "先进"]
THINGS = ["装备", "材料", "器件", "平台", "系统", "制剂", "传感器", "模组", "服务", "中试线"]


def generate(ctx) -> dict:
    new = len(ctx.new_enterprise_ids)
    wanted = round(new * PROJECTS_PER_ENTERPRISE)
    if not wanted:
        return {"projects": 0, "stage_changes": 0}
    directions = list(InvestDirection.objects.all())
    start = InvestmentProject.objects.filter(note=LOAD_NOTE).count()
    counts = {"projects": 0, "stage_changes": 0}
    for lo in range(0, wanted, ctx.batch_size):
        hi = min(lo + ctx.batch_size, wanted)
        with transaction.atomic():
            made = _chunk(ctx, start + lo, start + hi, directions)
        for key, n in made.items():
            counts[key] += n
        ctx.progress(f"科创项目 {hi:,}/{wanted:,}")
    return counts


def _chunk(ctx, lo, hi, directions) -> dict:
    rng = ctx.rng(900_000 + lo)
    today = timezone.localdate()
    path = list(PROJECT_WORKFLOW.path)
    finals, weights = list(FINAL_SHARES), list(FINAL_SHARES.values())
    projects, paths = [], []
    for i in range(lo, hi):
        town = ctx.towns[i % len(ctx.towns)]
        direction = directions[i % len(directions)]
        final = rng.choices(finals, weights=weights)[0]
        if final == ProjectStage.DROPPED:
            stages = [*path[: rng.randint(1, 3)], ProjectStage.DROPPED]
        else:
            stages = path[: path.index(final) + 1]
        day = today - dt.timedelta(days=rng.randint(60, 1000))
        moves = []
        for stage in stages:
            moves.append((stage, day))
            day = min(today, day + dt.timedelta(days=rng.randint(5, 90)))
        officers = ctx.officers.get(town.pk) or [None]
        projects.append(
            InvestmentProject(
                name=f"{rng.choice(WORDS)}{rng.choice(THINGS)}项目{i + 1:06d}",
                chain_id=direction.chain_id,
                direction=direction,
                town=town,
                source_kind=rng.choice(SourceKind.values),
                owner=officers[0],
                stage=moves[-1][0],
                stage_on=moves[-1][1],
                is_key=rng.random() < 0.1,
                nt_recognized_on=moves[-1][1]
                if final in (ProjectStage.SIGNED, ProjectStage.LANDED) and rng.random() < 0.5
                else None,
                note=LOAD_NOTE,
            )
        )
        paths.append(moves)
    InvestmentProject.objects.bulk_create(projects, batch_size=ctx.batch_size)
    changes = []
    for project, moves in zip(projects, paths, strict=True):
        previous = ""
        for stage, on in moves:
            changes.append(ProjectStageChange(project=project, from_stage=previous, to_stage=stage, on=on))
            previous = stage
    ProjectStageChange.objects.bulk_create(changes, batch_size=ctx.batch_size)
    return {"projects": len(projects), "stage_changes": len(changes)}


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================
# In proportion to the new load enterprises: a team member per 300 (165 for the demo's ~50,000),
# each with a client visit every working week of the past year or so, and an event per 1,000.
# Bulk-written without the change log, recognisable by LOAD_NOTE like the projects.

import random  # noqa: E402

from .models import ClientVisit, EventKind, InvestmentEvent, TeamMember, UnitKind  # noqa: E402

ENTERPRISES_PER_MEMBER = 300
VISITS_PER_MEMBER = 50
ENTERPRISES_PER_EVENT = 1000
LOAD_CITIES = ["上海", "深圳", "南京", "苏州", "杭州", "北京", "海门"]

_generate_pipeline = generate


def generate(ctx) -> dict:  # noqa: F811 (the pipeline's projects, then the activity rows)
    counts = _generate_pipeline(ctx)
    counts.update(_activity(ctx))
    return counts


def _activity(ctx) -> dict:
    new = len(ctx.new_enterprise_ids)
    members_wanted, events_wanted = new // ENTERPRISES_PER_MEMBER, new // ENTERPRISES_PER_EVENT
    if not members_wanted and not events_wanted:
        return {"team": 0, "client_visits": 0, "events": 0}
    rng = random.Random(ctx.seed * 7 + new)
    zone = timezone.get_default_timezone()
    today = timezone.localdate()
    start = TeamMember.objects.filter(note=LOAD_NOTE).count()
    with transaction.atomic():
        members = TeamMember.objects.bulk_create(
            [
                TeamMember(
                    name=f"压测招商员{start + i + 1:06d}",
                    unit_kind=UnitKind.TOWN,
                    unit_name=ctx.towns[(start + i) % len(ctx.towns)].name,
                    town=ctx.towns[(start + i) % len(ctx.towns)],
                    active_from=today - dt.timedelta(days=400),
                    note=LOAD_NOTE,
                )
                for i in range(members_wanted)
            ],
            batch_size=ctx.batch_size,
        )
        visits = []
        for member in members:
            for _n in range(VISITS_PER_MEMBER):
                day = today - dt.timedelta(days=rng.randint(1, 380))
                moment = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.choice((0, 30))), tzinfo=zone)
                city = rng.choice(LOAD_CITIES)
                visits.append(
                    ClientVisit(
                        member=member, visited_at=moment, counterpart=f"{city}压测客商", city=city, note=LOAD_NOTE
                    )
                )
        ClientVisit.objects.bulk_create(visits, batch_size=ctx.batch_size)
        first = InvestmentEvent.objects.filter(note=LOAD_NOTE).count()
        events = InvestmentEvent.objects.bulk_create(
            [
                InvestmentEvent(
                    kind=rng.choice(EventKind.values),
                    held_on=today - dt.timedelta(days=rng.randint(1, 380)),
                    title=f"压测招商活动{first + i + 1:06d}",
                    city=rng.choice(LOAD_CITIES),
                    host="区科技局",
                    town=ctx.towns[i % len(ctx.towns)],
                    note=LOAD_NOTE,
                )
                for i in range(events_wanted)
            ],
            batch_size=ctx.batch_size,
        )
    ctx.progress(f"招商队伍 {len(members):,}，拜访客商 {len(visits):,}，招商活动 {len(events):,}")
    return {"team": len(members), "client_visits": len(visits), "events": len(events)}
