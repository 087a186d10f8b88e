"""Every write of the carriers app: validated in full (model fields, clean(), rules.py), all or nothing.

Plain records go through core.services.model_save (scope, stale edits, change log); level
applications move through core.workflow, and only the bureau decides their stages.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import scope, workflow
from core.services import model_delete, model_save

from .models import LEVEL_WORKFLOW, ApplicationStage, LevelApplication

__all__ = [
    "carrier_save",
    "record_save",
    "record_delete",
    "application_enter",
    "application_advance",
    "may_decide_levels",
    "review_save",
]


@transaction.atomic
def carrier_save(*, instance, user=None):
    return model_save(instance=instance, user=user)


@transaction.atomic
def record_save(*, instance, user=None):
    """Tenancy, construction report, operator contract, platform and its target/project."""
    return model_save(instance=instance, user=user)


@transaction.atomic
def record_delete(*, instance, user=None):
    return model_delete(instance=instance, user=user)


def may_decide_levels(user) -> bool:
    """Level applications are recommended and followed by the bureau; officers and leaders look."""
    return user is None or scope.is_bureau(user)


def _check_may_decide(user):
    if not may_decide_levels(user):
        raise PermissionDenied(_("级别申报由区科技局工作人员办理；区镇科技网格员和领导可以查看，不能变更。"))


@transaction.atomic
def application_enter(*, instance, user, stage=None, on=None, note=""):
    """A new level application, at 区推荐 unless a later reported state is given, with its first history row."""
    _check_may_decide(user)
    if instance.pk is not None:  # an edit of the application's own fields, not a move
        return model_save(instance=instance, user=user)
    duplicate = LevelApplication.objects.filter(
        carrier_id=instance.carrier_id, target_level=instance.target_level, year=instance.year
    )
    if instance.carrier_id and duplicate.exists():
        raise ValidationError(
            {
                "year": _("%(c)s %(y)s年已申报%(l)s，请在那一条上推进阶段")
                % {"c": instance.carrier, "y": instance.year, "l": instance.get_target_level_display()}
            }
        )
    instance.stage = stage or instance.stage or ApplicationStage.DISTRICT
    instance.stage_on = on or instance.stage_on
    return workflow.enter(
        instance, workflow=LEVEL_WORKFLOW, user=user, stage=instance.stage, on=instance.stage_on, note=note
    )


@transaction.atomic
def application_advance(*, application, to_stage, user, on=None, note=""):
    """One move the workflow allows (区推荐 → 市审核通过 → 省评审 → 认定, or 未通过 from any open stage)."""
    _check_may_decide(user)
    return workflow.advance(
        application,
        workflow=LEVEL_WORKFLOW,
        to_stage=to_stage,
        user=user,
        on=on,
        note=note,
        subject=str(application.carrier),
    )


def review_figures_from_records(review) -> dict:
    """The tenants-based indicators of a review as the records give them on the year's last day."""
    import datetime as dt

    from .selectors import carrier_page

    page = carrier_page(review.carrier, today=dt.date(review.year, 12, 31))
    counts = page["tenant_counts"]
    graduated = sum(1 for t in page["tenants"] if t.graduated and t.moved_out_on and t.moved_out_on.year == review.year)
    return {
        "tenants": counts["current"],
        "graduated": graduated,
        "tech_smes": counts["tech_sme"],
        "htes": counts["hte"],
    }


@transaction.atomic
def review_save(*, instance, user=None):
    """A yearly evaluation: empty tenants-based indicators are filled from the records, then the
    score is computed from the rubric's current weights (RubricIndicator) and the grade from the score."""
    from . import rules
    from .models import RubricIndicator

    if instance.carrier_id and instance.year:
        for name, value in review_figures_from_records(instance).items():
            if getattr(instance, name) is None:
                setattr(instance, name, value)
    rubric = [(r.code, r.weight, r.full_mark) for r in RubricIndicator.objects.all()]
    values = {code: getattr(instance, code, None) for code, _w, _f in rubric}
    instance.score = rules.rubric_score(values, rubric)
    instance.grade = rules.grade_of(instance.score)
    return model_save(instance=instance, user=user)
