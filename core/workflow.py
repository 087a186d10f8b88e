"""Stage workflows: a record that moves along a path of stages, with a history row per move.

A `Workflow` is configuration — the path, the side exits, the stages only entered from
outside, the certified stages (a number and a date are required there) and the terminal
stages. The rules that follow from it are written once, here:

- a move (`advance`) is one step forward along the path, or to a side exit from any open
  stage; nothing leaves a terminal stage; the date is never before the current stage's date;
- an entry (`enter`) records a state someone reports: any stage of the workflow;
- a reported state for an existing record (`report_refusal`, read by importers) may go
  forward any number of steps or to a side exit, never back and never out of a final stage;
- a bulk move or entry (`all_or_none`) writes nothing unless every record passes, and each
  refusal names its record.

A model with a workflow keeps its stage, the date it reached it and (when it has certified
stages) the certificate number and date in its own fields (named by `StageFields`), and has a
concrete `StageChange` subclass for the history. The app's services call these functions with
its own permission check and subject names; see docs/architecture.md, "Stage workflow".
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class StageFields:
    """The names of the workflow's fields on the model (certificate fields: None when it has none)."""

    stage: str = "stage"
    on: str = "stage_on"
    number: str | None = "certificate_no"
    certified_on: str | None = "certified_on"


class Refusal(enum.Enum):
    """Why a reported state cannot be recorded on an existing record (importers word it)."""

    NOT_A_STAGE = "not_a_stage"
    TERMINAL = "terminal"  # the record is already at a final stage
    ENTRY_ONLY = "entry_only"  # the stage is only entered from outside (e.g. 整体迁入)
    BACKWARD = "backward"  # the stage lies behind the current one
    EARLY = "early"  # the date is before the current stage's date


@dataclass(frozen=True)
class Workflow:
    """One configuration: `path` in order; `exits` reachable from any open stage (未通过, 终止);
    `entries` only as the first stage of a record; `certified` need a number and a date;
    `terminal` defaults to the last stage of the path, the exits and the entries.

    `history` ("app_label.Model") is the StageChange subclass and `history_fk` its link to the
    record; `name` and `labels` word the messages; `number_label`/`date_label` name the
    certificate fields in them.
    """

    name: str
    path: Sequence[str]
    labels: Mapping[str, str]
    history: str
    history_fk: str
    exits: Sequence[str] = ()
    entries: Sequence[str] = ()
    certified: Collection[str] = frozenset()
    terminal: Collection[str] | None = None
    fields: StageFields = field(default_factory=StageFields)
    number_label: str = gettext_lazy("证书编号")
    date_label: str = gettext_lazy("发证日期")

    # ---- what the configuration says ----

    @property
    def stages(self) -> list[str]:
        """Every stage of this workflow: the path, then the exits and the entries."""
        return [*self.path, *self.exits, *self.entries]

    @property
    def first(self) -> str:
        return self.path[0]

    @property
    def final(self) -> frozenset:
        if self.terminal is not None:
            return frozenset(self.terminal)
        return frozenset([self.path[-1], *self.exits, *self.entries])

    def label(self, stage) -> str:
        return str(self.labels.get(stage, stage))

    def choices(self, stages=None) -> list[tuple[str, str]]:
        """(value, label) pairs; the labels stay lazy, so a module-level list follows the language."""
        return [(stage, self.labels.get(stage, stage)) for stage in (self.stages if stages is None else stages)]

    def is_terminal(self, stage) -> bool:
        return stage in self.final

    def needs_certificate(self, stage) -> bool:
        return stage in self.certified

    def next_stages(self, stage) -> list[str]:
        """The moves allowed from `stage`: one step forward along the path, or a side exit."""
        if self.is_terminal(stage) or stage not in self.path:
            return []
        index = list(self.path).index(stage)
        return [*self.path[index + 1 : index + 2], *self.exits]

    def jumped(self, from_stage, to_stage) -> bool:
        """A reported state that skipped stages of the path (the history says so)."""
        path = list(self.path)
        return from_stage in path and to_stage in path and path.index(to_stage) - path.index(from_stage) > 1

    # ---- the rules, as messages ----

    def stage_error(self, stage) -> str | None:
        if stage in self.stages:
            return None
        return _("“%(stage)s”不是%(name)s的阶段。") % {"stage": self.label(stage), "name": self.name}

    def move_error(self, from_stage, to_stage, *, subject="") -> str | None:
        """Why a move from `from_stage` to `to_stage` is not allowed (None: it is)."""
        allowed = self.next_stages(from_stage)
        if to_stage in allowed:
            return None
        return _("%(subject)s当前为“%(from)s”，不能直接改为“%(to)s”。可转入：%(allowed)s。") % {
            "subject": subject,
            "from": self.label(from_stage),
            "to": self.label(to_stage),
            "allowed": "、".join(self.label(s) for s in allowed) or _("无（已是最终阶段）"),
        }

    def certificate_errors(self, stage, number, certified_on) -> dict[str, str]:
        """{field: message} when `stage` needs a certificate number and date that are missing."""
        if not self.needs_certificate(stage):
            return {}
        errors = {}
        if not number:
            errors[self.fields.number] = _("进入“%(s)s”须填写%(what)s。") % {
                "s": self.label(stage),
                "what": self.number_label,
            }
        if not certified_on:
            errors[self.fields.certified_on] = _("进入“%(s)s”须填写%(what)s。") % {
                "s": self.label(stage),
                "what": self.date_label,
            }
        return errors

    @staticmethod
    def date_error(on, previous_on) -> str | None:
        """A stage is never reached before the one it follows."""
        if previous_on is not None and on < previous_on:
            return _("日期%(on)s早于上一阶段的日期%(prev)s。") % {"on": on, "prev": previous_on}
        return None

    def report_refusal(self, from_stage, to_stage, *, on=None, previous_on=None) -> Refusal | None:
        """Why a reported state `to_stage` (dated `on`) cannot replace `from_stage` (None: it can).

        Reported states go forward any number of steps or to a side exit; never back, never out
        of a final stage, never into an entry-only stage, never dated before the current stage.
        """
        if to_stage not in self.stages:
            return Refusal.NOT_A_STAGE
        if to_stage == from_stage:
            return None
        if self.is_terminal(from_stage):
            return Refusal.TERMINAL
        if to_stage in self.entries:
            return Refusal.ENTRY_ONLY
        forward = to_stage in self.exits or (
            to_stage in self.path
            and from_stage in self.path
            and list(self.path).index(to_stage) > list(self.path).index(from_stage)
        )
        if not forward:
            return Refusal.BACKWARD
        if on is not None and self.date_error(on, previous_on):
            return Refusal.EARLY
        return None

    # ---- the history ----

    @property
    def history_model(self) -> type[StageChange]:
        return apps.get_model(self.history)

    def record(self, obj, *, from_stage, to_stage, on, user, note=""):
        """Write one history row (the timeline and the KPIs read these)."""
        return self.history_model.objects.create(
            **{self.history_fk: obj},
            from_stage=from_stage or "",
            to_stage=to_stage,
            on=on,
            changed_by=user,
            note=note or "",
        )


class StageChange(models.Model):
    """The history of a workflow: who moved a record, when, from which stage to which.

    Subclasses add the link to their record (a ForeignKey named by `Workflow.history_fk`)
    and redeclare `from_stage`/`to_stage` with their stage choices.
    """

    from_stage = models.CharField(gettext_lazy("原阶段"), max_length=20, blank=True)
    to_stage = models.CharField(gettext_lazy("新阶段"), max_length=20)
    # The day the stage was reached (KPIs count it on this date), and when it was recorded.
    on = models.DateField(gettext_lazy("日期"), db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=gettext_lazy("操作人"),
    )
    recorded_at = models.DateTimeField(gettext_lazy("记录时间"), auto_now_add=True)
    note = models.CharField(gettext_lazy("说明"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_from_stage_display() or '—'} → {self.get_to_stage_display()}"


# ---- the writes (called by the app's services, inside their permission checks) ----------------


def _save(instance, user):
    from .services import model_save

    return model_save(instance=instance, user=user)


def _raise(errors):
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def enter(obj, *, workflow: Workflow, user, stage=None, on=None, note="", save=_save):
    """Save a new record at `stage` (default: the first) and its first history row.

    Entering at a later stage records a state someone reports (an import, a 高企 that moved
    in): it is not a move, so any stage of the workflow is allowed. The date defaults to the
    certificate date, then today.
    """
    f = workflow.fields
    stage = stage or workflow.first
    _raise({f.stage: error} if (error := workflow.stage_error(stage)) else {})
    number = getattr(obj, f.number, None) if f.number else None
    certified_on = getattr(obj, f.certified_on, None) if f.certified_on else None
    _raise(workflow.certificate_errors(stage, number, certified_on))
    on = on or certified_on or timezone.localdate()
    setattr(obj, f.stage, stage)
    setattr(obj, f.on, on)
    save(obj, user)
    workflow.record(obj, from_stage="", to_stage=stage, on=on, user=user, note=note)
    return obj


@transaction.atomic
def advance(
    obj, *, workflow: Workflow, to_stage, user, on=None, number="", certified_on=None, note="", subject="", save=_save
):
    """Move one record to `to_stage` if the workflow allows it, else raise a ValidationError.

    The record is locked and read again, so two moves at once happen in turn. A certified
    stage takes `number`/`certified_on` (or keeps the record's own) and is dated by the
    certificate unless `on` is given.
    """
    f = workflow.fields
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    current, current_on = getattr(obj, f.stage), getattr(obj, f.on)
    error = workflow.stage_error(to_stage) or workflow.move_error(current, to_stage, subject=subject or str(obj))
    _raise({f.stage: error} if error else {})
    if f.number:
        number = number or getattr(obj, f.number)
        certified_on = certified_on or getattr(obj, f.certified_on)
        _raise(workflow.certificate_errors(to_stage, number, certified_on))
    on = on or (certified_on if workflow.needs_certificate(to_stage) else None) or timezone.localdate()
    _raise({"on": error} if (error := workflow.date_error(on, current_on)) else {})  # the `on` argument
    setattr(obj, f.stage, to_stage)
    setattr(obj, f.on, on)
    if f.number:
        setattr(obj, f.number, number or "")
        setattr(obj, f.certified_on, certified_on)
    save(obj, user)
    workflow.record(obj, from_stage=current, to_stage=to_stage, on=on, user=user, note=note)
    return obj


def flatten(exc: ValidationError) -> list[str]:
    """The messages of a ValidationError, field or not, in one list."""
    if hasattr(exc, "error_dict"):
        return [str(m) for messages in exc.message_dict.values() for m in messages]
    return [str(m) for m in exc.messages]


def named(subject, message) -> str:
    """A refusal in a batch, led by the record it is about (unless it already names it)."""
    name, message = str(subject), str(message)
    return message if message.startswith(name) else f"{name}：{message}"


@transaction.atomic
def all_or_none(items: Iterable, write: Callable, *, subject: Callable = str, refusals: Sequence[str] = ()) -> list:
    """Run `write(item)` for every item; if any is refused, undo them all and raise every refusal,
    each led by `subject(item)`. `refusals` are refusals found before (they also stop the batch)."""
    done, errors = [], list(refusals)
    for item in items:
        try:
            with transaction.atomic():
                done.append(write(item))
        except ValidationError as exc:
            errors.extend(named(subject(item), message) for message in flatten(exc))
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return done


def bulk_advance(
    objs,
    *,
    workflow,
    to_stage,
    user,
    on=None,
    numbers=None,
    certified_on=None,
    note="",
    subject=str,
    refusals=(),
    save=_save,
) -> list:
    """Move many records at once, all or none; `numbers` maps record pk → its own certificate number.

    `workflow` is a Workflow, or a function giving each record's (records of several kinds);
    `refusals` found before by the caller stop the batch too, listed first.
    """
    numbers = numbers or {}

    def move(obj):
        return advance(
            obj,
            workflow=workflow(obj) if callable(workflow) else workflow,
            to_stage=to_stage,
            user=user,
            on=on,
            number=numbers.get(obj.pk, ""),
            certified_on=certified_on,
            note=note,
            subject=str(subject(obj)),
            save=save,
        )

    return all_or_none(objs, move, subject=subject, refusals=refusals)
