"""The top bar's search box (every page): an enterprise by name or credit code."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View

from .. import selectors


class EnterpriseJumpView(View):
    """Straight to the enterprise when exactly one in the user's scope matches, else the list's q search."""

    def get(self, request):
        text = request.GET.get("q", "").strip()
        list_url = reverse("enterprises:enterprise_list")
        if not text:
            return redirect(list_url)
        matches = list(selectors.search(selectors.enterprise_list(request.user), text).values_list("pk", flat=True)[:2])
        if len(matches) == 1:
            return redirect(reverse("enterprises:enterprise_detail", args=[matches[0]]))
        return redirect(f"{list_url}?{urlencode({'q': text})}")
