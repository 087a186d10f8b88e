"""Every write of the investment app: validated in full (model fields, clean(), rules.py), all or nothing.

# =============================================================================================
# Events, client visits, team and funds (issue 12, part B)
# =============================================================================================
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import scope, workflow
from core.services import model_delete, model_save

from . import rules
from .models import FUND_WORKFLOW, ClientVisit, Fund, FundStage, InvestmentEvent, TeamMember

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
