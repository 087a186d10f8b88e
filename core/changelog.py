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

# Fields that change on every save and would only be noise in a diff.
NOISE_FIELDS = ["created_at", "updated_at", "last_login", "password", "last_visited_on"]


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
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj)[:255],
                action=action,
                changes=changes,
                actor=actor,
                cid=batch,
            )
            for obj, action, changes in entries
        ],
        batch_size=2000,
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


def history_for(obj):
    """The change log of one object, newest first, with actors fetched in the same query."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
