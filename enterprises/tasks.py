"""Background work of the enterprises app."""

from celery import shared_task

from core.services import import_run_process

from .importers import ENTERPRISE_IMPORT


@shared_task(acks_late=True)
def import_enterprises_task(run_id: int):
    """Preview or write an uploaded enterprise list, whichever is due (idempotent: see
    core.services.import_run_execute); returns the run's status."""
    return import_run_process(run_id, spec=ENTERPRISE_IMPORT)
