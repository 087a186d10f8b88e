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
# Project pipeline (issue 12, part A)
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
