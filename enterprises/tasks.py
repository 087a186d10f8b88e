"""Background work of the enterprises app (Celery; eager when there is no Redis)."""

from celery import shared_task

from core.services import import_run_process

from .importers import ENTERPRISE_IMPORT


@shared_task(acks_late=True)
def import_enterprises_task(run_id: int):
    """Preview or write an uploaded enterprise list, whichever is due (idempotent: see
    core.services.import_run_execute); returns the run's status."""
    return import_run_process(run_id, spec=ENTERPRISE_IMPORT)


@shared_task
def diagnosis_ranking_warm_task(year: int | None = None) -> dict:
    """Diagnose a year's whole 强基 pool ahead of the working day, so the ranking page (and each
    town's part of it) reads cached summaries instead of diagnosing thousands on a click.
    Idempotent: a summary already cached for today is not computed again."""
    from .models import Pool, PoolMembership
    from .selectors import current_year, diagnosis_ranking

    year = year or current_year()
    members = PoolMembership.objects.filter(pool=Pool.QIANGJI, year=year)
    return {"year": year, "enterprises": len(diagnosis_ranking(members))}
