"""Every read of the cooperation pages, scoped through Model.objects.for_user(user) (core/scope.py)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from . import rules
from .models import Direction, EventKind, IACooperation, IAEvent, Institution, Registration, TechContract

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
