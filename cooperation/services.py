"""Every write of the cooperation app: validated in full (model fields, clean(), rules.py), all or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import model_delete, model_save

from .models import Financing, FinancingKind

# ============================================================================================
# Science finance and intermediaries — issue 13, part b
# ============================================================================================


@transaction.atomic
def financing_save(*, instance, user=None):
    """One 对接/授信/放款 record (rules: Financing.clean). Lowering a credit line is refused while a
    loan it covers, without a note, would then exceed it — the same rule seen from the line's side."""

    if instance.pk is not None and instance.kind == FinancingKind.CREDIT and instance.amount is not None:
        covered = _loans_covered_by(instance)
        over = [loan for loan in covered if loan.amount > instance.amount and not loan.note.strip()]
        if over:
            loan = max(over, key=lambda o: o.amount)
            raise ValidationError(
                {
                    "amount": _(
                        "该授信下已有 %(d)s 放款 %(a)s 万元，授信额度不能低于放款金额（或在那笔放款的备注中说明）"
                    )
                    % {"d": loan.on, "a": f"{loan.amount:f}".rstrip("0").rstrip(".")}
                }
            )
    return model_save(instance=instance, user=user)


def _loans_covered_by(credit):
    """The loans whose credit line is `credit`: same enterprise and bank, dated from it to the next line."""

    later = (
        Financing.objects.filter(
            enterprise_id=credit.enterprise_id, bank_id=credit.bank_id, kind=FinancingKind.CREDIT, on__gt=credit.on
        )
        .exclude(pk=credit.pk)
        .order_by("on")
        .values_list("on", flat=True)
        .first()
    )
    loans = Financing.objects.select_for_update().filter(
        enterprise_id=credit.enterprise_id, bank_id=credit.bank_id, kind=FinancingKind.LOAN, on__gte=credit.on
    )
    if later is not None:
        loans = loans.filter(on__lt=later)
    return list(loans)


@transaction.atomic
def financing_delete(*, instance, user=None):
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


@transaction.atomic
def record_delete(*, instance, user=None):
    return model_delete(instance=instance, user=user)
