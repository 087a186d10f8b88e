"""`{% lockout_policy as policy %}`: the login lockout rule for the login and lockout pages."""

from django import template

from accounts.forms import lockout_policy as policy

register = template.Library()


@register.simple_tag
def lockout_policy():
    """{"limit", "duration", "administrator"} read from AXES_FAILURE_LIMIT and AXES_COOLOFF_TIME."""
    return policy()
