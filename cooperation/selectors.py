"""Every read of the cooperation app: scoped to the user (Model.objects.for_user), related rows joined."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import Bank, Financing, FinancingKind, Intermediary, IntermediaryReview, IntermediaryService

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
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
