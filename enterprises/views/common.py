"""What every enterprise page shares: who decides pools, the diagnosis date, the enterprise mixins."""

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .. import selectors, services
from ..models import (
    Enterprise,
)


def may_decide_pools(user):
    return user.is_authenticated and services.may_decide_pools(user)


def _url_exists(name):
    try:
        reverse(name, args=[0])
    except NoReverseMatch:
        return False
    return True


def _as_of(request):
    """The diagnosis date from ?as_of=YYYY-MM-DD (to look at an earlier year), else today."""
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


class EnterpriseViewMixin:
    model = Enterprise
    selector = staticmethod(selectors.enterprise_detail)


class EnterpriseChildMixin:
    """A record shown and edited from its enterprise's page; back to that page after a save."""

    parent_attr = "enterprise"
    parent_model = Enterprise
    actions = ("detail", "edit", "delete", "history")  # no list; "add" is under the enterprise
    anchor = ""

    def get_success_url(self):
        return self.get_parent_object().get_absolute_url() + self.anchor
