"""An importer for an ordinary model: columns derived from its fields, an upsert on a natural key.

    class RDProjectImport(ModelImportSpec):
        kind, title, model = "rd_projects", "研发项目备案", RDProject
        fields = ["enterprise", "year", "title", "budget", "filed_on", "reviewed"]
        natural_key = ("enterprise", "year", "title")
        references = {"enterprise": Reference("credit_code", parse=parse_credit_code)}

A column takes its label, required flag, length limit, choices and parser from the model
field (``field_column``); ``aliases`` adds header names and ``overrides`` changes anything.
A foreign key is a ``Reference``: the cell names the referenced record by one of its fields
(an enterprise by its credit code), looked up within what the importing user may see.
The default ``fetch`` loads a chunk's references and existing records in two queries; the
default ``build`` creates a record (``defaults`` filling what the file may leave empty) or
updates the fields whose cells differ — empty cells never clear a stored value.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import models

from .. import scope
from ..changelog import changes_for_update
from ..perf.bulk import filter_in
from ..spreadsheets import to_date
from . import parsers
from .spec import ImportColumn, ImportContext, ImportSpec, RowRejected, Write


@dataclass(frozen=True)
class Reference:
    """A foreign key filled from a column holding the referenced record's ``by`` field."""

    by: str  # e.g. "credit_code"
    parse: object = None  # the cell parser (default: the referenced field's own)
    scoped: bool = True  # only records the importing user may see (Model.objects.for_user)


@dataclass
class Found:
    """What the default fetch knows of one row key: the record (None: new) and its references."""

    instance: object = None
    refs: dict | None = None


def field_column(field: models.Field, **overrides) -> ImportColumn:
    """The import column of a model field: label, required, limits, choices and parser from it."""
    label = str(field.verbose_name)
    required = not field.blank and not field.has_default() and not isinstance(field, models.BooleanField)
    kind, parse, help_text = "text", parsers.plain_text(field.max_length or 10_000), ""
    if field.choices:
        labels = [str(label) for _, label in field.choices]
        parse = parsers.choice_parser(parsers.choices_lookup(field.choices), "应为：" + "、".join(labels))
        help_text = "可选：" + "、".join(labels)
    elif isinstance(field, models.BooleanField):
        parse, help_text = parsers.parse_bool, "是 或 否（也可写 √、已审查 / ×、未审查）"
    elif isinstance(field, models.DecimalField):
        kind, parse = "decimal", parsers.parse_money
        help_text = "万元；写“50万元”“500000元”也可以，会换算成万元" if "万元" in label else ""
    elif isinstance(field, models.IntegerField):
        kind, parse = "integer", parsers.parse_count
    elif isinstance(field, models.DateField):
        kind, parse, help_text = "date", to_date, "如 2023-05-01、2023/5/1、2023年5月1日"
    values = {"key": field.name, "label": label, "required": required, "parse": parse, "kind": kind}
    values["help"] = help_text
    values["width"] = 12 if kind != "text" else 24 if (field.max_length or 0) > 60 else 16
    values.update(overrides)
    return ImportColumn(**values)


class ModelImportSpec(ImportSpec):
    """An upsert of ``model`` on ``natural_key``; subclass and set the attributes below."""

    fields: list[str] = []  # the model fields, in column order
    natural_key: tuple[str, ...] = ()  # the fields that identify a record (a filing: enterprise, year, title)
    references: dict[str, Reference] = {}  # foreign keys named by a field of the referenced record
    aliases: dict[str, tuple[str, ...]] = {}  # other header names, by field
    overrides: dict[str, dict] = {}  # anything else of a column (label, help, parse, required …), by field

    def __init__(self):
        self.key = self.key or self.natural_key[-1]
        self.columns = [self._column(name) for name in self.fields]
        self.write_order = [self.model]
        labels = {c.key: c.label for c in self.columns}
        self.key_label = "、".join(labels[k] for k in self.natural_key)
        fields = [self.model._meta.get_field(name) for name in self.natural_key]
        self._texts = [i for i, field in enumerate(fields) if isinstance(field, models.CharField)]

    def _column(self, name) -> ImportColumn:
        field = self.model._meta.get_field(name)
        extra = {"aliases": self.aliases.get(name, ())}
        reference = self.references.get(name)
        if reference is not None:
            target = field.related_model._meta.get_field(reference.by)
            extra |= {"label": str(target.verbose_name), "required": True}
            extra["parse"] = reference.parse or field_column(target).parse
        return field_column(field, **{**extra, **self.overrides.get(name, {})})

    def row_key_getter(self):
        """The natural key of a row, its text parts compared as parsers.key() spells them (a title
        typed with “:” in Excel is the filing typed with “：” on its page)."""
        names, texts = self.natural_key, self._texts

        def row_key(values):
            parts = [values.get(name) for name in names]
            for i in texts:
                parts[i] = parsers.key(parts[i]) if parts[i] is not None else None
            return tuple(parts) if len(parts) > 1 else parts[0]

        return row_key

    def _stored_key(self, instance, back):
        parts = []
        for i, name in enumerate(self.natural_key):
            value = back[name].get(getattr(instance, f"{name}_id")) if name in back else getattr(instance, name)
            parts.append(parsers.key(value) if i in self._texts else value)
        return tuple(parts) if len(parts) > 1 else parts[0]

    # -- hooks a subclass may fill ---------------------------------------------------------

    def defaults(self, values: dict, ctx: ImportContext) -> dict:
        """Values of a new record for fields the row leaves empty (e.g. a date: the import day)."""
        return {}

    def check_existing(self, values: dict, instance, ctx: ImportContext) -> list[tuple[str, str]]:
        """Rules comparing the row with the stored record (None when new): [(column key, message)]."""
        return []

    def permission_refusal(self, instance, ctx: ImportContext) -> str | None:
        """An import does what its user may do on the pages (core.scope): why not, or None."""
        user, verbose = ctx.user, self.model._meta.verbose_name
        if user is None:  # the command line without --user
            return None
        if instance is None and not scope.can_create(user, self.model):
            return f"您不能新增{verbose}（由区科技局录入），只能更正已有的{verbose}"
        if instance is not None and not scope.can_change(user, self.model):
            return f"您不能修改{verbose}"
        return None

    def reference_missing(self, name: str, value, ctx: ImportContext) -> str:
        model = self.model._meta.get_field(name).related_model
        by = str(model._meta.get_field(self.references[name].by).verbose_name)
        where = "（或不属于您的区镇）" if ctx.officer_town_id and self.references[name].scoped else ""
        return f"平台中没有{by}为“{value}”的{model._meta.verbose_name}{where}"

    # -- the database ----------------------------------------------------------------------

    def _references(self, name: str, values: set, ctx: ImportContext) -> dict:
        reference = self.references[name]
        model = self.model._meta.get_field(name).related_model
        queryset = model.objects.for_user(ctx.user) if reference.scoped and ctx.user is not None else model.objects
        return {getattr(o, reference.by): o for o in filter_in(queryset.all(), reference.by, list(values))}

    def fetch(self, keys: list, ctx: ImportContext) -> dict:
        positions = {name: i for i, name in enumerate(self.natural_key)}
        rows = [k if isinstance(k, tuple) else (k,) for k in keys]
        resolved = {
            name: self._references(name, {row[positions[name]] for row in rows}, ctx)
            for name in self.references
            if name in positions
        }
        found = {}
        for key, row in zip(keys, rows, strict=True):
            refs = {name: resolved[name].get(row[positions[name]]) for name in resolved}
            found[key] = Found(refs=refs)
        # The existing records: filtered on the first key field, matched in memory on the rest.
        first = self.natural_key[0]
        wanted = [o.pk for o in resolved[first].values()] if first in resolved else list({row[0] for row in rows})
        back = {
            name: {o.pk: getattr(o, self.references[name].by) for o in objs.values()} for name, objs in resolved.items()
        }
        by_key = {}
        for instance in filter_in(self.model.objects.all(), first, wanted) if wanted else ():
            by_key[self._stored_key(instance, back)] = instance
        for key, state in found.items():
            state.instance = by_key.get(key)
        return found

    def build(self, values: dict, existing: Found | None, ctx: ImportContext) -> list[Write]:
        existing = existing or Found(refs={})
        fields, problems = {}, []
        for name in self.fields:
            value = values.get(name)
            if name in self.references and value is not None:
                target = existing.refs.get(name)
                if target is None:
                    problems.append((name, self.reference_missing(name, value, ctx)))
                value = target
            if value is not None:
                fields[name] = value
        instance = existing.instance
        problems += self.check_existing(values, instance, ctx)
        refusal = self.permission_refusal(instance, ctx)
        if refusal:
            problems.insert(0, (self.key, refusal))
        if problems:
            raise RowRejected(problems)
        if instance is None:
            fields = {**self.defaults(values, ctx), **fields}
            return [Write(self.model, fields, label=self.record_label(fields))]
        # The key identified the record: its spelling on the record stays as it is.
        diff = changes_for_update(instance, {k: v for k, v in fields.items() if k not in self.natural_key})
        if not diff:
            return []
        return [Write(self.model, {k: fields[k] for k in diff}, instance=instance, changes=diff)]

    def record_label(self, fields: dict) -> str:
        """The change log's name of a new record (default: str() of an unsaved one)."""
        return str(self.model(**fields))

    # -- template and export ---------------------------------------------------------------

    def choices(self, ctx: ImportContext) -> dict:
        found = {}
        for column in self.columns:
            field = self.model._meta.get_field(column.key)
            if field.choices and column.key not in self.references:
                found[column.key] = [str(label) for _, label in field.choices]
            elif isinstance(field, models.BooleanField):
                found[column.key] = ["是", "否"]
        return found

    def export_rows(self, queryset):
        """Every record in column order (references by their ``by`` field), streamed."""
        names, shows = [], []
        for name in self.fields:
            field = self.model._meta.get_field(name)
            if name in self.references:
                names.append(f"{name}__{self.references[name].by}")
                shows.append(None)
            else:
                names.append(name)
                if field.choices:
                    shows.append(functools.partial(dict(field.choices).get))
                elif isinstance(field, models.BooleanField):
                    shows.append(lambda v: "是" if v else "否")
                else:
                    shows.append(None)
        ordered = queryset.order_by("pk").values_list(*names)
        for row in ordered.iterator(chunk_size=5000):
            yield [show(v) if show and v is not None else v for show, v in zip(shows, row, strict=True)]
