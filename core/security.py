"""Login lockout by address: one address that fails with many different usernames is locked out.

django-axes locks a username tried from one address (AXES_LOCKOUT_PARAMETERS); an address alone
is not locked after AXES_FAILURE_LIMIT failures, because the bureau's offices reach the portal
through one NAT address (docs/decisions.md). That leaves password spraying open: a few tries at
each of many usernames. So an address whose failed logins name AXES_ADDRESS_USERNAME_LIMIT
different usernames within AXES_COOLOFF_TIME is locked out as a whole until the cool-off ends.

The failures are axes' own log (AccessFailureLog, AXES_ENABLE_ACCESS_FAILURE_LOG), so nothing is
kept twice and the admin's "access failures" page shows what caused a lockout.
"""

from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone


def failed_usernames(address) -> int:
    """How many different usernames failed to log in from `address` within the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since)
    return failures.values("username").distinct().count()


def address_locked_out(request) -> bool:
    address = get_client_ip_address(request)
    return bool(address) and failed_usernames(address) >= settings.AXES_ADDRESS_USERNAME_LIMIT


class AddressLockoutBackend:
    """First in AUTHENTICATION_BACKENDS: refuses every login from a locked-out address.

    It marks the request the way axes' own backend does, so AxesMiddleware answers with the same
    lockout page (accounts/locked_out.html, status 429).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and address_locked_out(request):
            request.axes_locked_out = True
            request.axes_credentials = {"username": username}
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        # Being first, it is the backend test clients' force_login() records in the session.
        return ModelBackend().get_user(user_id)
