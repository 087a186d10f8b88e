"""Writes shared by every app: validate fully, save, in one transaction."""

from django.db import transaction


@transaction.atomic
def model_save(*, instance, user=None):
    """Validate (field rules and model.clean) and save one record; the change log records who."""
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def model_delete(*, instance, user=None):
    instance.delete()
