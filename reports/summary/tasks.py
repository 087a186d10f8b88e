"""Celery tasks of the reports (listed in settings.CELERY_IMPORTS): they take ids and call
services, whose conditional state changes make a second delivery harmless."""

from celery import shared_task

from . import services


@shared_task(
    name="reports.summary.tasks.report_build_task",
    acks_late=True,
    # A worker that dies mid-build gives the message back (acks_late); the run stays RUNNING and
    # the redelivered task leaves it alone, so the sweeper marks it failed with the reason.
    reject_on_worker_lost=False,
    soft_time_limit=services.TIME_LIMIT - 60,
    time_limit=services.TIME_LIMIT,
)
def report_build_task(run_id: int) -> str:
    return services.report_build(run_id).status


@shared_task(name="reports.summary.tasks.report_sweep_task")
def report_sweep_task() -> int:
    return services.report_sweep()


@shared_task(
    name="reports.summary.tasks.report_monthly_task",
    acks_late=True,
    soft_time_limit=services.TIME_LIMIT - 60,
    time_limit=services.TIME_LIMIT,
)
def report_monthly_task() -> str:
    run = services.report_monthly()
    return run.status if run else "exists"
