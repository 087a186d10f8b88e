"""generate_load's cooperation rows (see core.load): about one technology contract per new load
enterprise (50,000 at 50,000 enterprises) and an industry–academia project for one in ten (the
demo's 109 projects for ~1,000 enterprises), with a handful of load institutions.

Written in chunks of `ctx.batch_size` enterprises, one transaction each, with bulk inserts and no
change-log entries; load contracts are recognisable by their number (LOAD…), so a re-run adds
rows for the enterprises that are new since, and nothing twice.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from core.perf.bulk import insert

from .models import (
    Bank,
    ContractKind,
    Direction,
    Financing,
    FinancingKind,
    IACooperation,
    IAKind,
    Institution,
    Product,
    Region,
    Registration,
    TechContract,
)

LOAD_PREFIX = "LOAD"
PROJECT_SHARE = 10  # one enterprise in ten has a project
INSTITUTIONS = 40
FIRST_DAY = dt.date(2023, 1, 1)
STATUSES = [Registration.REGISTERED] * 8 + [Registration.PENDING, Registration.RECTIFY]


def _institutions():
    existing = list(Institution.objects.filter(name__startswith="压测院校").order_by("pk").values_list("pk", flat=True))
    if len(existing) >= INSTITUTIONS:
        return existing
    regions = list(Region)
    rows = [
        {"name": f"压测院校{i:02d}", "region": regions[i % len(regions)], "kind": "university"}
        for i in range(len(existing), INSTITUTIONS)
    ]
    return existing + insert(Institution, rows)


def generate(ctx) -> dict:
    counts = {"tech_contracts": 0, "ia_projects": 0}
    ids = sorted(ctx.new_enterprise_ids)
    if not ids:
        return counts
    institutions = _institutions()
    kinds, ia_kinds = list(ContractKind), list(IAKind)
    for start in range(0, len(ids), ctx.batch_size):
        chunk = ids[start : start + ctx.batch_size]
        rng = ctx.rng(chunk[0])
        contracts, projects = [], []
        for enterprise_id in chunk:
            amount = Decimal(rng.randint(10, 5000))
            status = rng.choice(STATUSES)
            day = FIRST_DAY + dt.timedelta(days=rng.randint(0, 360))
            contracts.append(
                {
                    "reg_number": f"{LOAD_PREFIX}{enterprise_id:010d}",
                    "title": f"压测技术合同{enterprise_id}",
                    "enterprise_id": enterprise_id,
                    "counterpart": "压测对方单位",
                    "direction": Direction.OUTPUT if rng.random() < 0.8 else Direction.ABSORB,
                    "kind": rng.choice(kinds),
                    "contract_amount": amount,
                    "tech_amount": (amount * Decimal("0.8")).quantize(Decimal("0.01")),
                    "signed_on": day - dt.timedelta(days=15),
                    "registered_on": day if status == Registration.REGISTERED else None,
                    "status": status,
                    "rectify_reason": "压测：材料不全" if status == Registration.RECTIFY else "",
                    "rectify_since": day if status == Registration.RECTIFY else None,
                    "note": "",
                }
            )
            if enterprise_id % PROJECT_SHARE == 0:
                projects.append(
                    {
                        "enterprise_id": enterprise_id,
                        "institution_id": institutions[enterprise_id % len(institutions)],
                        "title": f"压测产学研项目{enterprise_id}",
                        "kind": rng.choice(ia_kinds),
                        "amount": Decimal(rng.randint(5, 500)),
                        "signed_on": day,
                        "status": "signed",
                        "note": "",
                    }
                )
        with transaction.atomic():
            insert(TechContract, contracts)
            insert(IACooperation, projects)
        counts["tech_contracts"] += len(contracts)
        counts["ia_projects"] += len(projects)
        ctx.progress(f"技术合同 {start + len(chunk):,}/{len(ids):,}")
    counts.update(generate_finance(ctx, ids))
    return counts


# ============================================================================================
# Science finance
# ============================================================================================

FINANCE_SHARE = 20  # one enterprise in twenty meets a bank and gets a credit line (the demo: 18 of ~1,000)
LOAN_SHARE = 40  # one in forty also draws a loan within it


def generate_finance(ctx, ids) -> dict:
    """对接 + 授信 for one load enterprise in twenty, a loan within the line for one in forty, at the
    open banks of fixtures/banks.json; dated in 2023, bulk-inserted (no change log)."""
    banks = list(Bank.objects.filter(kind="bank", status="open").order_by("pk").values_list("pk", flat=True))
    if not banks:
        return {"financing": 0}
    products = [p for p in Product if p != Product.OTHER]
    total = 0
    chosen = [i for i in ids if i % FINANCE_SHARE == 0]
    for start in range(0, len(chosen), ctx.batch_size):
        chunk = chosen[start : start + ctx.batch_size]
        rng = ctx.rng(chunk[0] + 1)
        rows = []
        for enterprise_id in chunk:
            bank, product = banks[enterprise_id % len(banks)], rng.choice(products)
            met = FIRST_DAY + dt.timedelta(days=rng.randint(0, 200))
            line = Decimal(rng.randint(100, 3000))
            base = {"enterprise_id": enterprise_id, "bank_id": bank, "product": product, "product_name": "", "note": ""}
            rows.append({**base, "kind": FinancingKind.CONNECT, "amount": None, "on": met})
            rows.append({**base, "kind": FinancingKind.CREDIT, "amount": line, "on": met + dt.timedelta(days=20)})
            if enterprise_id % LOAN_SHARE == 0:
                paid = (line * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal("1"))
                rows.append({**base, "kind": FinancingKind.LOAN, "amount": paid, "on": met + dt.timedelta(days=45)})
        with transaction.atomic():
            insert(Financing, rows)
        total += len(rows)
        ctx.progress(f"科技金融 {start + len(chunk):,}/{len(chosen):,}")
    return {"financing": total}
