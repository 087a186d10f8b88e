"""The pipeline board: a column per stage (线索 → 在谈 → 签约 → 落地, and 终止), each with its newest
cards and its count; a card moves by drag and drop (static/js/investment_board.js, SortableJS) or
by its buttons (htmx), every move through services.project_move with the stage the user saw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from core.workflow import flatten

from .. import filters, forms, selectors, services
from ..models import PROJECT_WORKFLOW, InvestmentProject


def board_context(request, *, error=None, notice=None):
    """Everything the board (page or htmx fragment) shows, in a fixed number of queries."""
    user = request.user
    filterset = filters.BoardFilterSet(request.GET, queryset=InvestmentProject.objects.for_user(user), request=request)
    projects = filterset.qs if filterset.is_valid() else InvestmentProject.objects.none()
    query = request.GET.urlencode()
    return {
        "filter": filterset,
        "columns": selectors.board(user, projects),
        "may_move": services.may_move(user),
        "board_query": query,
        "list_url": reverse("investment:investmentproject_list"),
        "board_error": error,
        "board_notice": notice,
        "today": timezone.localdate(),
        "per_column": selectors.BOARD_CARDS,
        "filters_active": any(request.GET.get(name) for name in filterset.form.fields if name != "q"),
    }


class BoardView(TemplateView):
    template_name = "investment/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(board_context(self.request))
        return context


class BoardMoveView(View):
    """POST to_stage (and seen_stage, the column the card was in on the user's screen).

    htmx (drag and drop or a card's button) gets the board fragment back, redrawn from the
    database — so a refused move puts the card back where it really is, with the reason above
    the board; a plain form post is redirected to the board with the message.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        project = get_object_or_404(InvestmentProject.objects.for_user(request.user), pk=pk)
        if not services.may_move(request.user):
            raise PermissionDenied
        form = forms.MoveForm(
            {
                "to_stage": request.POST.get("to_stage", ""),
                "seen_stage": request.POST.get("seen_stage", ""),
                "on": request.POST.get("on") or timezone.localdate().isoformat(),
                "note": request.POST.get("note", ""),
            },
            stages=PROJECT_WORKFLOW.stages,
        )
        error = notice = None
        if not form.is_valid():
            error = "；".join(str(m) for errors in form.errors.values() for m in errors)
        else:
            data = form.cleaned_data
            try:
                project = services.project_move(
                    project=project,
                    to_stage=data["to_stage"],
                    user=request.user,
                    on=data["on"],
                    note=data["note"],
                    seen_stage=data.get("seen_stage") or None,
                )
            except ValidationError as exc:
                error = " ".join(flatten(exc))
            else:
                notice = _("“%(p)s”已进入“%(s)s”（%(on)s）。") % {
                    "p": project,
                    "s": project.get_stage_display(),
                    "on": project.stage_on,
                }
        if getattr(request, "htmx", False):
            from django.shortcuts import render

            response = render(
                request, "investment/includes/board_columns.html", board_context(request, error=error, notice=notice)
            )
            return response
        (messages.error if error else messages.success)(request, error or notice)
        back = reverse("investment:board")
        query = request.GET.urlencode()
        return redirect(f"{back}?{query}" if query else back)
