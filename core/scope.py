"""The one data-scope rule of docs/domain.md §1, used by every list, detail, edit, export, API and drill-down.

Bureau roles see every town; a town officer sees only rows whose `town_scope` lookup is their
own town (nothing at all when they have no town). Rows outside the scope simply are not in the
queryset, so detail/edit/delete answer 404 and never confirm that the row exists.

The role groups are accounts.User's (BUREAU_ROLES, WIDE_ROLES, WRITER_ROLES); every other
module asks these functions, or reads the groups from here, rather than spelling roles.
"""

from django.db.models import QuerySet

from accounts.models import User

Role = User.Role
ALL_ROLES = User.ALL_ROLES
BUREAU_ROLES = User.BUREAU_ROLES
BUREAU_WIDE_ROLES = User.WIDE_ROLES
WRITER_ROLES = User.WRITER_ROLES


def role_of(user) -> str:
    """The role the portal applies to `user` (User.effective_role); "" when not signed in."""
    if user is None or not user.is_authenticated:
        return ""
    return user.effective_role


def is_bureau(user) -> bool:
    """局工作人员 or 局系统管理员: the bureau decides, writes and deletes everywhere."""
    return role_of(user) in BUREAU_ROLES


def sees_all_towns(user) -> bool:
    return role_of(user) in BUREAU_WIDE_ROLES


def restrict(queryset: QuerySet, user) -> QuerySet:
    """The part of `queryset` that `user` may see."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_towns(user):
        return queryset
    lookup = getattr(queryset.model, "town_scope", None)
    if lookup is None:
        return queryset  # dictionaries and other non-town data are readable by everyone
    if role_of(user) != Role.TOWN_OFFICER or not user.town_id:
        return queryset.none()
    return queryset.filter(**{lookup: user.town_id})


def town_id_of(instance):
    """The town (id) a record belongs to by its model's `town_scope` ("town", "enterprise__town")."""
    *path, last = instance.town_scope.split("__")
    obj = instance
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def keeps_in_scope(user, instance) -> bool:
    """A write leaves the record inside the writer's scope: an officer's records stay in their
    town — they can neither clear the town nor move a record to another (pages and API alike;
    docs/decisions.md). Bureau roles and system jobs (user None) may."""
    if user is None or sees_all_towns(user) or getattr(type(instance), "town_scope", None) is None:
        return True
    return bool(getattr(user, "town_id", None)) and town_id_of(instance) == user.town_id


def can_create(user, model) -> bool:
    if is_bureau(user):
        return True
    return role_of(user) == Role.TOWN_OFFICER and getattr(model, "officer_may_create", False)


def can_change(user, model) -> bool:
    if is_bureau(user):
        return True
    return role_of(user) == Role.TOWN_OFFICER and getattr(model, "officer_may_change", False)


def can_delete(user, model) -> bool:
    """Officers edit but never delete; leaders write nothing."""
    return is_bureau(user)


def can_import(user) -> bool:
    return role_of(user) in WRITER_ROLES
