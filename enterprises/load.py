"""generate_load's enterprises: N enterprises across the towns, ~6 visits each, pools for ~30%,
three years of figures for ~50%, R&D filings for the 强基 members (see core.load).

Written in chunks of `ctx.batch_size` enterprises, one transaction each, so an interrupted run
leaves whole chunks and the next run tops up from where it stopped.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.demo_codes import credit_code

from . import synthetic
from .models import (
    CERTIFIED_STAGES,
    POOL_STAGES,
    Enterprise,
    EnterpriseYear,
    Pool,
    PoolMembership,
    PoolStageChange,
    RDProject,
    Stage,
    Visit,
)
from .synthetic import SECTORS

# Credit-code serials 70,000,000–79,999,999 under 320614 only: the 8-digit body starts with 7, so
# load data is `credit_code LIKE '913206147%'`, never collides with the demo (30M) or the factories
# (10M, 20M), nor with real codes (320614 codes carry new-style MA… bodies; old 320684 ones often
# start with 7, which is why load data never uses 320684).
LOAD_SERIAL_BASE = 70_000_000
LOAD_CODE_PREFIX = "913206147"

VISITS_PER_ENTERPRISE = (0, 12)  # uniform: 6 on average, 300,000 for 50,000 enterprises
MEMBER_SHARE, YEARS_SHARE = 0.3, 0.5
POOL_SHARES = {Pool.FANXING: 5, Pool.QIANGJI: 4, Pool.PANGAO: 1}
FIRST_VISIT = dt.date(2023, 1, 3)


def load_enterprises():
    return Enterprise.objects.filter(credit_code__startswith=LOAD_CODE_PREFIX)


def generate(ctx) -> dict:
    last = load_enterprises().aggregate(last=Max("credit_code"))["last"]
    start = int(last[8:16]) - LOAD_SERIAL_BASE + 1 if last else 0
    counts = dict.fromkeys(
        ["enterprises", "visits", "memberships", "stage_changes", "enterprise_years", "rd_projects"], 0
    )
    for lo in range(start, ctx.enterprises, ctx.batch_size):
        hi = min(lo + ctx.batch_size, ctx.enterprises)
        with transaction.atomic():
            for name, n in _chunk(ctx, lo, hi).items():
                counts[name] += n
        ctx.progress(f"企业 {hi:,}/{ctx.enterprises:,}")
    return {"existing": start, "created": counts, "total": max(start, ctx.enterprises)}


def _chunk(ctx, lo, hi) -> dict:
    rng = ctx.rng(lo)
    today = timezone.localdate()
    towns = ctx.towns
    town_weights = [synthetic.TOWN_PROFILES.get(t.name, (1, {}))[0] for t in towns]
    years = tuple(range(today.year - 3, today.year))

    enterprises, plans = [], []
    for i in range(lo, hi):
        town = rng.choices(towns, weights=town_weights)[0]
        sector = SECTORS[synthetic.weighted(rng, synthetic.TOWN_PROFILES.get(town.name, (1, {"machinery": 1}))[1])]
        founded = dt.date(rng.randint(1995, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        size = rng.choices(["small", "medium", "large"], weights=[70, 25, 5])[0]
        member = rng.random() < MEMBER_SHARE and bool(sector.tech_field)
        profile = synthetic.profile(rng, size, sector, innovative=member)
        first = max(FIRST_VISIT, founded)
        days = sorted(
            {synthetic.workday(rng, first, today) for _ in range(rng.randint(*VISITS_PER_ENTERPRISE))}
            if first < today
            else set()
        )
        officer = ctx.officers[town.pk][0] if rng.random() > 0.03 else None
        contact = synthetic.person_name(rng)
        enterprises.append(
            Enterprise(
                name=synthetic.company_name(rng, sector, founded, brand_length=rng.choice([2, 3])),
                credit_code=credit_code(LOAD_SERIAL_BASE + i),
                town=town,
                address=synthetic.address(rng, town.name),
                industry=rng.choice(sector.industries),
                tech_field=sector.tech_field,
                founded_on=founded,
                registered_capital=synthetic.money(rng.uniform(50, 5000)),
                employees=profile.employees,
                rd_staff=min(profile.employees, round(profile.employees * profile.rd_share)),
                contact_name=contact,
                contact_phone=synthetic.mobile(rng),
                grid_officer=officer,
                is_key=rng.random() < 0.03,
                listing_plan=rng.random() < 0.01,
                last_visited_on=days[-1] if days and officer else None,
            )
        )
        plans.append((sector, profile, member, days if officer else [], officer, contact))
    Enterprise.objects.bulk_create(enterprises, batch_size=ctx.batch_size)
    ctx.new_enterprise_ids.extend(e.pk for e in enterprises)

    visits, memberships, paths, figures, filings = [], [], [], [], []
    for ent, (sector, profile, member, days, officer, contact) in zip(enterprises, plans, strict=True):
        pool = synthetic.weighted(rng, POOL_SHARES) if member else ""
        for day in days:
            fields = synthetic.visit_fields(rng, day=day, as_of=today, sector=sector, pool=pool, contact=contact)
            visits.append(Visit(enterprise=ent, officer=officer, visited_on=day, **fields))
        if member:
            membership, path = _membership(rng, ent, pool, today)
            memberships.append(membership)
            paths.append(path)
            if pool == Pool.QIANGJI and any(stage == Stage.RD_FILED for stage, _ in path):
                filed = next(on for stage, on in path if stage == Stage.RD_FILED)
                for title in synthetic.rd_titles(rng, sector, rng.randint(1, 3), membership.year):
                    budget = synthetic.money(rng.uniform(20, 800))
                    filings.append(
                        RDProject(enterprise=ent, year=membership.year, title=title, budget=budget, filed_on=filed)
                    )
        own_years = tuple(y for y in years if y > ent.founded_on.year)
        if own_years and (member or rng.random() < (YEARS_SHARE - MEMBER_SHARE) / (1 - MEMBER_SHARE)):
            for row in synthetic.year_figures(rng, profile, own_years, gaps=rng.random() < 0.3):
                figures.append(EnterpriseYear(enterprise=ent, **row))

    Visit.objects.bulk_create(visits, batch_size=ctx.batch_size)
    PoolMembership.objects.bulk_create(memberships, batch_size=ctx.batch_size)
    changes = []
    for membership, path in zip(memberships, paths, strict=True):
        previous = ""
        for stage, on in path:
            changes.append(PoolStageChange(membership=membership, from_stage=previous, to_stage=stage, on=on))
            previous = stage
    PoolStageChange.objects.bulk_create(changes, batch_size=ctx.batch_size)
    EnterpriseYear.objects.bulk_create(figures, batch_size=ctx.batch_size)
    RDProject.objects.bulk_create(filings, batch_size=ctx.batch_size)
    return {
        "enterprises": len(enterprises),
        "visits": len(visits),
        "memberships": len(memberships),
        "stage_changes": len(changes),
        "enterprise_years": len(figures),
        "rd_projects": len(filings),
    }


def _membership(rng, ent, pool, today):
    """A membership somewhere along its pool's path in a recent year; 1 in 12 ends 未通过."""
    year = rng.randint(today.year - 3, today.year)
    path_stages = POOL_STAGES[pool]
    reached = path_stages[: rng.randint(1, len(path_stages))]
    if len(reached) < len(path_stages) and rng.random() < 1 / 12:
        reached = [*reached, Stage.REJECTED]
    last_day = min(dt.date(year, 12, 20), today)
    day, path = dt.date(year, 1, 5), []
    for stage in reached:
        span = max(0, ((last_day - day).days) // max(1, len(reached) - len(path)))
        day = synthetic.workday(rng, day, day + dt.timedelta(days=span))
        path.append((stage, day))
    stage, stage_on = path[-1]
    certified = stage in CERTIFIED_STAGES
    membership = PoolMembership(
        enterprise=ent,
        pool=pool,
        year=year,
        stage=stage,
        stage_on=stage_on,
        certificate_no=_certificate_no(pool, year, ent.pk) if certified else "",
        certified_on=stage_on if certified else None,
        level=rng.choice(["leading", "gazelle", "potential_unicorn"]) if pool == Pool.PANGAO else "",
    )
    return membership, path


def _certificate_no(pool, year, serial):
    if pool == Pool.QIANGJI:
        return f"GR{year}32{serial % 1_000_000:06d}"
    return f"{year}320614{serial % 100_000:05d}"
