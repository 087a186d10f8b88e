"""Every write of the cooperation app: validated in full (model fields, clean(), rules.py), all or nothing.

Pages, API, admin, importers and the demo call these; a refusal is a field-keyed Chinese
ValidationError the form shows on its field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import scope
from core.services import model_delete, model_save

from . import rules
from .models import EventKind, Financing, FinancingKind, Registration, TechContract

# ============================================================================================
# Industry–academia cooperation (institutions, IA projects, technology contracts, events) — 13a
# ============================================================================================


@transaction.atomic
def record_save(*, instance, user=None):
    """An institution or an industry–academia project: the model's rules, scope and stale edits."""
    return model_save(instance=instance, user=user)


@transaction.atomic
def record_delete(*, instance, user=None):
    return model_delete(instance=instance, user=user)


@transaction.atomic
def contract_save(*, instance, user=None):
    """A technology contract as typed on its page: the amounts, dates and 登记状态 rules of rules.py.

    A change of 登记状态 made on the edit page must be a move rules.REGISTRATION_MOVES allows
    (an 已登记 contract does not go back to 待登记 or 需整改); moving to 需整改 stamps the day the
    registry sent it back when none is given.
    """
    if instance.pk is not None:
        stored = TechContract.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if stored and stored != instance.status and not rules.may_move(stored, instance.status):
            raise ValidationError(
                {
                    "status": _("已登记的技术合同不能改回“%(s)s”") % {"s": instance.get_status_display()}
                    if stored == Registration.REGISTERED
                    else _("登记状态不能从“%(a)s”改为“%(b)s”")
                    % {"a": Registration(stored).label, "b": instance.get_status_display()}
                }
            )
    if instance.status == Registration.RECTIFY and not instance.rectify_since:
        instance.rectify_since = timezone.localdate()
    return model_save(instance=instance, user=user)


def _check_bureau(user):
    if user is not None and not scope.is_bureau(user):
        raise PermissionDenied(_("技术合同登记由区科技局工作人员办理。"))


@transaction.atomic
def contract_require_rectification(*, contract, reason, on=None, user=None):
    """登记机构退回整改: the contract waits in the 需整改 list with the reason, from `on` (default today)."""
    _check_bureau(user)
    contract = TechContract.objects.select_for_update().get(pk=contract.pk)
    if not rules.may_move(contract.status, Registration.RECTIFY):
        raise ValidationError({"status": _("已登记的技术合同不能再退回整改")})
    contract.status = Registration.RECTIFY
    contract.rectify_reason = (reason or "").strip()
    contract.rectify_since = on or timezone.localdate()
    contract.registered_on = None
    return model_save(instance=contract, user=user)


@transaction.atomic
def contract_register(*, contract, on, user=None):
    """登记: a 待登记 or 需整改 contract registered on `on`; the 整改 reason stays as its history."""
    _check_bureau(user)
    contract = TechContract.objects.select_for_update().get(pk=contract.pk)
    if not rules.may_move(contract.status, Registration.REGISTERED):
        raise ValidationError({"status": _("该技术合同已于 %(d)s 登记") % {"d": contract.registered_on}})
    if contract.rectify_since and on and on < contract.rectify_since:
        raise ValidationError(
            {"registered_on": _("登记日期 %(d)s 早于要求整改日期 %(r)s") % {"d": on, "r": contract.rectify_since}}
        )
    contract.status = Registration.REGISTERED
    contract.registered_on = on
    return model_save(instance=contract, user=user)


def _check_event_enterprises(event, enterprises, user):
    """A clinic serves at least one enterprise; an officer's event serves enterprises of their town."""
    errors = {}
    if event.kind == EventKind.CLINIC and not enterprises:
        errors["enterprises"] = _("技术专家巡诊须填写巡诊的企业")
    if user is not None and not scope.sees_all_towns(user):
        outside = [e.name for e in enterprises if e.town_id != getattr(user, "town_id", None)]
        if outside:
            errors["enterprises"] = _("只能填写本区镇的企业：%(names)s 不在您的区镇") % {"names": "、".join(outside)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_save(*, instance, user=None, enterprises=None, institutions=None):
    """An 产学研活动 or 技术专家巡诊 with its enterprises and institutions (None: leave them as they are).

    A clinic with no town takes the town of its (first) enterprise: a clinic happens at the
    enterprise, and its town decides who sees it.
    """
    if enterprises is not None:
        enterprises = list(enterprises)
        _check_event_enterprises(instance, enterprises, user)
        if instance.kind == EventKind.CLINIC and instance.town_id is None and enterprises:
            instance.town_id = enterprises[0].town_id
    elif instance.pk is None and instance.kind == EventKind.CLINIC:
        _check_event_enterprises(instance, [], user)
    event = model_save(instance=instance, user=user)
    if enterprises is not None:
        event.enterprises.set(enterprises)
    if institutions is not None:
        event.institutions.set(institutions)
    return event


__all__ = [
    "record_save",
    "record_delete",
    "contract_save",
    "contract_require_rectification",
    "contract_register",
    "event_save",
]


# ============================================================================================
# Science finance and intermediaries
# ============================================================================================


@transaction.atomic
def financing_save(*, instance, user=None):
    """One 对接/授信/放款 record (rules: Financing.clean). A credit line — new or changed — is refused
    while a loan it covers, without a note, would exceed it (rules.line_below_loans_error)."""

    if instance.kind == FinancingKind.CREDIT and instance.amount is not None:
        same = Financing.objects.filter(enterprise_id=instance.enterprise_id, bank_id=instance.bank_id)
        line_days = same.filter(kind=FinancingKind.CREDIT).exclude(pk=instance.pk).values_list("on", flat=True)
        loans = same.select_for_update().filter(kind=FinancingKind.LOAN, on__gte=instance.on)
        error = rules.line_below_loans_error(
            instance.on, instance.amount, loans.values_list("on", "amount", "note"), list(line_days)
        )
        if error:
            raise ValidationError({"amount": error})
    return model_save(instance=instance, user=user)


@transaction.atomic
def financing_delete(*, instance, user=None):
    """Deleting a credit line hands the loans it covered to the line before it: refused while one
    of them, without a note, would then exceed that line (rules.line_below_loans_error)."""
    if instance.kind == FinancingKind.CREDIT:
        same = Financing.objects.filter(enterprise_id=instance.enterprise_id, bank_id=instance.bank_id)
        lines = same.filter(kind=FinancingKind.CREDIT).exclude(pk=instance.pk)
        earlier = lines.filter(on__lte=instance.on, amount__isnull=False).order_by("-on", "-pk").first()
        if earlier is not None:
            loans = same.select_for_update().filter(kind=FinancingKind.LOAN, on__gte=instance.on)
            error = rules.line_below_loans_error(
                earlier.on,
                earlier.amount,
                loans.values_list("on", "amount", "note"),
                list(lines.values_list("on", flat=True)),
            )
            if error:
                raise ValidationError(
                    _("删除后，其下的放款归入 %(d)s 的授信（%(a)s 万元）：%(e)s")
                    % {"d": earlier.on, "a": rules.wan(earlier.amount), "e": error}
                )
    return model_delete(instance=instance, user=user)


@transaction.atomic
def bank_save(*, instance, user=None):
    return model_save(instance=instance, user=user)


@transaction.atomic
def intermediary_save(*, instance, user=None):
    return model_save(instance=instance, user=user)


@transaction.atomic
def service_save(*, instance, user=None):
    """A service an intermediary delivered to an enterprise."""
    return model_save(instance=instance, user=user)


@transaction.atomic
def review_save(*, instance, user=None):
    """A yearly evaluation; its grade follows from the score (IntermediaryReview.clean → rules.grade_for)."""
    return model_save(instance=instance, user=user)
