"""A ReportRun from the click to its files. Every state change is a conditional update
(`filter(pk=, status__in=expected).update(...)`), so a second click, a task delivered twice or a
sweeper racing a slow worker never builds twice or mixes files (docs/reports.md).

    report_start  → QUEUED (or the run of the same period already queued/running)
    report_build  QUEUED → RUNNING → DONE | FAILED    (the task, or build_report, calls it)
    report_sweep  RUNNING without progress for STALE_AFTER → FAILED (the worker died)
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import scope
from core.queue import QueueUnavailable, enqueue

from ..models import ReportNote, ReportRun
from ..periods import PeriodError, make_period
from . import build

logger = logging.getLogger(__name__)

# The task's hard limit; a run without progress for longer than this (plus a margin) has lost
# its worker (killed, out of memory, the machine restarted) and is marked failed by the sweeper.
TIME_LIMIT = 15 * 60
STALE_AFTER = dt.timedelta(seconds=TIME_LIMIT + 120)
# A run still queued after this long was never picked up (no worker running).
QUEUED_TOO_LONG = dt.timedelta(hours=2)

SUMMARY_PERIODS = {ReportRun.Kind.HALF_YEAR: ("H1", "H2"), ReportRun.Kind.FULL_YEAR: ("Y",)}


def can_build(user) -> bool:
    """局工作人员 and 局系统管理员 start builds and write the paragraphs; leaders read and download."""
    return scope.is_bureau(user)


def can_read(user) -> bool:
    return scope.sees_all_towns(user)


def _period_code(kind: str, period: str) -> str:
    if kind == ReportRun.Kind.MONTHLY:
        code = make_period(2000, period).code
        if not code.startswith("M"):
            raise ValidationError({"period": _("月报的期间应为 M01–M12。")})
        return code
    allowed = SUMMARY_PERIODS.get(kind)
    if allowed is None:
        raise ValidationError({"kind": _("不认识的报告类型“%(kind)s”。") % {"kind": kind}})
    if period not in allowed:
        raise ValidationError(
            {"period": _("%(kind)s的期间应为 %(codes)s。") % {"kind": kind, "codes": "、".join(allowed)}}
        )
    return period


def report_create(*, user, kind: str, year: int, period: str) -> tuple[ReportRun, bool]:
    """A new QUEUED run (the next version), or the run of the same report already queued or
    running (a second click starts nothing): returns (run, created)."""
    if user is not None and not can_build(user):
        raise PermissionDenied
    try:
        code = _period_code(kind, period)
        make_period(year, code)
    except PeriodError as exc:
        raise ValidationError({"year": str(exc)}) from exc
    for _attempt in range(3):
        active = ReportRun.objects.filter(kind=kind, year=year, period=code, status__in=ReportRun.ACTIVE).first()
        if active is not None:
            return active, False
        version = (
            ReportRun.objects.filter(kind=kind, year=year, period=code).aggregate(v=Max("version"))["v"] or 0
        ) + 1
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(kind=kind, year=year, period=code, version=version, created_by=user)
            return run, True
        except IntegrityError:
            continue  # another click took this version at the same moment: look again
    raise ValidationError(_("同时发起的生成请求太多，请稍后再试。"))


def report_start(*, user, kind: str, year: int, period: str, task=None) -> tuple[ReportRun, bool]:
    """Create (or find) the run and hand it to the worker. With the queue down the run ends
    FAILED with that reason, and QueueUnavailable is raised for the page to say so."""
    from .tasks import report_build_task

    run, created = report_create(user=user, kind=kind, year=year, period=period)
    if created:
        _queue(run, task or report_build_task)
    return run, created


def _queue(run: ReportRun, task):
    try:
        result = enqueue(task, run.pk)
    except QueueUnavailable as exc:
        _fail(run.pk, exc.message, expected=[ReportRun.Status.QUEUED])
        raise
    ReportRun.objects.filter(pk=run.pk).update(task_id=(getattr(result, "id", "") or "")[:64])


def report_retry(*, user, run_id: int, task=None) -> tuple[ReportRun, bool]:
    """重新生成: a new version of the same report (the failed or earlier one stays as it was)."""
    run = ReportRun.objects.get(pk=run_id)
    return report_start(user=user, kind=run.kind, year=run.year, period=run.period, task=task)


def _progress(run_id: int):
    def report(phase: str, percent: int):
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
            phase=phase[:40], percent=max(0, min(100, int(percent))), heartbeat_at=timezone.now()
        )

    return report


def _fail(run_id: int, message: str, expected=ReportRun.ACTIVE) -> bool:
    return bool(
        ReportRun.objects.filter(pk=run_id, status__in=list(expected)).update(
            status=ReportRun.Status.FAILED, error=message, phase="", finished_at=timezone.now()
        )
    )


def report_build(run_id: int) -> ReportRun:
    """QUEUED → RUNNING → DONE | FAILED. A run not QUEUED (already taken by another delivery of
    the task, done, failed) is left alone: the same run is never built twice."""
    now = timezone.now()
    taken = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
        status=ReportRun.Status.RUNNING, started_at=now, heartbeat_at=now, phase=_("准备"), percent=1, error=""
    )
    run = ReportRun.objects.get(pk=run_id)
    if not taken:
        return run
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix=f"report-{run_id}-"))
    try:
        built = _build_files(run, workdir)
        with transaction.atomic():
            locked = ReportRun.objects.select_for_update().get(pk=run_id)
            if locked.status != ReportRun.Status.RUNNING:
                return locked  # the sweeper gave up on it meanwhile: its files are not attached
            with built.docx.open("rb") as docx, built.xlsx.open("rb") as xlsx:
                locked.docx.save(built.docx.name, File(docx), save=False)
                locked.xlsx.save(built.xlsx.name, File(xlsx), save=False)
            locked.status, locked.phase, locked.percent = ReportRun.Status.DONE, "", 100
            locked.finished_at = timezone.now()
            locked.seconds = round(time.monotonic() - started, 2)
            locked.save()
            return locked
    except Exception as exc:
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            message = _("生成超过时间限制（%(m)s分钟），已停止。请稍后重试。") % {"m": TIME_LIMIT // 60}
        else:
            logger.exception("report run %s failed", run_id)
            message = _("生成时发生系统错误：%(error)s。请稍后重试，或联系系统管理员。") % {
                "error": f"{type(exc).__name__}: {exc}"[:300]
            }
        _fail(run_id, message, expected=[ReportRun.Status.RUNNING])
        return ReportRun.objects.get(pk=run_id)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _build_files(run: ReportRun, workdir: Path) -> build.Built:
    progress = _progress(run.pk)
    if run.kind == ReportRun.Kind.MONTHLY:
        return build.build_monthly(run.year, int(run.period[1:]), workdir, progress=progress)
    return build.build_summary(run.year, run.period, workdir, progress=progress)


def report_sweep(now=None) -> int:
    """Mark failed the runs whose worker died (no progress for STALE_AFTER) and the runs no
    worker ever took (queued for QUEUED_TOO_LONG). Returns how many."""
    now = now or timezone.now()
    died = ReportRun.objects.filter(status=ReportRun.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER).update(
        status=ReportRun.Status.FAILED,
        phase="",
        finished_at=now,
        error=_("生成进程意外中断（超过%(m)s分钟没有进展），请点击“重新生成”。") % {"m": STALE_AFTER.seconds // 60},
    )
    never = ReportRun.objects.filter(status=ReportRun.Status.QUEUED, created_at__lt=now - QUEUED_TOO_LONG).update(
        status=ReportRun.Status.FAILED,
        phase="",
        finished_at=now,
        error=_("排队超过%(h)s小时仍未开始（后台服务可能没有运行），请点击“重新生成”。")
        % {"h": int(QUEUED_TOO_LONG.total_seconds() // 3600)},
    )
    return died + never


def previous_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1)
    last = first - dt.timedelta(days=1)
    return last.year, last.month


def report_monthly(today=None) -> ReportRun | None:
    """The monthly brief of last month, once: beat on the 1st calls it; a second call (beat fired
    twice, or the task redelivered) finds the month's brief already there and does nothing."""
    today = today or timezone.localdate()
    year, month = previous_month(today)
    code = f"M{month:02d}"
    if (
        ReportRun.objects.filter(kind=ReportRun.Kind.MONTHLY, year=year, period=code)
        .exclude(status=ReportRun.Status.FAILED)
        .exists()
    ):
        return None
    run, created = report_create(user=None, kind=ReportRun.Kind.MONTHLY, year=year, period=code)
    if not created:
        return None
    return report_build(run.pk)


@transaction.atomic
def note_save(note, *, user, year: int, period: str, version: str | None = None):
    """Add or change a paragraph (the author is who wrote it first). `version` is the edit token
    the form was opened with: a paragraph saved by someone else meanwhile is not overwritten."""
    from core.services import edit_token

    if not can_build(user):
        raise PermissionDenied
    if note.pk and version:
        current = ReportNote.objects.select_for_update().filter(pk=note.pk).first()
        if current is None:
            raise ValidationError(_("这段文字已被删除。"))
        if edit_token(current, with_log=False) != version:
            raise ValidationError(
                _("这段文字在您打开之后已被修改（%(when)s），没有保存。请刷新后在最新内容上修改。当前内容：%(text)s")
                % {
                    "when": timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S"),
                    "text": current.text[:200],
                }
            )
    note.year, note.period = year, period
    if note.author_id is None:
        note.author = user
    note.text = note.text.strip()
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_delete(note):
    note.delete()
