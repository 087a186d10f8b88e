"""Writes of reports: statistical indicators entered by the bureau."""

from django.db import transaction

from core.services import model_save

from .models import StatIndicator


@transaction.atomic
def stat_indicator_save(*, instance: StatIndicator, user=None) -> StatIndicator:
    """Validate and save one indicator, remembering who entered it last."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance.entered_by = user
    return model_save(instance=instance, user=user)
