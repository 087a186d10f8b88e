"""Visits (走访): recorded on a phone by town officers, read by everyone in scope."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import exports, scope
from core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)

from .. import selectors, services
from ..filters import (
    FollowUpFilterSet,
    KeyEnterpriseDueFilterSet,
    VisitFilterSet,
)
from ..forms import (
    VisitFollowUpForm,
    VisitForm,
)
from ..models import (
    OPEN_FOLLOW_UPS,
    Enterprise,
    Visit,
)
from ..tables import (
    KeyEnterpriseDueTable,
    VisitTable,
)

# ---- visits (走访): recorded on a phone by town officers, read by everyone in scope ----------


class VisitViewMixin:
    model = Visit
    selector = staticmethod(selectors.visit_detail)


class VisitSectionMixin:
    """The tabs over every visit page (全部 / 我的 / 待跟进 / 本季未走访重点企业)."""

    section = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visit_section"] = self.section
        context["can_record_visit"] = scope.can_create(self.request.user, Visit)
        context["can_create"] = False  # these pages offer 记走访 themselves instead of the generic 新增
        return context


VISIT_EXPORT_COLUMNS = [
    exports.ExportColumn("走访日期", "visited_on", width=12),
    exports.ExportColumn("企业名称", "enterprise__name", width=36),
    exports.ExportColumn("统一社会信用代码", "enterprise__credit_code", width=22),
    exports.ExportColumn("所属区镇", "enterprise__town__name"),
    exports.ExportColumn("走访人", "officer_name"),
    exports.ExportColumn("方式", "kind", choices=Visit.Kind.choices),
    exports.ExportColumn("企业需求", "needs", choices=Visit.Need.choices, width=20),
    exports.ExportColumn("走访内容", "content", width=40),
    exports.ExportColumn("问题", "problem", width=40),
    exports.ExportColumn("跟进状态", "follow_up", choices=Visit.FollowUp.choices),
    exports.ExportColumn("办理结果", "resolution", width=40),
    exports.ExportColumn("照片数", "photo_count", width=8),
]


class VisitListView(VisitSectionMixin, VisitViewMixin, ObjectListView):
    selector = staticmethod(selectors.visit_list)
    filterset_class = VisitFilterSet
    table_class = VisitTable
    template_name = "enterprises/visit_list.html"
    paginate_by = 30
    list_title = gettext_lazy("走访记录")
    export_stem = "走访记录"
    export_columns = VISIT_EXPORT_COLUMNS
    section = "all"
    cards = False  # visit_list.html has cards of its own (enterprises/includes/visit_card.html)


class MyVisitListView(VisitListView):
    selector = staticmethod(selectors.my_visits)
    list_title = gettext_lazy("我的走访")
    export_stem = "我的走访"
    section = "mine"


class FollowUpListView(VisitListView):
    """Open problems of the user's town (all towns for the bureau), updated in place with htmx."""

    selector = staticmethod(selectors.open_follow_ups)
    filterset_class = FollowUpFilterSet
    template_name = "enterprises/visit_follow_ups.html"
    list_title = gettext_lazy("待跟进事项")
    export_stem = "待跟进事项"
    section = "follow_ups"

    def get_table_kwargs(self):
        # The order is the filter's 排序 (FollowUpFilterSet.order; the longest waiting first by default).
        return {**super().get_table_kwargs(), "order_by": ()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class KeyEnterpriseDueView(VisitSectionMixin, ObjectListView):
    """重点企业 not visited this quarter (家家到), each with a button that starts the visit record."""

    model = Enterprise
    filterset_class = KeyEnterpriseDueFilterSet
    table_class = KeyEnterpriseDueTable
    template_name = "enterprises/visit_due.html"
    list_title = gettext_lazy("本季度未走访的重点企业")
    export_stem = "本季度未走访重点企业"
    export_columns = [
        exports.ExportColumn("企业名称", "name", width=36),
        exports.ExportColumn("统一社会信用代码", "credit_code", width=22),
        exports.ExportColumn("所属区镇", "town__name"),
        exports.ExportColumn("科技网格员", "grid_officer_name"),
        exports.ExportColumn("最近走访", "last_visited_on", width=12),
        exports.ExportColumn("联系人", "contact_name"),
        exports.ExportColumn("联系电话", "contact_phone", width=16),
    ]
    section = "due"
    cards = False  # visit_due.html has cards of its own, with tap-to-call

    def scoped_queryset(self):
        return selectors.key_enterprises_due(self.request.user, timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = selectors.key_visit_coverage(self.request.user, timezone.localdate())
        return context


class VisitDetailView(VisitViewMixin, ObjectDetailView):
    template_name = "enterprises/visit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        context["notes"] = selectors.follow_up_notes(visit)
        # 更新跟进 opens the follow-up form, which comes back to this page with the new note.
        context["can_follow_up"] = scope.can_change(self.request.user, Visit)
        context["follow_up_open"] = visit.follow_up in OPEN_FOLLOW_UPS
        return context


class VisitHistoryView(VisitViewMixin, ObjectHistoryView):
    pass


class VisitEditView(VisitViewMixin, ObjectEditView):
    """记走访 / 编辑走访: one phone screen; `?enterprise=<id>` preselects the enterprise."""

    form_class = VisitForm
    template_name = "enterprises/visit_form.html"
    service = staticmethod(services.visit_record)

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.request.GET.get("enterprise", "").isdigit():
            initial["enterprise"] = self.request.GET["enterprise"]  # the form's scoped choices vet it
        return initial

    def get_service_kwargs(self, form):
        removed = form.cleaned_data.get("remove_photos") or []
        return {
            "photos": form.cleaned_data.get("photos") or [],
            "remove_photos": [photo.pk for photo in removed],
            "confirm_duplicate": bool(form.cleaned_data.get("confirm_duplicate")),
        }

    def saved(self, form):
        response = super().saved(form)
        # static/js/visit_form.js sends the form with fetch: it needs the address to go to, not a
        # redirect that fetch would follow (and so use up the 已保存 message on an unseen page).
        if self.request.headers.get("X-Visit-Form") == "fetch":
            return JsonResponse({"location": response.url})
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visit_form_text"] = {
            "saving": _("正在保存…"),
            "shrinking": _("正在压缩照片…"),
            "removePhoto": _("移除照片"),
            "photoCount": _("%s张照片"),
            "draftFound": _("本机有一份未保存的走访草稿"),
            "restore": _("恢复草稿"),
            "discard": _("放弃"),
            "offline": _("没有网络信号，走访未保存。已填写的内容（含照片）保存在本机草稿中，有信号后再点“保存走访”。"),
            "forbidden": _("未保存：页面已过期或无权操作。已填写的内容保存在本机草稿中，请刷新页面后恢复草稿再保存。"),
            "serverError": _("未保存：服务器出错。已填写的内容保存在本机草稿中，请稍后再点“保存走访”。"),
        }
        return context


class VisitDeleteView(VisitViewMixin, ObjectDeleteView):
    delete_service = staticmethod(services.visit_delete)


class VisitFollowUpView(VisitViewMixin, ObjectEditView):
    """跟进: status and resolution of one visit; htmx swaps the visit's card in the follow-up queue."""

    selector = staticmethod(selectors.visit_list)  # the card shows the officer's name and photo count
    form_class = VisitFollowUpForm
    template_name = "enterprises/visit_follow_up.html"
    service = staticmethod(services.visit_follow_up)

    def get_service_kwargs(self, form):
        return {"note": form.cleaned_data.get("note", ""), "on": form.cleaned_data.get("on")}

    def get_template_names(self):
        if self.request.htmx:
            return ["enterprises/includes/follow_up_card.html"]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("card"):  # 取消: the card as it was, without the form
            self.object = self.get_object()
            return self.render_to_response({"visit": self.object, "can_change": True})
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        # A refused form has already copied its values onto self.object; the card shows what is saved.
        refused = form is not None and form.is_bound
        context["visit"] = self.get_queryset().get(pk=self.object.pk) if refused else self.object
        context["next"] = self.next_url() or ""
        if not self.request.htmx:  # the page of its own shows the notes so far under the form
            context["notes"] = selectors.follow_up_notes(self.object)
        return context

    def saved(self, form):
        if self.request.htmx:
            visit = self.get_queryset().get(pk=self.object.pk)  # fresh annotations for the card
            return self.render_to_response({"visit": visit, "can_change": True, "saved": True})
        return super().saved(form)

    def next_url(self):
        """Where 更新跟进 was opened (the visit's or the enterprise's page; this site only)."""
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        safe = url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure())
        return target if target and safe else None

    def get_success_url(self):
        return self.next_url() or self.object.get_absolute_url()  # the visit page shows the new note


class VisitEnterpriseSearchView(View):
    """The visit form's type-ahead: a few enterprises of the user's scope, or the picked one."""

    def dispatch(self, request, *args, **kwargs):
        if not scope.can_create(request.user, Visit):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if "q" in request.GET:  # typing: the matches
            text = request.GET["q"].strip()
            results = list(selectors.visit_enterprise_search(request.user, text))
            context = {"results": results, "q": text}
            return render(request, "enterprises/includes/enterprise_search_results.html", context)
        pick = request.GET.get("pick", "")
        if pick.isdigit():  # a match tapped: the picker shows it chosen
            enterprise = get_object_or_404(selectors.enterprise_detail(request.user), pk=pick)
            return render(request, "enterprises/includes/enterprise_picker.html", {"picked": enterprise})
        # 更换: the empty search box again
        return render(request, "enterprises/includes/enterprise_picker.html", {"autofocus": True})


class VisitPhotoView(View):
    """A visit photo (or its thumbnail), only to users whose scope includes the visit's enterprise."""

    thumbnail = False

    def get(self, request, pk):
        photo = get_object_or_404(selectors.visit_photos(request.user), pk=pk)
        try:
            name = services.visit_photo_thumbnail(photo) if self.thumbnail else photo.image.name
            handle = photo.image.storage.open(name, "rb")
        except FileNotFoundError as exc:  # the row outlived its file (restored database, moved media)
            raise Http404 from exc
        content_type = "image/png" if name.lower().endswith(".png") else "image/jpeg"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=86400"  # a photo never changes; never in shared caches
        return response
