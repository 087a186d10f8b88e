"""The CSRF-failure page (CSRF_FAILURE_VIEW): Chinese, in the portal's layout.

Django's own view renders 403_csrf.html without the request, so the page would lose the
navigation and the signed-in user; this one renders it with the request. 404, 403 and 500 need
no view of their own: Django's defaults render templates/404.html, 403.html and 500.html.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
