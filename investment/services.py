"""Every write of the investment app: validated in full (model fields, clean(), rules.py), all or nothing.

Pages, board, API, admin, importer and demo call these functions; nothing else saves a record.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import scope, workflow
from core.services import model_delete, model_save

from . import rules
from .models import PROJECT_WORKFLOW, InvestmentLead, InvestmentProject, LeadStatus, ProjectStage, SourceKind

# =============================================================================================
# Project pipeline
# =============================================================================================


def may_move(user) -> bool:
    """Who moves projects along the pipeline: whoever may change projects (bureau staff, and a
    town's 科技招商人员 for their own town — the scope is applied by the caller's lookup and by
    model_save); leaders look only. System jobs (user None) may."""
    return user is None or scope.can_change(user, InvestmentProject)


def _check_may_move(user):
    if not may_move(user):
        raise PermissionDenied(_("您可以查看科创项目，但不能变更其阶段。"))


def _check_not_future(on, label):
    if error := rules.future_date_error(on, today=timezone.localdate(), label=label):
        raise ValidationError({"on": error})


@transaction.atomic
def project_save(*, instance, user=None, stage=None, on=None, note=""):
    """A new project enters the workflow (线索, or a later stage someone reports, dated `on`)
    with its first history row; an existing project saves its own fields (never its stage)."""
    if instance.pk is not None:
        return model_save(instance=instance, user=user)
    stage = stage or instance.stage or PROJECT_WORKFLOW.first
    on = on or instance.stage_on or timezone.localdate()
    _check_not_future(on, _("日期"))
    instance.stage, instance.stage_on = stage, on
    return workflow.enter(instance, workflow=PROJECT_WORKFLOW, user=user, stage=stage, on=on, note=note)


@transaction.atomic
def project_delete(*, instance, user=None):
    """Delete a project (its history goes with it); a lead it came from is 接洽中 again, unlinked."""
    lead = InvestmentLead.objects.filter(project=instance).first()
    model_delete(instance=instance, user=user)
    if lead is not None:
        lead.project, lead.status = None, LeadStatus.CONTACTING
        model_save(instance=lead, user=user)


def moved_since_message(project, seen_stage) -> str:
    """Why a move made from a stale board is refused: who moved the card, when, to where."""
    last = project.changes.select_related("changed_by").order_by("-on", "-id").first()
    who = str(last.changed_by) if last is not None and last.changed_by else _("他人")
    return _(
        "“%(p)s”已被%(who)s改为“%(now)s”（%(on)s），您看到的是“%(seen)s”。本次移动没有保存，请刷新看板后再操作。"
    ) % {
        "p": project,
        "who": who,
        "now": PROJECT_WORKFLOW.label(project.stage),
        "on": project.stage_on,
        "seen": PROJECT_WORKFLOW.label(seen_stage),
    }


@transaction.atomic
def project_move(*, project, to_stage, user=None, on=None, note="", seen_stage=None):
    """One move the workflow allows (线索 → 在谈 → 签约 → 落地, 终止 from any open stage), dated `on`
    (default today, never in the future), written to the history.

    `seen_stage` is the stage the mover saw (the board posts it): the row is locked and read
    again, and if someone moved the card in between the move is refused, naming who did —
    two people dragging the same card never overwrite each other silently.
    """
    _check_may_move(user)
    locked = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    if seen_stage and locked.stage != seen_stage:
        raise ValidationError({"stage": moved_since_message(locked, seen_stage)})
    on = on or timezone.localdate()
    _check_not_future(on, _("日期"))
    return workflow.advance(
        locked, workflow=PROJECT_WORKFLOW, to_stage=to_stage, user=user, on=on, note=note, subject=str(locked)
    )


@transaction.atomic
def project_mark_key(*, project, user=None, is_key=True):
    """重点科创项目 on or off (the change log says who)."""
    _check_may_move(user)
    locked = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    locked.is_key = bool(is_key)
    return model_save(instance=locked, user=user)


@transaction.atomic
def project_recognize(*, project, user=None, on):
    """Record (or clear, with on=None) the day the project was recognised as 南通市科创项目."""
    _check_may_move(user)
    locked = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    locked.nt_recognized_on = on
    return model_save(instance=locked, user=user)


# ---- 招引目标数据库 ---------------------------------------------------------------------------


@transaction.atomic
def lead_save(*, instance, user=None):
    return model_save(instance=instance, user=user)


@transaction.atomic
def lead_delete(*, instance, user=None):
    return model_delete(instance=instance, user=user)


@transaction.atomic
def lead_convert(*, lead, user=None, stage=ProjectStage.LEAD, on=None, source_kind=SourceKind.TOWN, source_unit=""):
    """转为项目: the lead becomes a project (its name, chain, direction, town and owner) entering the
    pipeline at 线索 (or 在谈), and the lead is marked 已转项目 with a link to it — one step, all or nothing.
    A lead already converted is refused, naming its project (two clicks make one project)."""
    if not scope.can_create(user, InvestmentProject) and user is not None:
        raise PermissionDenied(_("只有区科技局工作人员可以把招引目标转为项目。"))
    locked = InvestmentLead.objects.select_for_update().get(pk=lead.pk)
    if locked.project_id:
        raise ValidationError(
            _("“%(lead)s”已于%(on)s转为项目“%(p)s”，不能重复转换。")
            % {"lead": locked, "on": timezone.localdate(locked.updated_at), "p": locked.project}
        )
    if stage not in (ProjectStage.LEAD, ProjectStage.TALKING):
        raise ValidationError({"stage": _("招引目标转为项目时只能进入“线索”或“在谈”。")})
    project = InvestmentProject(
        name=locked.name,
        chain_id=locked.chain_id,
        direction_id=locked.direction_id,
        town_id=locked.town_id,
        owner_id=locked.owner_id,
        counterpart=locked.contact,
        source_kind=source_kind,
        source_unit=source_unit,
        note=_("由招引目标数据库转入"),
    )
    project = project_save(instance=project, user=user, stage=stage, on=on, note=_("由招引目标转为项目"))
    locked.project = project
    locked.status = LeadStatus.CONVERTED
    model_save(instance=locked, user=user)
    return project


# =============================================================================================
# Events, client visits, team and funds
# =============================================================================================

from django.db import transaction  # noqa: E402

from .models import FUND_WORKFLOW, ClientVisit, Fund, FundStage, InvestmentEvent, TeamMember  # noqa: E402

__all__ = [
    "member_save",
    "event_save",
    "client_visit_record",
    "activity_delete",
    "may_keep_funds",
    "fund_save",
    "fund_advance",
]


@transaction.atomic
def member_save(*, instance: TeamMember, user=None):
    """A member of the 科技招商队伍 (the bureau keeps the roster)."""
    return model_save(instance=instance, user=user)


@transaction.atomic
def event_save(*, instance: InvestmentEvent, user=None, projects=None, members=None):
    """An event with the projects presented and the members who took part, all or nothing.

    Every member listed must be on the team on the event's day (a member who left cannot have
    gone out for it); the refusal names them on the 参加的招商人员 field."""
    if members is not None and instance.held_on:
        absent = [m for m in members if not rules.member_active_on(m, instance.held_on)]
        if absent:
            raise ValidationError(
                {
                    "members": _("%(names)s 在 %(day)s 不在科技招商队伍中")
                    % {"names": "、".join(str(m) for m in absent), "day": instance.held_on}
                }
            )
    model_save(instance=instance, user=user)
    if projects is not None:
        instance.projects.set(projects)
    if members is not None:
        instance.members.set(members)
    return instance


@transaction.atomic
def client_visit_record(*, instance: ClientVisit, user=None):
    """A client visit (拜访客商): not in the future, by a member on the team that day (rules.visit_errors),
    and — for a town officer — by a member of their own town (core.services.check_in_scope)."""
    if instance.member_id is None:
        raise ValidationError({"member": _("请选择拜访人（科技招商队伍成员）")})
    return model_save(instance=instance, user=user)


@transaction.atomic
def activity_delete(*, instance, user=None):
    return model_delete(instance=instance, user=user)


# ---- funds -------------------------------------------------------------------------------------


def may_keep_funds(user) -> bool:
    """Funds are the bureau's (科创基金专班): staff and admin write and move them; everyone reads."""
    return user is None or scope.is_bureau(user)


def _check_may_keep_funds(user):
    if not may_keep_funds(user):
        raise PermissionDenied(_("科创基金由区科技局工作人员维护；其他用户可以查看，不能变更。"))


@transaction.atomic
def fund_save(*, instance: Fund, user=None, stage=None, on=None, note=""):
    """A new fund enters the workflow (筹备 unless a later reported stage is given, with its first
    history row); an existing fund's own fields are saved as they are (its stage moves by fund_advance)."""
    _check_may_keep_funds(user)
    if instance.pk is not None:
        return model_save(instance=instance, user=user)
    stage = stage or instance.stage or FundStage.PREPARING
    return workflow.enter(
        instance, workflow=FUND_WORKFLOW, user=user, stage=stage, on=on or instance.stage_on, note=note
    )


@transaction.atomic
def fund_advance(*, fund: Fund, to_stage, user, on=None, note=""):
    """One move the workflow allows (筹备 → 设立 → 运作), dated, into the fund's history."""
    _check_may_keep_funds(user)
    return workflow.advance(
        fund, workflow=FUND_WORKFLOW, to_stage=to_stage, user=user, on=on, note=note, subject=str(fund)
    )
