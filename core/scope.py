"""The one data-scope rule of docs/domain.md §1, used by every list, detail, edit, export, API and drill-down.

Bureau roles see every town; a town officer sees only rows whose `town_scope` lookup is their
own town (nothing at all when they have no town). Rows outside the scope simply are not in the
queryset, so detail/edit/delete answer 404 and never confirm that the row exists.
"""

from django.db.models import QuerySet


def sees_all_towns(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or getattr(user, "role", "") in BUREAU_WIDE_ROLES))


BUREAU_WIDE_ROLES = {"bureau_admin", "bureau_staff", "leader"}


def restrict(queryset: QuerySet, user) -> QuerySet:
    """The part of `queryset` that `user` may see."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_towns(user):
        return queryset
    lookup = getattr(queryset.model, "town_scope", None)
    if lookup is None:
        return queryset  # dictionaries and other non-town data are readable by everyone
    if getattr(user, "role", "") != "town_officer" or not user.town_id:
        return queryset.none()
    return queryset.filter(**{lookup: user.town_id})


def can_create(user, model) -> bool:
    role = getattr(user, "role", "")
    if user.is_superuser or role in {"bureau_admin", "bureau_staff"}:
        return True
    return role == "town_officer" and getattr(model, "officer_may_create", False)


def can_change(user, model) -> bool:
    role = getattr(user, "role", "")
    if user.is_superuser or role in {"bureau_admin", "bureau_staff"}:
        return True
    return role == "town_officer" and getattr(model, "officer_may_change", False)


def can_delete(user, model) -> bool:
    """Officers edit but never delete; leaders write nothing."""
    return bool(user.is_superuser or getattr(user, "role", "") in {"bureau_admin", "bureau_staff"})


def can_import(user) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") in {"bureau_admin", "bureau_staff", "town_officer"})
