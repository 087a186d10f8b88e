"""Login, logout, password change and the home page of each role."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.views.generic import TemplateView

from . import selectors
from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class HomeView(TemplateView):
    """One home per role: staff see work queues, an officer their town, a leader the dashboard."""

    def get_template_names(self):
        user = self.request.user
        if user.is_officer:
            return ["accounts/home_officer.html"]
        if user.is_leader:
            return ["accounts/home_leader.html"]
        return ["accounts/home_staff.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.request.user.is_leader:
            context["queues"] = selectors.home_queues(self.request.user)
        else:
            # A leader's home is the dashboard's summary (issue 14), not the staff's work queues.
            from reports.dashboard.selectors import summary

            context["summary"] = summary(self.request.user)
        if self.request.user.is_officer:
            context["recent_visits"] = selectors.recent_visits(self.request.user)
            context["today"] = selectors.officer_today(self.request.user)
        return context
