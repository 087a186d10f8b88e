"""The change log: one mechanism (django-auditlog's LogEntry) for every model.

Every BusinessModel and every dictionary is registered here, so a create, update or delete
through the ORM leaves an entry with who (the request's user, set by AuditlogMiddleware or
by `acting_as` in commands and tasks), when and the field diff. Bulk writes (imports) call
`log_bulk` themselves, with one correlation id per batch so an import reads as one batch.
"""

import contextlib
import uuid

from auditlog.cid import correlation_id
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.dispatch import Signal
from django.utils import timezone

# Fields that change on every save and would only be noise in a diff.
NOISE_FIELDS = ["created_at", "updated_at", "last_login", "password", "last_visited_on"]


# Sent (sender=the model) when log_rows records bulk writes that sent no post_save of their own,
# so caches of figures over those records (the dashboard) know they changed.
records_changed = Signal()


def register_all():
    from .models import BusinessModel

    for model in apps.get_models():
        tracked = issubclass(model, BusinessModel) or model._meta.label in {
            "core.Town",
            "core.IndustryChain",
            "core.InvestDirection",
            "core.Target",
            "accounts.User",
        }
        if tracked and not auditlog.contains(model):
            auditlog.register(model, exclude_fields=NOISE_FIELDS + _reverse_relations(model))


def _reverse_relations(model):
    # auditlog would log a new row's reverse relations as "photos: enterprises.VisitPhoto.None".
    return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]


@contextlib.contextmanager
def acting_as(user, batch: str | None = None):
    """Attribute the writes inside to `user` (commands, tasks) and optionally group them as one batch."""
    token = correlation_id.set(batch) if batch else None
    try:
        if user is None:
            yield
        else:
            with set_actor(user):
                yield
    finally:
        if token is not None:
            correlation_id.reset(token)


def new_batch_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def log_bulk(*, model, entries, actor, batch: str):
    """Write change-log entries for bulk-created/updated rows: entries = [(obj, action, changes)]."""
    log_rows(
        model=model,
        rows=[(obj.pk, str(obj), action, changes) for obj, action, changes in entries],
        actor=actor,
        batch=batch,
    )


def creation_entries(objs) -> list:
    """log_bulk entries for freshly bulk-created rows, with the same field diff a save() would log.

    auditlog's model_instance_diff(None, obj) works out the model's tracked fields again for
    every object; for thousands of rows of one model that is most of the cost, so the field
    list is resolved once here and only the values are read per row.
    """
    from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function
    from django.utils.encoding import smart_str

    if not objs:
        return []
    model = type(objs[0])
    options = auditlog.get_model_fields(model)
    fields = [
        f
        for f in get_fields_in_model(objs[0])
        if (not options["include_fields"] or f.name in options["include_fields"])
        and f.name not in options["exclude_fields"]
    ]
    mask = get_mask_function(options.get("mask_callable"))
    masked = set(options["mask_fields"])
    entries = []
    for obj in objs:
        changes = {}
        for f in fields:
            value = smart_str(get_field_value(obj, f))
            if value != "None":  # a creation diffs every field against None; unset fields do not show
                changes[f.name] = [mask("None"), mask(value)] if f.name in masked else ["None", value]
        entries.append((obj, LogEntry.Action.CREATE, changes))
    return entries


def log_rows(*, model, rows, actor, batch: str):
    """The same from plain values: rows = [(pk, text shown for the object, action, changes)].

    Imports use this form: they know each record's pk and a label without building model
    objects, and write tens of thousands of entries with COPY (core.perf.bulk).
    """
    from .perf import bulk

    entries, common = log_entry_rows(model=model, rows=rows, actor=actor, batch=batch)
    bulk.insert(LogEntry, entries, common)
    records_changed.send(sender=model)


def log_entry_rows(*, model, rows, actor, batch: str) -> tuple[list[dict], dict]:
    """LogEntry rows for core.perf.bulk: (per-entry fields, fields shared by the whole batch)."""
    content_type_id = ContentType.objects.get_for_model(model).pk
    entries = [
        {
            "content_type_id": content_type_id,
            "object_pk": str(pk),
            "object_id": pk,
            "object_repr": text[:255],
            "action": action,
            "changes": changes,
        }
        for pk, text, action, changes in rows
    ]
    common = {"changes_text": "", "actor_id": getattr(actor, "pk", None), "cid": batch, "timestamp": timezone.now()}
    return entries, common


def change_value(value) -> str:
    """A value as django-auditlog writes it in `changes` (str, FK as its pk, None as "None")."""
    if value is None:
        return "None"
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)  # a TextChoices member gives its value, a date its ISO form


def changes_for_create(fields: dict) -> dict:
    """The `changes` of a created row: every field given a value, from "None" (as auditlog does)."""
    return {name: ["None", change_value(v)] for name, v in fields.items() if v is not None and v != ""}


def changes_for_update(instance, fields: dict) -> dict:
    """{field: [old, new]} for the fields of `fields` whose value differs from `instance`'s.

    Foreign keys are compared by pk, so an unchanged town is not a change; decimals compare
    by value (12.50 == 12.5).
    """
    diff = {}
    for name, new in fields.items():
        field = instance._meta.get_field(name)
        if field.is_relation:
            old_pk = getattr(instance, field.attname)
            new_pk = new.pk if hasattr(new, "pk") else new
            if old_pk != new_pk:
                diff[name] = [change_value(old_pk), change_value(new_pk)]
        else:
            old = getattr(instance, name)
            if old != new:
                diff[name] = [change_value(old), change_value(new)]
    return diff


def batch_entries(batch: str):
    """The change log of one batch (an import), oldest first, with actor and content type fetched."""
    return LogEntry.objects.filter(cid=batch).select_related("actor", "content_type").order_by("pk")


def history_for(obj):
    """The change log of one object, newest first, with actors and content types fetched in the
    same query (changes_display_dict reads each entry's content type: one query per entry otherwise)."""
    return LogEntry.objects.get_for_object(obj).select_related("actor", "content_type").order_by("-timestamp", "-pk")


def latest_entry_id(obj) -> int:
    """The id of the newest change-log entry of `obj` (0 = none): the edit token's second part."""
    return LogEntry.objects.get_for_object(obj).order_by("-pk").values_list("pk", flat=True).first() or 0


def entries_since(obj, *, after_id=None, after_time=None) -> list:
    """The entries of `obj` newer than the version an editor saw, oldest first.

    By entry id when the token carried one (exact); otherwise by time, leaving out an entry
    written within a second of that version (the save that produced it logs just after).
    """
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("pk")
    if after_id is not None:
        return list(entries.filter(pk__gt=after_id))
    if after_time is None:
        return list(entries.order_by("-pk")[:1])
    found = list(entries.filter(timestamp__gt=after_time))
    if found and (found[0].timestamp - after_time).total_seconds() < 1:
        found = found[1:]
    return found


def describe_changes(model, entries, limit=8) -> list[tuple[str, str, str]]:
    """[(field label, value before the first entry, value after the last)] for people to read."""
    first_old, last_new = {}, {}
    for entry in entries:
        for name, pair in (entry.changes_dict or {}).items():
            if isinstance(pair, list | tuple) and len(pair) == 2:
                first_old.setdefault(name, pair[0])
                last_new[name] = pair[1]
    rows = []
    for name, new in last_new.items():
        old = first_old[name]
        if old == new:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a field removed since: show its name
            rows.append((name, _readable(None, old), _readable(None, new)))
            continue
        rows.append((str(field.verbose_name), _readable(field, old), _readable(field, new)))
    return rows[:limit]


BOOLEAN_TEXT = {"True": "是", "False": "否", "true": "是", "false": "否", "1": "是", "0": "否"}
EMPTY_TEXT = "（空）"


def _readable(field, value, *, related=None, limit=40) -> str:
    """A logged value ("None", a pk, a choice code, "True") as people read it: the one place for
    the 变更记录 tab and the stale-edit message. Booleans read 是/否, choices their label, a
    foreign key the record's name (`related`: {pk text: name} fetched for many entries at once),
    a date stays ISO (core.formatting). Shortened to `limit` characters (None = whole)."""
    if value in (None, "None", ""):
        return EMPTY_TEXT
    text = str(value)
    if field is not None and getattr(field, "choices", None):
        text = str(dict(field.flatchoices).get(text, text))
    elif field is not None and field.get_internal_type() in ("BooleanField", "NullBooleanField"):
        text = BOOLEAN_TEXT.get(text, text)
    elif field is not None and field.is_relation and text.isdigit():
        if related is None:
            found = field.related_model._base_manager.filter(pk=int(text)).first()
            related = {text: str(found)} if found is not None else {}
        text = related.get(text, text)
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # a field removed since, or a label the service wrote (照片): shown as logged
        return None


def readable_history(entries) -> list:
    """The 变更记录 tab's entries, each with `.readable_changes` = [(field label, before, after)].

    Every value goes through `_readable`; the records the entries name (towns, people,
    enterprises) are fetched once per related model, however many entries there are.
    """
    entries = list(entries)
    wanted = {}  # related model -> set of pk texts
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        for name, pair in (entry.changes_dict or {}).items():
            field = _model_field(model, name) if model is not None else None
            if field is not None and field.is_relation and isinstance(pair, list | tuple):
                wanted.setdefault(field.related_model, set()).update(
                    str(v) for v in pair if v not in (None, "None", "") and str(v).isdigit()
                )
    names = {}
    for related_model, pks in wanted.items():
        found = related_model._base_manager.filter(pk__in=[int(pk) for pk in pks])
        names[related_model] = {str(obj.pk): str(obj) for obj in found}
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        rows = []
        for name, pair in (entry.changes_dict or {}).items():
            field = _model_field(model, name) if model is not None else None
            label = str(field.verbose_name) if field is not None else name
            related = names.get(field.related_model, {}) if field is not None and field.is_relation else None
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                rows.append((label, "", _readable(field, pair, related=related, limit=None)))
                continue
            before, after = (_readable(field, v, related=related, limit=None) for v in pair)
            if entry.action == 0 and (after == EMPTY_TEXT or name == "id"):
                continue  # a new record: what it was given, not every empty field (nor its id)
            rows.append((label, before, after))
        entry.readable_changes = rows
    return entries
