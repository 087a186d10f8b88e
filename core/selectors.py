"""Reads shared by every app: import runs (scoped to the user) and their live progress."""

from django.core.cache import cache

from . import scope
from .models import ImportRun


def import_runs_for(user, kind):
    """Import runs this user may see: bureau users all of them, a town officer their own."""
    runs = ImportRun.objects.filter(kind=kind).select_related("user")
    if not user.is_authenticated or not scope.can_import(user):
        return runs.none()
    if scope.is_bureau(user):
        return runs
    return runs.filter(user=user)


def import_progress_key(run_id) -> str:
    """Where a working import run keeps its progress in the cache (written by core.services)."""
    return f"import-run:{run_id}:progress"


def import_run_progress(run) -> dict:
    """Rows done / total and the phase: live from the cache while a run works, else from the run."""
    live = cache.get(import_progress_key(run.pk)) if run.is_active else None
    if live:
        phase, done, total = live["phase"], live["done"], live["total"]
    else:
        phase, done, total = run.phase or run.get_status_display(), run.rows_done, run.rows_total
    percent = min(100, int(done * 100 / total)) if total else 0
    return {"phase": phase, "done": done, "total": total, "percent": percent}
