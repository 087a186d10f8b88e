"""Writes the demo's plan (plan.py) into the database: only the rows that are missing.

Rows are matched on natural keys (credit code; enterprise + year; enterprise + pool + year;
enterprise + year + title; kind + date + title; enterprise + date) and the missing ones are
bulk-created: the demo is ~20,000 rows, and one service call per row would make `seed_demo`
minutes long. Bulk, but with the side effects a service call leaves:

- every row is validated by its model's full_clean() (the rules the services apply: rd_staff ≤
  employees, R&D spent in China ≤ R&D, …);
- every membership gets its whole stage history as PoolStageChange rows, the first one from ""
  as `pool_enter` writes it and one per later move as `pool_advance` does, dated and by the
  bureau's staff user;
- last_visited_on comes from `services.refresh_last_visited`, the helper the visit services use;
- every created row is in the change log (`core.changelog.log_bulk`) in the seed_demo batch,
  with the admin as the actor.

A second run plans the same rows, finds them all, and writes nothing; rows a user has edited
since are left as they are.
"""

from auditlog.cid import get_cid
from django.db import transaction

from core.changelog import creation_entries, log_bulk

from .. import services, synthetic
from ..models import (
    CultivationEvent,
    Enterprise,
    EnterpriseYear,
    PoolMembership,
    PoolStageChange,
    RDProject,
    Visit,
)
from .plan import CULTIVATION_EVENTS, build_plan

# The demo is built row by row, but validated like a form: these fields are links set here.
LINKS = {"enterprise", "town", "grid_officer", "officer"}


def seed(*, users, towns, year=2023) -> dict:
    """Create whatever of the demo is missing; return the demo's totals and what this run created."""
    if year != 2023:
        raise ValueError("演示数据讲的是2023年上半年总结，只能按2023年生成。")
    companies = build_plan()
    with transaction.atomic():
        created = DemoWriter(users=users, towns=towns).write(companies)
    totals = {
        "enterprises": len(companies),
        "enterprise_years": sum(len(c.years) for c in companies),
        "memberships": sum(len(c.memberships) for c in companies),
        "stage_changes": sum(len(m.path) for c in companies for m in c.memberships),
        "rd_projects": sum(len(c.rd) for c in companies),
        "cultivation_events": len(CULTIVATION_EVENTS),
        "visits": sum(len(c.visits) for c in companies),
    }
    return {**totals, "created": created}


def _validated(obj):
    obj.full_clean(exclude=list(LINKS), validate_unique=False, validate_constraints=False)
    return obj


class DemoWriter:
    def __init__(self, *, users, towns):
        self.admin, self.staff = users["admin"], users["staff"]
        self.towns = towns
        self.officers = {u.town.name: u for u in users.values() if u.role == "town_officer" and u.town_id}
        self.batch = get_cid() or "seed_demo"
        self.created = {}
        self.log = []  # (model, entries): written to the change log once, at the end

    def create(self, model, objs, key):
        objs = model.objects.bulk_create(objs, batch_size=1000)
        self.log.append((model, creation_entries(objs)))
        self.created[key] = len(objs)
        return objs

    def write(self, companies) -> dict:
        enterprise = self.enterprises(companies)
        ids = [e.pk for e in enterprise.values()]
        self.years(companies, enterprise, ids)
        self.memberships(companies, enterprise, ids)
        self.rd_projects(companies, enterprise, ids)
        self.cultivation_events()
        self.visits(companies, enterprise, ids)
        for model, entries in self.log:
            if entries:
                log_bulk(model=model, entries=entries, actor=self.admin, batch=self.batch)
        return self.created

    def enterprises(self, companies) -> dict:
        """Enterprises on the credit code; existing ones are left as a user may have edited them."""
        codes = {c.credit_code: c for c in companies}
        existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=list(codes))}
        new = [
            _validated(
                Enterprise(
                    name=c.name,
                    credit_code=code,
                    town=self.towns[c.town] if c.town else None,
                    address=c.address,
                    industry=c.industry,
                    tech_field=c.sector.tech_field,
                    founded_on=c.founded_on,
                    registered_capital=synthetic.money(c.registered_capital),
                    employees=c.employees,
                    rd_staff=c.rd_staff,
                    contact_name=c.contact_name,
                    contact_phone=c.contact_phone,
                    grid_officer=self.officers.get(c.town) if c.town and c.has_grid_officer else None,
                    is_key=c.is_key,
                    listing_plan=c.listing_plan,
                    no_major_incident=c.no_major_incident,
                )
            )
            for code, c in codes.items()
            if code not in existing
        ]
        for ent in self.create(Enterprise, new, "enterprises"):
            existing[ent.credit_code] = ent
        return {id(c): existing[code] for code, c in codes.items()}

    def years(self, companies, enterprise, ids):
        have = set(EnterpriseYear.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "year"))
        rows = [
            _validated(EnterpriseYear(enterprise=enterprise[id(c)], **figures))
            for c in companies
            for figures in c.years
            if (enterprise[id(c)].pk, figures["year"]) not in have
        ]
        self.create(EnterpriseYear, rows, "enterprise_years")

    def memberships(self, companies, enterprise, ids):
        """Pool memberships on (enterprise, pool, year), each with its whole stage history."""
        have = set(PoolMembership.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "pool", "year"))
        plans, rows = [], []
        for c in companies:
            ent = enterprise[id(c)]
            for m in c.memberships:
                if (ent.pk, m.pool, m.year) in have:
                    continue
                stage, stage_on, _ = m.path[-1]
                plans.append(m)
                rows.append(
                    PoolMembership(
                        enterprise=ent,
                        pool=m.pool,
                        year=m.year,
                        stage=stage,
                        stage_on=stage_on,
                        certificate_no=m.certificate_no,
                        certified_on=m.certified_on,
                        level=m.level,
                        recommended_provincial=m.recommended_on is not None,
                        recommended_on=m.recommended_on,
                        national_list=m.national_list,
                        note=m.note,
                    )
                )
        memberships = self.create(PoolMembership, rows, "memberships")
        changes = [
            change
            for m, membership in zip(plans, memberships, strict=True)
            for change in stage_history(membership, m.path, by=self.staff)
        ]
        PoolStageChange.objects.bulk_create(changes, batch_size=2000)
        self.created["stage_changes"] = len(changes)

    def rd_projects(self, companies, enterprise, ids):
        have = set(RDProject.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "year", "title"))
        rows = [
            _validated(
                RDProject(
                    enterprise=enterprise[id(c)],
                    year=year,
                    title=title,
                    budget=synthetic.money(budget),
                    filed_on=on,
                    reviewed=reviewed,
                )
            )
            for c in companies
            for year, title, budget, on, reviewed in c.rd
            if (enterprise[id(c)].pk, year, title) not in have
        ]
        self.create(RDProject, rows, "rd_projects")

    def cultivation_events(self):
        have = set(CultivationEvent.objects.values_list("kind", "held_on", "title"))
        rows = [
            CultivationEvent(kind=kind, held_on=on, title=title, town=self.towns[town] if town else None, attendees=n)
            for kind, on, title, town, n in CULTIVATION_EVENTS
            if (kind, on, title) not in have
        ]
        self.create(CultivationEvent, rows, "cultivation_events")

    def visits(self, companies, enterprise, ids):
        """Visits on (enterprise, date), by the town's grid officer; then the last-visited dates."""
        have = set(Visit.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "visited_on"))
        rows = []
        for c in companies:
            ent = enterprise[id(c)]
            officer = self.officers.get(c.town)
            for v in c.visits:
                if officer is not None and (ent.pk, v["visited_on"]) not in have:
                    rows.append(Visit(enterprise=ent, officer=officer, **v))
        visits = self.create(Visit, rows, "visits")
        services.refresh_last_visited(enterprise_ids=[v.enterprise_id for v in visits])


def stage_history(membership, path, *, by):
    """The PoolStageChange rows of a membership that followed `path` [(stage, date, note)]: entered
    at the first stage (from ""), then one row per move, as pool_enter and pool_advance record them."""
    previous = ""
    for stage, on, note in path:
        yield PoolStageChange(
            membership=membership, from_stage=previous, to_stage=stage, on=on, changed_by=by, note=note
        )
        previous = stage
