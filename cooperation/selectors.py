"""Every read of the cooperation pages, scoped through Model.objects.for_user(user) (core/scope.py)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from . import rules
from .models import (
    Bank,
    Direction,
    EventKind,
    Financing,
    FinancingKind,
    IACooperation,
    IAEvent,
    Institution,
    Intermediary,
    IntermediaryReview,
    IntermediaryService,
    Registration,
    TechContract,
)

# ============================================================================================
# Industry–academia cooperation (institutions, IA projects, technology contracts, events) — 13a
# ============================================================================================


ZERO = Value(Decimal(0))


def institution_list(user):
    return Institution.objects.for_user(user).annotate(
        project_count=Count("projects", filter=Q(projects__in=IACooperation.objects.for_user(user)), distinct=True)
    )


def institution_detail(user):
    return Institution.objects.for_user(user)


def institution_projects(institution, user):
    """The institution's projects the user may see (an officer: their town's enterprises only)."""
    return ia_project_list(user).filter(institution=institution).order_by("-signed_on", "-id")


def ia_project_list(user):
    return IACooperation.objects.for_user(user).select_related("enterprise__town", "institution")


def contract_list(user):
    return TechContract.objects.for_user(user).select_related("enterprise__town")


def contract_totals(queryset) -> dict:
    """合同成交额 and 技术交易额 (万元) of the listed contracts, and how many; output and registered
    shown apart since only those make coop.tech_contract_output. One aggregate query."""
    money = DecimalField(max_digits=18, decimal_places=4)
    counted = Q(direction=Direction.OUTPUT, status=Registration.REGISTERED)
    return queryset.order_by().aggregate(
        n=Count("pk"),
        contract=Coalesce(Sum("contract_amount"), ZERO, output_field=money),
        tech=Coalesce(Sum("tech_amount"), ZERO, output_field=money),
        output_registered=Coalesce(Sum("contract_amount", filter=counted), ZERO, output_field=money),
    )


def rectify_list(user):
    """需整改: contracts the registry sent back, oldest first — the follow-up work with 南通科技大市场."""
    return contract_list(user).filter(status=Registration.RECTIFY).order_by("rectify_since", "id")


def event_list(user):
    return (
        IAEvent.objects.for_user(user)
        .select_related("town")
        .prefetch_related(
            Prefetch("enterprises", queryset=_enterprises()),
            Prefetch("institutions", queryset=Institution.objects.order_by("name")),
        )
    )


def _enterprises():
    from enterprises.models import Enterprise

    return Enterprise.objects.only("pk", "name", "town_id").order_by("name")


def monthly_activities(user, year, *, today=None) -> list[dict]:
    """产学研活动 month by month against rules.MONTHLY_ACTIVITIES (one grouped query).

    A month still running is "in progress" rather than behind; a month to come is not judged.
    """
    today = today or timezone.localdate()
    counts = dict(
        IAEvent.objects.for_user(user)
        .filter(kind=EventKind.ACTIVITY, held_on__year=year)
        .annotate(month=ExtractMonth("held_on"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    rows = []
    for month, first, last in rules.month_ends(year):
        n = counts.get(month, 0)
        if first > today:
            state = "future"
        elif last >= today and not rules.month_meets_rule(n):
            state = "running"
        else:
            state = "met" if rules.month_meets_rule(n) else "missed"
        rows.append({"month": month, "first": first, "last": last, "count": n, "state": state})
    return rows


def monthly_summary(rows) -> dict:
    judged = [r for r in rows if r["state"] in ("met", "missed")]
    return {
        "total": sum(r["count"] for r in rows),
        "met": sum(r["state"] == "met" for r in judged),
        "missed": sum(r["state"] == "missed" for r in judged),
        "required": rules.MONTHLY_ACTIVITIES,
    }


# ---- an enterprise's records (the enterprise page's panels read these) -------------------------
#
# Projects and contracts are scoped by the enterprise's town, so whoever sees the enterprise sees
# them; events by their host town, so an officer sees the enterprise's events held in their town.


def projects_of(enterprise, user=None):
    return enterprise.ia_projects.select_related("institution").order_by("-signed_on", "-id")


def contracts_of(enterprise, user=None):
    return enterprise.tech_contracts.order_by("-registered_on", "-id")


def events_of(enterprise, user=None):
    events = IAEvent.objects.for_user(user) if user is not None else IAEvent.objects.all()
    return events.filter(enterprises=enterprise).select_related("town").order_by("-held_on", "-id")


def working_years(today=None) -> list[int]:
    year = (today or dt.date.today()).year
    return list(range(year, year - 5, -1))


# ============================================================================================
# Science finance and intermediaries
# ============================================================================================


def financing_list(user):

    return Financing.objects.for_user(user).select_related("enterprise__town", "bank")


def bank_list(user):
    """Banks with the user's records at each (so an officer's counts are their town's)."""

    mine = Financing.objects.for_user(user).filter(bank=OuterRef("pk")).order_by().values("bank")
    return (
        Bank.objects.for_user(user)
        .select_related("parent")
        .annotate(
            record_count=_subcount(mine),
            credit_total=Subquery(
                mine.filter(kind=FinancingKind.CREDIT).annotate(total=Sum("amount")).values("total")[:1]
            ),
            loan_total=Subquery(mine.filter(kind=FinancingKind.LOAN).annotate(total=Sum("amount")).values("total")[:1]),
        )
    )


def _subcount(grouped):
    """COUNT of a subquery grouped by its outer key (0 when none)."""
    return Coalesce(Subquery(grouped.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)


def intermediary_list(user):
    """Agencies with the services the user may see (an officer: their town's enterprises)."""

    services = IntermediaryService.objects.for_user(user).filter(intermediary=OuterRef("pk")).order_by()
    return (
        Intermediary.objects.for_user(user)
        .select_related("town")
        .annotate(
            service_count=_subcount(services.values("intermediary")),
            enterprise_count=Coalesce(
                Subquery(
                    services.values("intermediary").annotate(n=Count("enterprise", distinct=True)).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )


def intermediary_page(intermediary, user, *, shown=20) -> dict:
    """An agency's page: its latest services (in the user's scope) and every yearly evaluation."""

    services = IntermediaryService.objects.for_user(user).filter(intermediary=intermediary)
    rows = list(services.select_related("enterprise").order_by("-served_on", "-id")[:shown])
    return {
        "services": rows,
        "service_count": len(rows) if len(rows) < shown else services.count(),
        "reviews": list(intermediary.reviews.order_by("-year")),
    }


def service_list(user):

    return IntermediaryService.objects.for_user(user).select_related("intermediary", "enterprise__town")


def review_list(user):
    """Evaluations with the year's services behind them (count and enterprises, in the user's scope)."""

    services = (
        IntermediaryService.objects.for_user(user)
        .filter(intermediary=OuterRef("intermediary"), served_on__year=OuterRef("year"))
        .order_by()
        .values("intermediary")
    )
    return (
        IntermediaryReview.objects.for_user(user)
        .select_related("intermediary")
        .annotate(
            service_count=_subcount(services),
            enterprise_count=Coalesce(
                Subquery(
                    services.annotate(n=Count("enterprise", distinct=True)).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )


def financing_totals(queryset) -> dict:
    """Enterprises and amounts of a filtered financing list, by kind, in one query (the list's summary)."""

    figures = {}
    for kind in (FinancingKind.CONNECT, FinancingKind.CREDIT, FinancingKind.LOAN):
        figures[f"{kind}_enterprises"] = Count("enterprise", distinct=True, filter=Q(kind=kind))
        figures[f"{kind}_amount"] = Sum("amount", filter=Q(kind=kind))
    return queryset.order_by().aggregate(**figures)
