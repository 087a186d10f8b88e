"""Writes of enterprises: every create/update goes through here."""

from django.db import transaction

from core.services import model_save


@transaction.atomic
def enterprise_save(*, instance, user):
    """Create or update one enterprise after full validation (credit code, rd_staff ≤ employees)."""
    return model_save(instance=instance, user=user)
