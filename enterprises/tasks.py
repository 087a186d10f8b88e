"""Background work of the enterprises app (Celery; eager when there is no Redis)."""

from celery import shared_task

from core.tasks import import_run_task


@shared_task(acks_late=True)
def import_enterprises_task(run_id: int):
    """The enterprise list's run (kept for tasks already queued under this name): the generic
    core.tasks.import_run_task does the work."""
    return import_run_task("enterprises", run_id)


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
