"""Every write of the enterprises app: enterprises, pool stages, R&D filings, visits.

Pool moves follow docs/domain.md §2 only: one step forward along the pool's path, or 未通过 from any
open stage; 已认定 / 已入库 need the certificate number and date. Each move writes a
PoolStageChange (who, when, from, to) — the timeline and the KPIs read those.

Moving a stage, the 攀高 level/recommendation and correcting a membership are bureau
decisions: only 局工作人员/局系统管理员 may (`user=None` = a system job). Entering a pool
(`pool_enter`) records a list someone reports and follows the enterprise's own write rights,
so a town officer's import of their town's 已入库 list still works.
"""

import io
import re

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core import changelog, scope, workflow
from core.formatting import format_day
from core.services import model_delete, model_save

from . import rules
from .models import (
    CERTIFIED_STAGES,
    OPEN_FOLLOW_UPS,
    Enterprise,
    FollowUpNote,
    Pool,
    PoolMembership,
    Stage,
    Visit,
    VisitPhoto,
    pool_workflow,
)
from .rules import quarter_start  # noqa: F401 - services.quarter_start is the visit rules' quarter

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def normalize_name(name) -> str:
    """A company name as the registry writes it: official （） brackets, no stray spaces — the
    importer's rule too, so a name typed anywhere exports and imports back unchanged."""
    from core.spreadsheets import to_name

    return to_name(name) or ""


def normalize_credit_code(code) -> str:
    from core.credit_code import normalize_credit_code as normalize

    return normalize(code)


@transaction.atomic
def enterprise_save(*, instance, user):
    """Create or update one enterprise after full validation (credit code, rd_staff ≤ employees).

    Every path (pages, API, admin) comes here, so every path gets the normalised name and code.
    """
    instance.name = normalize_name(instance.name)
    instance.credit_code = normalize_credit_code(instance.credit_code)
    grid_officer_check(instance, user)
    return model_save(instance=instance, user=user)


def grid_officer_check(enterprise, user):
    """Refuse a grid officer outside selectors.grid_officer_choices (who, for which town, by whom).

    Checked when the grid officer or the town changes, so a grid officer who has since left
    does not block every other edit of the enterprise until someone reassigns it.
    """
    from . import selectors

    officer_id = enterprise.grid_officer_id
    if officer_id is None:
        return
    if enterprise.pk is not None:
        stored = Enterprise.objects.filter(pk=enterprise.pk).values_list("grid_officer_id", "town_id").first()
        if stored == (officer_id, enterprise.town_id):
            return
    if selectors.grid_officer_choices(user, town=enterprise.town).filter(pk=officer_id).exists():
        return
    officer = enterprise.grid_officer
    if officer.is_officer and officer.is_active and officer.town_id and enterprise.town_id:
        message = _("科技网格员“%(u)s”属于%(t)s，不能分配到%(to)s的企业。") % {
            "u": officer,
            "t": officer.town,
            "to": enterprise.town,
        }
    else:
        message = _("“%(u)s”不是可选的科技网格员：只能选择本区镇在岗的区镇科技网格员。") % {"u": officer}
    raise ValidationError({"grid_officer": message})


@transaction.atomic
def enterprises_assign(*, enterprises, user, town=None, grid_officer=None):
    """Bulk: set the town and/or grid officer of many enterprises (one change-log entry each)."""
    if town is None and grid_officer is None:
        raise ValidationError(_("请选择要分配的区镇或科技网格员。"))
    count = 0
    for enterprise in enterprises:
        if town is not None:
            enterprise.town = town
        if grid_officer is not None:
            enterprise.grid_officer = grid_officer
        try:
            grid_officer_check(enterprise, user)
        except ValidationError as exc:  # the whole assignment or nothing (atomic)
            raise ValidationError(f"{enterprise}：{exc.message_dict['grid_officer'][0]}") from exc
        enterprise.save(update_fields=["town", "grid_officer", "updated_at"])
        count += 1
    return count


# ---- pools -------------------------------------------------------------------------------
# The stage rules are the pools' workflows (models.POOL_WORKFLOWS, core.workflow); this part
# adds who may decide, the (enterprise, pool, year) uniqueness and the batch rules.


def may_decide_pools(user) -> bool:
    """Pool stages are the bureau's decision; town officers and leaders only look."""
    return user is None or scope.is_bureau(user)


def _check_may_decide(user):
    if not may_decide_pools(user):
        raise PermissionDenied(_("培育库阶段由区科技局工作人员办理；区镇科技网格员和领导可以查看，不能变更。"))


def allowed_next_stages(membership) -> list[str]:
    """The stages this membership may move to now (for buttons and for the rule itself)."""
    return membership.workflow.next_stages(membership.stage)


def _check_stage_in_pool(pool, stage):
    if error := pool_workflow(pool).stage_error(stage):
        raise ValidationError({"stage": error})


@transaction.atomic
def pool_enter(
    *, enterprise, pool, year, stage=None, user, on=None, certificate_no="", certified_on=None, level="", note=""
):
    """Put an enterprise into a pool for a year, at the pool's first stage unless told otherwise.

    Entering at a later stage records the state someone reports (an import of 已入库 lists, a
    高企 that moved in): it is not a move, so it is allowed, and dated `on` (or the certificate date).
    """
    if PoolMembership.objects.filter(enterprise=enterprise, pool=pool, year=year).exists():
        raise ValidationError(
            _("%(ent)s已在%(year)s年%(pool)s中。") % {"ent": enterprise, "year": year, "pool": Pool(pool).label}
        )
    membership = PoolMembership(
        enterprise=enterprise,
        pool=pool,
        year=year,
        certificate_no=certificate_no or "",
        certified_on=certified_on,
        level=level or "",
        note=note,
    )
    return workflow.enter(membership, workflow=pool_workflow(pool), user=user, stage=stage, on=on)


@transaction.atomic
def pool_advance(
    *, membership, to_stage, user, on=None, certificate_no="", certified_on=None, note="", later_confirmed=False
):
    """Move one membership to `to_stage` if docs/domain.md §2 allows it; refuse with a Chinese reason otherwise.

    Without a date (and no certificate date to take) the move is dated `default_stage_date` of the
    membership's year: today in the current year, never a date of another year's KPIs. A date
    given must lie within that year, a later one only with `later_confirmed` — the bulk move's
    rule (stage_date_error), for one enterprise as for many.
    """
    _check_may_decide(user)
    if on is None and not (certified_on and membership.workflow.needs_certificate(to_stage)):
        on = default_stage_date(membership.year)
    dated = on or certified_on
    if problem := stage_date_error(membership.year, dated, later_confirmed=later_confirmed):
        raise ValidationError({"on": ValidationError(problem[1], code=problem[0])})
    return workflow.advance(
        membership,
        workflow=membership.workflow,
        to_stage=to_stage,
        user=user,
        on=on,
        number=certificate_no,
        certified_on=certified_on,
        note=note,
        subject=str(membership.enterprise),
    )


@transaction.atomic
def pool_bulk_advance(
    *, memberships, to_stage, user, on=None, certificate_numbers=None, certified_on=None, note="", refusals=()
):
    """Move many memberships at once (a batch entering 已入库 is the normal case): all or none.

    `certificate_numbers` maps membership pk → its own number. Every refusal is collected
    and raised together, each naming its enterprise, so nothing moves until the whole batch
    is right.
    """
    _check_may_decide(user)
    if repeated := repeated_numbers(certificate_numbers or {}):
        refusals = [*refusals, repeated]
    return workflow.bulk_advance(
        memberships,
        workflow=lambda membership: membership.workflow,
        to_stage=to_stage,
        user=user,
        on=on,
        numbers=certificate_numbers,
        certified_on=certified_on,
        note=note,
        subject=lambda membership: membership.enterprise,
        refusals=refusals,
    )


# A stage move of a membership is dated within the membership's year: the KPIs count by that
# date, so a 2023 membership moved in 2026 with today's date would move a 2023 event into 2026.
NEXT_STAGE = "next"  # a bulk move's "下一阶段": each membership one step along its pool's path


def year_bounds(year):
    import datetime as dt

    return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)


def default_stage_date(year, *, today=None):
    """The date a move of a `year` membership defaults to: today in its own year, else its last day
    (a past year) or its first day (a coming year)."""
    today = today or timezone.localdate()
    first, last = year_bounds(year)
    return min(max(today, first), last)


def stage_date_error(year, on, *, later_confirmed=False) -> tuple[str, str] | None:
    """(code, message) when `on` lies outside the membership's `year`: before it is refused; after
    it asks for confirmation (a 高企 of 2023 may be certified in early 2024), code "later"."""
    if on is None:
        return None
    first, last = year_bounds(year)
    if on < first:
        return "early", _("日期%(on)s早于%(year)s年，%(year)s年度的阶段须在该年内。") % {"on": on, "year": year}
    if on > last and not later_confirmed:
        return "later", _(
            "日期%(on)s晚于%(year)s年度（统计将计入%(y2)s年）；确属该日期请勾选“确认日期晚于年度”后再提交。"
        ) % {"on": on, "year": year, "y2": on.year}
    return None


def next_path_stage(membership) -> str | None:
    """The stage one step along the pool's path from the membership's stage (None at the end)."""
    path = list(membership.workflow.path)
    if membership.workflow.is_terminal(membership.stage) or membership.stage not in path:
        return None
    index = path.index(membership.stage)
    return path[index + 1] if index + 1 < len(path) else None


def bulk_move_targets(*, enterprises, pool, year, to_stage) -> dict:
    """{enterprise pk: the stage it would move to} for a bulk move (resolves 下一阶段)."""
    memberships = PoolMembership.objects.filter(enterprise__in=list(enterprises), pool=pool, year=year)
    if to_stage != NEXT_STAGE:
        return {m.enterprise_id: to_stage for m in memberships}
    return {m.enterprise_id: next_path_stage(m) for m in memberships}


@transaction.atomic
def pool_bulk_move(
    *,
    enterprises,
    pool,
    year,
    to_stage,
    user,
    on=None,
    certified_on=None,
    certificate_numbers=None,
    note="",
    later_confirmed=False,
):
    """The list page's bulk move: the selected enterprises' memberships of `pool` in `year`.

    `to_stage` is a stage of the pool, or NEXT_STAGE (each membership one step along the path).
    `certificate_numbers` maps enterprise pk → number. An enterprise not in that pool that
    year is named as a refusal like any other, and then nothing moves. The date defaults to
    `default_stage_date(year)` and must lie within the year (a later one only with
    `later_confirmed`). A certified stage is dated by `on` unless `certified_on` is given.
    """
    _check_may_decide(user)
    if to_stage != NEXT_STAGE:
        _check_stage_in_pool(pool, to_stage)
    on = on or default_stage_date(year)
    if problem := stage_date_error(year, on, later_confirmed=later_confirmed):
        raise ValidationError({"on": ValidationError(problem[1], code=problem[0])})
    enterprises = list(enterprises)
    by_enterprise = {
        m.enterprise_id: m
        for m in PoolMembership.objects.filter(enterprise__in=enterprises, pool=pool, year=year).select_related(
            "enterprise"
        )
    }
    refusals = [
        workflow.named(e, _("不在%(year)s年%(pool)s中，请先纳入。") % {"year": year, "pool": Pool(pool).label})
        for e in enterprises
        if e.pk not in by_enterprise
    ]
    memberships = [by_enterprise[e.pk] for e in enterprises if e.pk in by_enterprise]
    numbers = {by_enterprise[pk].pk: n for pk, n in (certificate_numbers or {}).items() if pk in by_enterprise}
    if to_stage != NEXT_STAGE:
        if pool_workflow(pool).needs_certificate(to_stage):
            certified_on = certified_on or on
        return pool_bulk_advance(
            memberships=memberships,
            to_stage=to_stage,
            user=user,
            on=on,
            certificate_numbers=numbers,
            certified_on=certified_on,
            note=note,
            refusals=refusals,
        )
    # 下一阶段: each its own next stage, all or none, the same checks as one move.
    refusals += [
        workflow.named(m.enterprise, _("已是“%(s)s”，没有下一阶段。") % {"s": m.get_stage_display()})
        for m in memberships
        if next_path_stage(m) is None
    ]
    if repeated := repeated_numbers(numbers):
        refusals.append(repeated)

    def move(membership):
        target = next_path_stage(membership)
        certified = membership.workflow.needs_certificate(target)
        return pool_advance(
            membership=membership,
            to_stage=target,
            user=user,
            on=on,
            certificate_no=numbers.get(membership.pk, ""),
            certified_on=(certified_on or on) if certified else None,
            note=note,
            later_confirmed=True,  # the batch's date was checked (and confirmed) once, above
        )

    movable = [m for m in memberships if next_path_stage(m) is not None]
    return workflow.all_or_none(movable, move, subject=lambda m: m.enterprise, refusals=refusals)


# ---- the numbers of a batch ------------------------------------------------------------------


def next_numbers(start: str, count: int) -> list[str]:
    """HM2023-001 → HM2023-001, HM2023-002, …: the trailing digits count up, keeping their width."""
    match = re.search(r"(\d+)$", start)
    if not match:
        raise ValidationError(_("起始编号须以数字结尾，如 2023320614000001。"))
    prefix, digits = start[: match.start()], match.group(1)
    return [f"{prefix}{int(digits) + i:0{len(digits)}d}" for i in range(count)]


def parse_pasted_numbers(text: str, enterprises) -> dict:
    """{enterprise pk: number} from lines "信用代码或企业名称<Tab>编号" pasted from the province's list.

    A line must name one of `enterprises`, each at most once; every bad line is reported.
    """
    from core.credit_code import normalize_credit_code

    by_code = {e.credit_code: e for e in enterprises}
    by_name = {e.name: e for e in enterprises}
    found, errors = {}, []
    for lineno, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("\t")] if "\t" in line else re.split(r"[\s,，;；]+", line)
        parts = [p for p in parts if p]
        if len(parts) < 2:
            errors.append(_("第%(n)s行“%(line)s”：应为“信用代码或企业名称 编号”。") % {"n": lineno, "line": line})
            continue
        key, number = " ".join(parts[:-1]), parts[-1]
        enterprise = by_code.get(normalize_credit_code(parts[0])) or by_name.get(key) or by_name.get(parts[0])
        if enterprise is None:
            errors.append(_("第%(n)s行：“%(key)s”不是勾选的企业。") % {"n": lineno, "key": key})
        elif enterprise.pk in found:
            errors.append(_("第%(n)s行：%(ent)s的编号填了两次。") % {"n": lineno, "ent": enterprise})
        else:
            found[enterprise.pk] = number
    if errors:
        raise ValidationError(errors)
    return found


def batch_numbers(*, enterprises, stage, pool, pasted=None, first_number="") -> dict:
    """Each enterprise's certificate number for a bulk move into `stage`: {enterprise pk: number}.

    Pasted numbers win; the rest count up from `first_number` in the order of `enterprises`.
    Refuses (as {field: message}) a bad first number, an enterprise left without a number
    and a number given twice. A stage without a certificate takes no numbers.
    """
    numbers = dict(pasted or {})
    if not pool_workflow(pool).needs_certificate(stage):
        return numbers
    rest = [e for e in enterprises if e.pk not in numbers]
    if rest and first_number:
        try:
            numbers.update(zip((e.pk for e in rest), next_numbers(first_number, len(rest)), strict=True))
        except ValidationError as exc:
            raise ValidationError({"first_number": exc.messages}) from exc
    errors = []
    lacking = [str(e) for e in enterprises if e.pk not in numbers]
    if lacking:
        errors.append(
            _("进入“%(s)s”每家都要有编号，以下企业还没有：%(names)s。可填写起始编号自动顺延。")
            % {"s": Stage(stage).label, "names": "、".join(lacking)}
        )
    if repeated := repeated_numbers(numbers):
        errors.append(repeated)
    if errors:
        raise ValidationError({"numbers": errors})
    return numbers


def repeated_numbers(numbers: dict) -> str | None:
    """A batch gives each record its own certificate number: the refusal when some number repeats."""
    counts = {}
    for number in numbers.values():
        counts[number] = counts.get(number, 0) + 1
    repeated = [number for number, n in counts.items() if n > 1 and number]
    return _("编号重复：%(n)s。") % {"n": "、".join(repeated)} if repeated else None


@transaction.atomic
def pool_bulk_enter(*, enterprises, pool, year, user, stage=None, on=None, note=""):
    """Put many enterprises into a pool for a year (e.g. a town's 摸排 list): all or none.

    Stages that need a certificate are not offered here: each needs its own number, and a
    batch at 已入库 is entered and then moved with `pool_bulk_move`.
    """
    stage = stage or pool_workflow(pool).first
    if stage in CERTIFIED_STAGES:
        message = _("批量纳入不能直接进入“%(s)s”：请先纳入，再用批量变更阶段逐家填写编号。")
        raise ValidationError({"stage": message % {"s": Stage(stage).label}})

    def enter(enterprise):
        return pool_enter(enterprise=enterprise, pool=pool, year=year, stage=stage, user=user, on=on, note=note)

    return workflow.all_or_none(enterprises, enter)


@transaction.atomic
def pangao_update(
    *, membership, user, level=None, recommended_provincial=None, recommended_on=None, national_list=None
):
    """攀高: set the level, the provincial recommendation (dated) and the national-list flag."""
    _check_may_decide(user)
    if membership.pool != Pool.PANGAO:
        raise ValidationError(_("只有攀高计划的企业有层级和推荐。"))
    if level is not None:
        membership.level = level
    if recommended_provincial is not None:
        membership.recommended_provincial = recommended_provincial
        membership.recommended_on = (recommended_on or timezone.localdate()) if recommended_provincial else None
    if national_list is not None:
        membership.national_list = national_list
    return model_save(instance=membership, user=user)


def membership_errors(instance) -> dict:
    """{field: message} for what a membership correction may not leave behind (the admin's form asks too)."""
    errors = {}
    for key, points in (instance.expert_scores or {}).items():
        if error := rules.expert_score_error(key, points):
            errors["expert_scores"] = error
    errors.update(instance.workflow.certificate_errors(instance.stage, instance.certificate_no, instance.certified_on))
    return errors


@transaction.atomic
def membership_update(*, instance, user):
    """Correct a membership's certificate, note or expert scores (not its stage: that is a move)."""
    _check_may_decide(user)
    if errors := membership_errors(instance):
        raise ValidationError(errors)
    return model_save(instance=instance, user=user)


# ---- visits ------------------------------------------------------------------------------

VISIT_MAX_PHOTOS = 9
# Decoding costs about 3 bytes a pixel: a 50-megapixel photo is ~150 MB in memory. Phone
# cameras deliver 12–50 MP; anything bigger is not a visit photo (or is a decompression bomb).
PHOTO_MAX_PIXELS = 50_000_000
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}
THUMBNAIL_SIZE = (480, 480)


def validate_photo(upload) -> str:
    """A visit photo must really be a JPEG or PNG (by its bytes, not its name) and ≤ 5 MB.

    Returns the extension its content calls for ("jpg" or "png"). The image is decoded once:
    `verify()` finds broken PNG chunks, but only decoding finds a truncated JPEG.
    """
    import filetype
    from PIL import Image

    name = getattr(upload, "name", None) or _("照片")
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("照片“%(name)s”大小%(mb).1fMB，超过5MB。") % {"name": name, "mb": upload.size / 1048576}
        )
    upload.seek(0)
    head = upload.read(261)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in PHOTO_EXTENSIONS:
        raise ValidationError(_("“%(name)s”不是JPEG或PNG图片，请上传照片。") % {"name": name})
    too_big = _("照片“%(name)s”像素过大（超过5000万像素），请压缩后再上传。") % {"name": name}
    try:
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError(too_big)
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError(too_big) from exc
    except Exception as exc:  # Pillow reports broken files as OSError, SyntaxError, ValueError, struct.error...
        raise ValidationError(_("“%(name)s”图片已损坏或不完整，无法打开。") % {"name": name}) from exc
    finally:
        upload.seek(0)
    return PHOTO_EXTENSIONS[kind.mime]


def _visit_errors(instance: Visit, user) -> dict:
    """The visit rules a form cannot know by itself, as {field: message}."""
    errors = {}
    if instance.visited_on and instance.visited_on > timezone.localdate():
        errors["visited_on"] = _("走访日期不能晚于今天。")
    if instance.enterprise_id and not Enterprise.objects.for_user(user).filter(pk=instance.enterprise_id).exists():
        errors["enterprise"] = _("该企业不在您负责的区镇，不能记录走访。")
    needs = instance.needs if isinstance(instance.needs, list) else None
    if needs is None or any(need not in Visit.Need.values for need in needs):
        choices = "、".join(str(label) for label in Visit.Need.labels)
        errors["needs"] = _("企业需求只能从%(choices)s中选择。") % {"choices": choices}
    else:
        instance.needs = [need for need in Visit.Need.values if need in needs]  # the order of the choices, once each
    if instance.follow_up == Visit.FollowUp.RESOLVED and not (instance.resolution or "").strip():
        errors["resolution"] = _("跟进状态为“已解决”时，请填写办理结果。")
    if instance.follow_up in OPEN_FOLLOW_UPS and not (instance.problem or "").strip():
        # Something to follow up: the queue card and its 已等待N天 mean nothing without the problem.
        errors["problem"] = _("跟进状态为“%(status)s”时，请填写企业反映的问题。") % {
            "status": instance.get_follow_up_display()
        }
    return errors


def same_day_visits(instance: Visit):
    """Other visits of the same enterprise on the same day (a second record is usually a double tap)."""
    if not (instance.enterprise_id and instance.visited_on):
        return Visit.objects.none()
    return Visit.objects.filter(enterprise_id=instance.enterprise_id, visited_on=instance.visited_on).exclude(
        pk=instance.pk
    )


DUPLICATE_VISIT_FIELD = "confirm_duplicate"


@transaction.atomic
def visit_record(*, instance: Visit, user, photos=(), remove_photos=(), confirm_duplicate=False):
    """Save a visit (new or edited) with its new photos; keep the enterprises' last-visited dates.

    Every rule and every photo is checked before anything is written, so a bad photo leaves
    no half-saved visit. The visit's officer is the user who first records it. Removing photos
    (`remove_photos`: ids of this visit's photos) is a deletion, which town officers may not do.
    A second visit of the same enterprise on the same day is refused unless `confirm_duplicate`
    (the form asks 仍然保存?): it is most often the same visit saved twice.
    """
    photos = list(photos)
    remove_photos = {int(pk) for pk in remove_photos}
    if remove_photos and not scope.can_delete(user, Visit):
        raise PermissionDenied
    if instance.officer_id is None:
        instance.officer = user
    previous = (
        Visit.objects.filter(pk=instance.pk).values_list("enterprise_id", "visited_on").first() if instance.pk else None
    )
    previous_enterprise_id = previous[0] if previous else None
    errors = _visit_errors(instance, user)
    moved = previous != (
        instance.enterprise_id,
        instance.visited_on,
    )  # a new visit, or one given another day/enterprise
    if moved and not confirm_duplicate and not errors and same_day_visits(instance).exists():
        errors[DUPLICATE_VISIT_FIELD] = _(
            "%(date)s已有一条%(name)s的走访记录。如确是另一次走访，请勾选“仍然保存”后再保存。"
        ) % {"date": format_day(instance.visited_on), "name": instance.enterprise.name}

    existing = list(VisitPhoto.objects.filter(visit_id=instance.pk).values_list("pk", flat=True)) if instance.pk else []
    removing = [pk for pk in existing if pk in remove_photos]
    kept = len(existing) - len(removing)
    photo_errors, extensions = [], []
    if kept + len(photos) > VISIT_MAX_PHOTOS:
        photo_errors.append(
            _("每条走访最多%(max)d张照片（已有%(kept)d张）。") % {"max": VISIT_MAX_PHOTOS, "kept": kept}
        )
    for photo in photos:
        try:
            extensions.append(validate_photo(photo))
        except ValidationError as exc:
            photo_errors.extend(exc.messages)
    if photo_errors:
        errors["photos"] = photo_errors
    if errors:
        raise ValidationError(errors)

    model_save(instance=instance, user=user)
    for photo, extension in zip(photos, extensions, strict=True):
        photo.name = f"photo.{extension}"  # stored under the type its content has, not the name it came with
        VisitPhoto.objects.create(visit=instance, image=photo)
    if removing:
        removed = VisitPhoto.objects.filter(pk__in=removing)
        names = [photo.image.name for photo in removed]
        removed.delete()
        transaction.on_commit(lambda: _delete_photo_files(names))
    if photos or removing:
        # Photos are rows of their own; one entry on the visit keeps them in its 变更记录.
        counts = [f"{len(existing)}张", f"{kept + len(photos)}张"]
        changelog.log_bulk(
            model=Visit,
            entries=[(instance, LogEntry.Action.UPDATE, {_("照片"): counts})],
            actor=user,
            batch=changelog.new_batch_id("visit-photos"),
        )
    refresh_last_visited(enterprise_ids=[instance.enterprise_id, previous_enterprise_id])
    return instance


@transaction.atomic
def visit_follow_up(*, instance: Visit, user, note="", on=None, **_ignored):
    """更新跟进: a dated progress note and the visit's new status (and final outcome) in one write.

    `instance` carries the new `follow_up` and `resolution` (the form has copied them onto it);
    the note keeps what was done and when, so earlier progress is never overwritten. `on`
    defaults to today and may not be in the future nor before the visit.
    """
    on = on or timezone.localdate()
    note = (note or "").strip()
    errors = {}
    if on > timezone.localdate():
        errors["on"] = _("跟进日期不能晚于今天。")
    elif instance.visited_on and on < instance.visited_on:
        errors["on"] = _("跟进日期不能早于走访日期%(date)s。") % {"date": format_day(instance.visited_on)}
    previous = Visit.objects.filter(pk=instance.pk).values_list("follow_up", flat=True).first()
    if not note and instance.follow_up == previous and instance.follow_up != Visit.FollowUp.RESOLVED:
        errors["note"] = _("请填写本次跟进情况，或改变跟进状态。")
    if errors:
        raise ValidationError(errors)
    visit_record(instance=instance, user=user, confirm_duplicate=True)  # the visit's own rules (问题, 办理结果)
    entry = FollowUpNote(visit=instance, on=on, note=note, status=instance.follow_up, written_by=user)
    entry.full_clean()
    entry.save()
    return instance


@transaction.atomic
def visit_delete(*, instance: Visit, user):
    """Delete a visit with its photo files (bureau staff only: the view checks core.scope)."""
    names = [photo.image.name for photo in instance.photos.all()]
    enterprise_id = instance.enterprise_id
    model_delete(instance=instance, user=user)
    refresh_last_visited(enterprise_ids=[enterprise_id])
    transaction.on_commit(lambda: _delete_photo_files(names))


def refresh_last_visited(*, enterprise_ids):
    """Recompute Enterprise.last_visited_on from the visits (after a save, a move, a delete or a bulk load).

    The enterprise rows are locked first, so two visits saved at once for one enterprise are
    counted in turn and the later transaction sees the earlier one's visit.
    """
    ids = sorted({pk for pk in enterprise_ids if pk})
    if not ids:
        return
    list(Enterprise.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    latest = Visit.objects.filter(enterprise=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    Enterprise.objects.filter(pk__in=ids).update(last_visited_on=Subquery(latest))


def thumbnail_name(image_name: str) -> str:
    stem = image_name.rsplit(".", 1)[0]
    return f"{stem}.thumb.jpg"


def visit_photo_thumbnail(photo: VisitPhoto) -> str:
    """The storage name of a photo's small JPEG, made on first request and kept next to the photo.

    A phone on a mobile network loads a visit's thumbnails, not its full 5 MB photos.
    """
    from PIL import Image, ImageOps

    storage = photo.image.storage
    name = thumbnail_name(photo.image.name)
    if storage.exists(name):
        return name
    with photo.image.open("rb") as source, Image.open(source) as image:
        small = ImageOps.exif_transpose(image)  # phones store "rotate me" in EXIF; the thumbnail has no EXIF
        small.thumbnail(THUMBNAIL_SIZE)
        if small.mode not in ("RGB", "L"):
            background = Image.new("RGB", small.size, "white")
            background.paste(small, mask=small.convert("RGBA").getchannel("A"))
            small = background
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=80, optimize=True)
    return storage.save(name, ContentFile(buffer.getvalue()))


def _delete_photo_files(names):
    storage = VisitPhoto._meta.get_field("image").storage
    for name in names:
        for stored in (name, thumbnail_name(name)):
            if storage.exists(stored):
                storage.delete(stored)
