"""Writes shared by every app: validate fully, save, in one transaction; the life of an ImportRun."""

import logging
import os

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import changelog, scope
from .selectors import import_progress_key


@transaction.atomic
def model_save(*, instance, user=None):
    """Validate (field rules and model.clean) and save one record; the change log records who.

    An edit that carries the version its editor started from (`instance.edit_token`, set by
    the edit form or the API) is refused with StaleEdit if the record changed since.
    """
    instance.full_clean()
    check_in_scope(instance, user)
    check_edit_token(instance)
    instance.save()
    return instance


def check_in_scope(instance, user):
    """Refuse a write that would take the record out of the writer's scope (scope.keeps_in_scope)."""
    if scope.keeps_in_scope(user, instance):
        return
    field = instance.town_scope.split("__")[0]
    raise ValidationError({field: _("区镇科技网格员只能维护本区镇的记录：不能清空所属区镇，也不能改为其他区镇。")})


# ---- optimistic concurrency: no silent lost updates ------------------------------------------
#
# The version of a record is its `updated_at` (every writer sets it: save()'s auto_now, the
# bulk import stamps it, the bulk assignment saves it; the diagnosis cache relies on it too).
# An edit form carries the version it was opened on, with the newest change-log entry id it
# had seen ("<updated_at ISO>~<log id>"); the API reads it from If-Match or the body's
# `version`. model_save locks the row (SELECT … FOR UPDATE) and compares: if another save came
# in between, nothing is written and the message says who changed what since.


class StaleEdit(ValidationError):
    """Another save reached the record after the editor loaded it; `changes` = [(label, old, new)]."""

    def __init__(self, message, *, changes=(), current_token=""):
        super().__init__(message, code="stale")
        self.changes = list(changes)
        self.current_token = current_token


def edit_token(instance, *, with_log=True) -> str:
    """The version a form or API client sends back with its edit (see check_edit_token)."""
    stamp = getattr(instance, "updated_at", None)
    if instance.pk is None or stamp is None:
        return ""
    token = stamp.isoformat()
    if with_log:
        token += f"~{changelog.latest_entry_id(instance)}"
    return token


def parse_edit_token(token):
    """(updated_at, newest log entry id or None); (None, None) for a token that is no version."""
    import datetime as dt

    text = str(token or "").strip()
    text = text[2:] if text.startswith("W/") else text  # a weak ETag names the same version
    stamp, _sep, log_id = text.strip('"').partition("~")
    try:
        seen = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None, None
    return seen, int(log_id) if log_id.isdigit() else None


def check_edit_token(instance):
    """Refuse the save (StaleEdit) if the row changed since the version in `instance.edit_token`."""
    token = getattr(instance, "edit_token", None)
    if not token or token.strip() == "*" or instance.pk is None:  # If-Match: * = any version
        return
    model = type(instance)
    current = model._base_manager.select_for_update().filter(pk=instance.pk).values_list("updated_at", flat=True)
    current = current.first()
    seen, log_id = parse_edit_token(token)
    if current is None:
        raise ValidationError(_("该记录已被他人删除，无法保存。"), code="deleted")
    if seen is not None and current == seen:
        return
    entries = changelog.entries_since(instance, after_id=log_id, after_time=seen)
    changes = changelog.describe_changes(model, entries)
    latest = entries[-1] if entries else None
    who = str(latest.actor) if latest is not None and latest.actor is not None else _("他人")
    when = timezone.localtime(latest.timestamp if latest is not None else current)
    when_text = when.strftime("%H:%M") if when.date() == timezone.localdate() else when.strftime("%Y-%m-%d %H:%M")
    listed = "；".join(f"{label} {old} → {new}" for label, old, new in changes)
    if listed:
        message = _("该记录已被%(who)s于%(when)s修改：%(changes)s。您的修改没有保存，请刷新后再改。") % {
            "who": who,
            "when": when_text,
            "changes": listed,
        }
    else:
        message = _("该记录已被%(who)s于%(when)s修改。您的修改没有保存，请刷新后再改。") % {
            "who": who,
            "when": when_text,
        }
    raise StaleEdit(message, changes=changes, current_token=edit_token(model._base_manager.get(pk=instance.pk)))


@transaction.atomic
def model_delete(*, instance, user=None):
    """Delete one record. One that other records still point at through a PROTECT or RESTRICT
    foreign key (a bank's financing, an institution's projects) is refused with what holds it, in
    the bureau's words, instead of a database error; nothing is deleted."""
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        held_by = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ()
        raise ValidationError(still_referenced_message(instance, held_by), code="protected") from None


def still_referenced_message(instance, held_by) -> str:
    """“海门农商行”仍被 3 条科技金融记录（如“…”）引用，不能删除；请先删除或改掉这些记录。"""
    kinds: dict[str, list] = {}
    for obj in held_by:
        kinds.setdefault(str(obj._meta.verbose_name), []).append(obj)
    parts = [
        _("%(n)d 条%(kind)s（如“%(first)s”）") % {"n": len(objs), "kind": kind, "first": objs[0]}
        for kind, objs in kinds.items()
    ]
    return _("“%(obj)s”仍被 %(parts)s引用，不能删除；请先删除或改掉这些记录。") % {
        "obj": instance,
        "parts": "、".join(parts),
    }


# ---- imports: the life of an ImportRun -----------------------------------------------------
#
# upload → PENDING → (plan) → PREVIEWED → confirm → QUEUED → RUNNING → DONE | FAILED
#                                       ↘ cancel → CANCELLED
# Files with more than BACKGROUND_ROWS rows are planned and written by a Celery task
# (`task`, taking the run id); smaller ones in the request. Every step is a conditional
# status change, so a second click, a second task or a redelivered task does nothing twice.

logger = logging.getLogger(__name__)

PROGRESS_TTL = 6 * 3600


def _reporter(run_id):
    """Progress goes to the cache: the run's row is locked while it is written, and the page
    polling it must still get an answer."""
    key = import_progress_key(run_id)

    def report(phase, done, total):
        cache.set(key, {"phase": phase, "done": done, "total": total}, PROGRESS_TTL)

    return report


def import_run_table(run, spec):
    """The stored upload of a run, read again (for the error report and the writing pass)."""
    return _read_run(run, spec)


def _read_run(run, spec):
    from .importing import read_upload

    with run.file.open("rb") as handle:
        return read_upload(handle, filename=run.original_name, spec=spec, sheet=run.requested_sheet)


def _plan_fields(plan) -> dict:
    from .importing import ERROR_CAP

    return {
        "counts": dict(plan.counts),
        "errors": [e.as_dict() for e in plan.errors[:ERROR_CAP]],
        "error_count": len(plan.errors),
        "warnings": plan.warnings,
        "sample": plan.sample,
        "sheet_name": plan.table.sheet_name[:100],
        "header_row": plan.table.header_row,
        "rows_total": plan.rows_total,
        "rows_done": plan.rows_total,
    }


def _set_finished(run_id):
    from .models import ImportRun

    ImportRun.objects.filter(pk=run_id, finished_at__isnull=True).update(finished_at=timezone.now(), phase="")


def _set_status(run_id, expected, **fields) -> bool:
    """Move a run on only if it is still in one of the `expected` states (the idempotency rule)."""
    from .models import ImportRun

    return bool(ImportRun.objects.filter(pk=run_id, status__in=expected).update(**fields))


def import_run_start(*, spec, user, upload, sheet="", task=None):
    """Store an upload and check it: small files are previewed now, large ones by `task`.

    A whole-file problem (corrupt, password, empty, no header, too big) ends the run as
    FAILED with one message; the caller shows `run.message`.
    """
    from .importing import BACKGROUND_ROWS, PHASE_READ
    from .models import ImportRun
    from .spreadsheets import MAX_BYTES, SpreadsheetError, _too_big

    if not scope.can_import(user):
        raise PermissionDenied
    name = os.path.basename(upload.name or "upload")[:255]
    run = ImportRun(
        kind=spec.kind,
        user=user,
        original_name=name,
        requested_sheet=(sheet or "").strip()[:100],
        batch=changelog.new_batch_id(f"import-{spec.kind}"),
        source=ImportRun.Source.WEB,
        phase=PHASE_READ,
    )
    if upload.size > MAX_BYTES:  # refused before it is stored
        run.status, run.message, run.finished_at = ImportRun.Status.FAILED, _too_big(MAX_BYTES), timezone.now()
        run.save()
        return run
    run.file.save(name, upload, save=False)
    run.save()
    try:
        table = _read_run(run, spec)
    except SpreadsheetError as exc:
        _set_status(run.pk, [run.status], status=ImportRun.Status.FAILED, message=exc.message)
        _set_finished(run.pk)
        run.refresh_from_db()
        return run
    if task is not None and len(table.rows) > BACKGROUND_ROWS:
        ImportRun.objects.filter(pk=run.pk).update(
            rows_total=len(table.rows), sheet_name=table.sheet_name[:100], header_row=table.header_row
        )
        del table  # the worker reads the file again; do not hold it while it works
        _queue_run(run.pk, task)
    else:
        _preview(run.pk, spec, table)
    run.refresh_from_db()
    return run


def _queue_run(run_id, task):
    """Hand a run to the worker; if the queue is down, the run ends FAILED saying so (not
    left "queued" or "checking" forever, as if it continued in the background)."""
    from .models import ImportRun
    from .queue import QueueUnavailable, enqueue

    try:
        result = enqueue(task, run_id)
    except QueueUnavailable as exc:
        _fail(run_id, exc.message)
        return
    ImportRun.objects.filter(pk=run_id).update(task_id=result.id or "")


def _preview(run_id, spec, table=None):
    """PENDING → PREVIEWED: check every row (no writes) and keep the outcome on the run."""
    from .importing import plan_import
    from .models import ImportRun
    from .spreadsheets import SpreadsheetError

    run = ImportRun.objects.select_related("user").get(pk=run_id)
    report = _reporter(run_id)
    try:
        if table is None:
            table = _read_run(run, spec)
        plan = plan_import(table, spec, run.user, source_name=run.original_name, progress=report)
    except SpreadsheetError as exc:
        _set_status(run_id, [ImportRun.Status.PENDING], status=ImportRun.Status.FAILED, message=exc.message)
        _set_finished(run_id)
        return
    finally:
        cache.delete(import_progress_key(run_id))
    _set_status(run_id, [ImportRun.Status.PENDING], status=ImportRun.Status.PREVIEWED, phase="", **_plan_fields(plan))


def import_run_confirm(*, run_id, user, skip_errors=False, spec, task=None):
    """PREVIEWED → QUEUED, then write (now, or in `task` for a large file).

    The status change happens under a row lock: a second click waits for the first and then
    finds the run already confirmed, so the file is imported once. Returns (run, started).
    """
    from .importing import BACKGROUND_ROWS
    from .models import ImportRun

    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if run.user_id != user.pk:
            raise PermissionDenied
        if run.status != ImportRun.Status.PREVIEWED:
            return run, False
        if run.rows_with_errors and not skip_errors:
            raise ValidationError(
                _("有%(n)s行未通过校验：请改正后重新上传，或选择“仅导入正确的行”。") % {"n": run.rows_with_errors}
            )
        if not run.valid_rows:
            raise ValidationError(_("没有可以导入的数据行。"))
        run.status, run.skip_errors, run.phase, run.rows_done = ImportRun.Status.QUEUED, skip_errors, "", 0
        run.save(update_fields=["status", "skip_errors", "phase", "rows_done"])
    # A large file, or any file while another import of its kind is writing (imports of a kind
    # write one at a time), goes to the worker: a request must not wait minutes for a lock.
    busy = (
        ImportRun.objects.filter(kind=run.kind, status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING])
        .exclude(pk=run.pk)
        .exists()
    )
    if task is not None and (run.rows_total > BACKGROUND_ROWS or busy):
        _queue_run(run.pk, task)
    else:
        import_run_execute(run.pk, spec=spec)
    run.refresh_from_db()
    return run, True


def import_run_execute(run_id, *, spec):
    """QUEUED/RUNNING → DONE | FAILED: read the stored file again and write it in one transaction.

    The run's row stays locked while writing and becomes DONE in the same transaction, so a
    duplicate task waits and then finds nothing to do, and a task redelivered after a crash
    (nothing committed) simply runs again.
    """
    from .importing import PHASE_READ, ImportAborted, apply_import, prepare_plan
    from .models import ImportRun
    from .spreadsheets import SpreadsheetError

    active = [ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]
    if not _set_status(run_id, active, status=ImportRun.Status.RUNNING, started_at=timezone.now(), phase=PHASE_READ):
        return ImportRun.objects.get(pk=run_id)
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    report = _reporter(run_id)
    report(PHASE_READ, 0, run.rows_total)
    try:
        table = _read_run(run, spec)
        with transaction.atomic():
            locked = ImportRun.objects.select_for_update().get(pk=run_id)
            if locked.status != ImportRun.Status.RUNNING:
                return locked
            plan = prepare_plan(table, spec, run.user, source_name=run.original_name)
            result = apply_import(plan, run.user, skip_errors=run.skip_errors, batch=run.batch, progress=report)
            for name, value in _plan_fields(result).items():
                setattr(locked, name, value)
            locked.status, locked.phase, locked.finished_at = ImportRun.Status.DONE, "", timezone.now()
            locked.save()
    except ImportAborted as exc:
        _fail(
            run_id,
            _("预览之后数据有了变化，有%(n)s行现在不能导入，没有写入任何数据。请重新上传预览。")
            % {"n": exc.plan.counts["errors"]},
            plan=exc.plan,
        )
    except SpreadsheetError as exc:
        _fail(run_id, exc.message)
    except Exception:
        logger.exception("import run %s failed", run_id)
        _fail(run_id, _("导入时发生系统错误，没有写入任何数据。请稍后重试，或联系系统管理员。"))
    finally:
        cache.delete(import_progress_key(run_id))
    return ImportRun.objects.get(pk=run_id)


def _fail(run_id, message, plan=None):
    from .models import ImportRun

    fields = _plan_fields(plan) if plan is not None else {}
    fields.pop("rows_done", None)
    _set_status(
        run_id,
        [ImportRun.Status.RUNNING, ImportRun.Status.QUEUED, ImportRun.Status.PENDING],
        status=ImportRun.Status.FAILED,
        message=message,
        phase="",
        finished_at=timezone.now(),
        **fields,
    )


def import_run_process(run_id, *, spec):
    """What a Celery task does with a run: preview it or write it, whichever is due; else nothing."""
    from .models import ImportRun

    run = ImportRun.objects.filter(pk=run_id).only("status").first()
    if run is None:
        return None
    if run.status == ImportRun.Status.PENDING:
        _preview(run_id, spec)
    elif run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING):
        import_run_execute(run_id, spec=spec)
    return ImportRun.objects.values_list("status", flat=True).get(pk=run_id)


def import_run_cancel(*, run_id, user):
    """放弃: a previewed run that will not be imported."""
    from .models import ImportRun

    run = ImportRun.objects.get(pk=run_id)
    if run.user_id != user.pk:
        raise PermissionDenied
    _set_status(run_id, [ImportRun.Status.PREVIEWED], status=ImportRun.Status.CANCELLED, finished_at=timezone.now())


def import_run_cli(*, spec, path, sheet=None, dry_run=False, skip_errors=False, user=None):
    """The import commands' work: returns (docs/domain.md §5 summary, ok). Real runs are kept as ImportRuns.

    --dry-run and refused files (rows failed, no --skip-errors) write nothing at all.
    """
    from .importing import ImportAborted, apply_import, plan_import, read_upload
    from .models import ImportRun
    from .spreadsheets import SpreadsheetError

    name = os.path.basename(path)
    try:
        table = read_upload(path, filename=name, spec=spec, sheet=sheet)
    except SpreadsheetError as exc:
        empty = {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        return {**empty, "errors": [{"row": None, "column": "", "message": exc.message}], "warnings": []}, False
    plan = plan_import(table, spec, user, source_name=name)
    if dry_run or (plan.counts["errors"] and not skip_errors):
        return plan.summary(), not plan.counts["errors"]

    run = ImportRun(
        kind=spec.kind,
        user=user,
        original_name=name[:255],
        requested_sheet=(sheet or "")[:100],
        source=ImportRun.Source.CLI,
        status=ImportRun.Status.RUNNING,
        skip_errors=skip_errors,
        batch=changelog.new_batch_id(f"import-{spec.kind}"),
        started_at=timezone.now(),
        rows_total=plan.rows_total,
    )
    with open(path, "rb") as handle:
        run.file.save(name, File(handle), save=False)
    run.save()
    try:
        result = apply_import(plan, user, skip_errors=skip_errors, batch=run.batch)
    except ImportAborted as exc:
        _fail(run.pk, _("导入时数据有了变化，没有写入任何数据。"), plan=exc.plan)
        return exc.plan.summary(), False
    _set_status(
        run.pk,
        [ImportRun.Status.RUNNING],
        status=ImportRun.Status.DONE,
        finished_at=timezone.now(),
        **_plan_fields(result),
    )
    return result.summary(), not result.counts["errors"]
