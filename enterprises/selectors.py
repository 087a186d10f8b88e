"""Reads of enterprises, always scoped to the user."""

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf

from core import scope

from .models import Enterprise, Visit, VisitPhoto


def enterprise_list(user):
    """The enterprise list's rows: scoped, with what the table shows fetched in the same query."""
    return Enterprise.objects.for_user(user).select_related("town", "grid_officer")


def enterprise_detail(user):
    return Enterprise.objects.for_user(user).select_related("town", "grid_officer")


def home_counts(user):
    """Work-queue figures for the home page in one aggregate query."""
    return Enterprise.objects.for_user(user).aggregate(
        enterprises=Count("id"),
        unassigned_town=Count("id", filter=Q(town__isnull=True)),
        no_grid_officer=Count("id", filter=Q(grid_officer__isnull=True)),
    )


# ---- visits ------------------------------------------------------------------------------


def _person_name(relation):
    # A user as colleagues call them (family + given name), else the login name — for tables and exports.
    return Coalesce(
        NullIf(Concat(f"{relation}__last_name", f"{relation}__first_name", output_field=CharField()), Value("")),
        f"{relation}__username",
    )


def visit_list(user):
    """Visits the user may see, with enterprise, town, officer and photo count in the same query."""
    photo_count = (
        VisitPhoto.objects.filter(visit=OuterRef("pk")).order_by().values("visit").annotate(n=Count("pk")).values("n")
    )
    return (
        Visit.objects.for_user(user)
        .select_related("enterprise__town", "officer")
        .annotate(photo_count=Coalesce(Subquery(photo_count), 0), officer_name=_person_name("officer"))
    )


def visit_detail(user):
    return (
        Visit.objects.for_user(user)
        .select_related("enterprise__town", "enterprise__grid_officer", "officer")
        .prefetch_related("photos")
    )


def my_visits(user):
    """The visits this user recorded, newest first."""
    return visit_list(user).filter(officer=user).order_by("-visited_on", "-id")


def open_follow_ups(user):
    """Visits whose problem is still open (待跟进/跟进中), the longest-waiting first."""
    from .services import OPEN_FOLLOW_UPS

    return visit_list(user).filter(follow_up__in=OPEN_FOLLOW_UPS).order_by("visited_on", "id")


def key_enterprises_due(user, today):
    """重点企业 in the user's scope with no visit since the quarter began (the seed's 家家到).

    Reads Enterprise.last_visited_on, which the visit services keep, so this is one indexed
    query; never-visited enterprises come first, then the longest unvisited.
    """
    from .services import quarter_start

    return (
        Enterprise.objects.for_user(user)
        .filter(is_key=True)
        .filter(Q(last_visited_on__isnull=True) | Q(last_visited_on__lt=quarter_start(today)))
        .select_related("town", "grid_officer")
        .annotate(grid_officer_name=_person_name("grid_officer"))
        .order_by(F("last_visited_on").asc(nulls_first=True), "name", "id")
    )


def key_visit_coverage(user, today):
    """{total, visited, start} of this quarter's key-enterprise visits in the user's scope, in one query."""
    from .services import quarter_start

    start = quarter_start(today)
    counts = (
        Enterprise.objects.for_user(user)
        .filter(is_key=True)
        .aggregate(total=Count("id"), visited=Count("id", filter=Q(last_visited_on__gte=start)))
    )
    return {**counts, "start": start}


def visit_enterprise_search(user, text, limit=8):
    """Type-ahead for the visit form: enterprises in scope matching a part of the name or credit code.

    The user's own grid enterprises come first: an officer mostly visits the ones assigned to them.
    """
    from core.credit_code import normalize_credit_code

    text = (text or "").strip()
    if not text:
        return Enterprise.objects.none()
    return (
        Enterprise.objects.for_user(user)
        .filter(Q(name__icontains=text) | Q(credit_code__contains=normalize_credit_code(text)))
        .select_related("town", "grid_officer")
        .order_by(Case(When(grid_officer=user, then=Value(0)), default=Value(1)), "name", "id")[:limit]
    )


def visit_photos(user):
    """Photos whose visit the user may see (the photo view answers 404 for the rest)."""
    return scope.restrict(VisitPhoto.objects.all(), user)


def visit_work_counts(user, today):
    """The visit work waiting for the user's scope (home page): open follow-ups, key enterprises due."""
    from .services import OPEN_FOLLOW_UPS

    coverage = key_visit_coverage(user, today)
    return {
        "open_follow_ups": Visit.objects.for_user(user).filter(follow_up__in=OPEN_FOLLOW_UPS).count(),
        "key_due": coverage["total"] - coverage["visited"],
    }
