"""Fast bulk INSERT and UPDATE for imports: PostgreSQL COPY, the ORM elsewhere.

``bulk_create`` spends about 10 µs per value compiling SQL (``get_db_prep_save`` for every
field of every row); an import of 50,000 enterprises writes some 350,000 rows (enterprises,
yearly figures, memberships, stage changes, change-log entries), which made the ORM path take
minutes. Here each field gets one converter, chosen once per model, and the rows go to
PostgreSQL with ``COPY ... FROM STDIN``:

- ``insert(model, rows)`` takes primary keys from the table's sequence first (so the caller
  learns them without RETURNING) and fills every column Django would: Python defaults,
  ``auto_now``/``auto_now_add``. The rows are dicts keyed by field name; a foreign key may be
  given as an object or as its id.
- ``update(model, rows, fields)`` copies (pk, new values) into a temporary table and runs one
  ``UPDATE ... FROM`` per call.

No signals run, as with ``bulk_create``: callers write the change log themselves
(core.changelog.log_rows). On SQLite the same functions fall back to the ORM.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import F, Lookup
from django.utils import timezone

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_READ_SIZE = 4 * 1024 * 1024
COPY_BATCH = 20_000  # rows per COPY of an update: bounds the size of the text buffer


def insert(model, rows: list[dict], common: dict | None = None) -> list[int]:
    """Insert `rows` (field name → value); returns the new primary keys, in order.

    `common` holds values shared by every row (a batch id, a timestamp): converted once.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        opts = model._meta
        objs = [model(**_orm_kwargs(opts, {**(common or {}), **row})) for row in rows]
        model.objects.bulk_create(objs, batch_size=1000)
        return [obj.pk for obj in objs]
    ids = next_ids(model, len(rows))
    copy_text(model, ids, rows, common).run(connection.connection)
    return ids


@dataclass
class CopyJob:
    """One COPY, prepared: the table, its columns and the rows as COPY text."""

    table: str
    columns: list[str]
    text: str

    def run(self, raw_connection) -> None:
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with raw_connection.cursor() as cursor:
            # Large reads: psycopg2 takes the GIL for every read of the buffer, and with the main
            # thread busy each wait can last the interpreter's 5 ms switch interval.
            sql = f'COPY "{self.table}" ({columns}) FROM STDIN'
            cursor.copy_expert(sql, io.StringIO(self.text), size=COPY_READ_SIZE)


def copy_text(model, ids: list[int] | None, rows: list[dict], common: dict | None = None) -> CopyJob:
    """The COPY of `rows` with primary keys `ids` (from next_ids): pure Python, no database.

    `ids` None lets the database number the rows, for rows nobody needs to point at (a
    change-log entry, a stage-history row): taking a key from the sequence costs about as much
    as loading the row.
    """
    opts = model._meta
    common = common or {}
    now = timezone.now()
    named = dict.fromkeys(key for row in rows for key in row)  # every field any row names, in order
    given = [_field(opts, key) for key in named]
    shared = {_field(opts, key): value for key, value in common.items()}
    others = [f for f in opts.concrete_fields if f is not opts.pk and f not in given]
    # A column no row names gets its shared or default text once; a named column a row leaves
    # out, per cell.
    tail = "".join("\t" + (_as_text(f, shared[f]) if f in shared else _default_text(f, now)) for f in others)
    convert = [(key, _converter(f), _default_text(f, now)) for key, f in zip(named, given, strict=True)]
    missing = object()
    lines = []
    for pk, row in zip(ids or [None] * len(rows), rows, strict=True):
        cells = [] if pk is None else [str(pk)]
        for key, conv, default in convert:
            value = row.get(key, missing)
            cells.append(default if value is missing else "\\N" if value is None else conv(value))
        lines.append("\t".join(cells) + tail)
    lines.append("")
    columns = ([] if ids is None else [opts.pk.column]) + [f.column for f in given] + [f.column for f in others]
    return CopyJob(opts.db_table, columns, "\n".join(lines))


class CopyPipe:
    """Runs COPYs in a background thread, one at a time, while Python prepares the next.

    psycopg2 releases the GIL while PostgreSQL ingests, so preparing the text of one table
    and loading another overlap. The connection is the caller's (same transaction). Call
    `wait()` before any other use of the database: it also re-raises a failed COPY.
    """

    def __init__(self):
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, job: CopyJob) -> None:
        self.wait()
        if connection.vendor != "postgresql":
            raise RuntimeError("CopyPipe needs PostgreSQL")
        connection.ensure_connection()
        raw = connection.connection

        def run():
            try:
                job.run(raw)
            except BaseException as exc:  # handed to the main thread by wait()
                self._error = exc

        self._thread = threading.Thread(target=run, name=f"copy-{job.table}", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def _orm_kwargs(opts, row: dict) -> dict:
    """Model() keyword arguments: a foreign key given as an id goes to its column attribute."""
    kwargs = {}
    for key, value in row.items():
        field = _field(opts, key)
        if field.is_relation and value is not None and not isinstance(value, models.Model):
            kwargs[field.attname] = value
        else:
            kwargs[key] = value
    return kwargs


def _field(opts, key):
    """A concrete field by name ("enterprise") or column attribute ("enterprise_id")."""
    for f in opts.concrete_fields:
        if f.name == key or f.attname == key:
            return f
    raise KeyError(f"{opts.label} has no field {key}")


def _default_text(field, now) -> str:
    """What Django would store in a column the row does not mention, as COPY text."""
    stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return _as_text(field, now if stamped else field.get_default())


def _as_text(field, value) -> str:
    return "\\N" if value is None else _converter(field)(value)


class AnyOf(Lookup):
    """`<lhs> = ANY(%s)` with the values as one array parameter (PostgreSQL).

    Used as an expression in `.filter()` (Django ≥ 4.0), so nothing is registered on the fields.
    The values are passed as they are (no per-value `get_prep_value`): keys an importer has
    already parsed to the column's Python type.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s)", (*lhs_params, list(self.rhs))


def filter_in(queryset, field: str, values: list):
    """`queryset.filter(<field>__in=values)`, with the values sent as one array on PostgreSQL.

    Django compiles an IN list parameter by parameter (about 25 µs each); an import looks up
    its keys 2,000 at a time, so `= ANY(%s)` with one list is much cheaper.
    """
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": values})
    return queryset.filter(AnyOf(F(field), list(values)))


def update(model, rows: list[tuple[int, dict]], fields: list[str]) -> None:
    """Set `fields` of existing rows: rows = [(pk, {field: value})], every dict holding every field."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = []
        for pk, values in rows:
            obj = model(pk=pk, **_orm_kwargs(model._meta, {name: values[name] for name in fields}))
            objs.append(obj)
        model.objects.bulk_update(objs, [_field(model._meta, name).name for name in fields], batch_size=500)
        return
    opts = model._meta
    targets = [opts.get_field(name) for name in fields]
    converters = [(f.name, _converter(f)) for f in targets]
    qn = connection.ops.quote_name
    table, pk_column = qn(opts.db_table), qn(opts.pk.column)
    temp = qn(f"_import_{opts.db_table}")
    columns = ", ".join([pk_column] + [qn(f.column) for f in targets])
    with connection.cursor() as cursor:
        # The temporary table takes the real columns' types, without their constraints.
        cursor.execute(f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA")
    try:
        for start in range(0, len(rows), COPY_BATCH):
            buffer = io.StringIO()
            for pk, values in rows[start : start + COPY_BATCH]:
                cells = [str(pk)]
                for name, convert in converters:
                    value = values[name]
                    cells.append("\\N" if value is None else convert(value))
                buffer.write("\t".join(cells))
                buffer.write("\n")
            buffer.seek(0)
            job = CopyJob(f"_import_{opts.db_table}", [opts.pk.column] + [f.column for f in targets], buffer.getvalue())
            job.run(connection.connection)
        assignments = ", ".join(f"{qn(f.column)} = source.{qn(f.column)}" for f in targets)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS target SET {assignments} FROM {temp} AS source "
                f"WHERE target.{pk_column} = source.{pk_column}"
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {temp}")


def next_ids(model, count: int) -> list[int]:
    """`count` new primary keys from the table's sequence (PostgreSQL)."""
    if not count:
        return []
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _text(value) -> str:
    text = value if value.__class__ is str else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:  # rare: escape only then
        return text.translate(_COPY_ESCAPES)
    return text


def _converter(field):
    """One function per field turning a Python value into COPY text (None is handled before)."""
    kind = field.get_internal_type()
    if field.is_relation:
        return lambda v: str(v.pk if isinstance(v, models.Model) else v)
    if kind in {"CharField", "TextField", "SlugField", "EmailField", "URLField", "GenericIPAddressField"}:
        return _text
    if kind == "BooleanField":
        return lambda v: "t" if v else "f"
    if kind.endswith("IntegerField") or kind in {"AutoField", "BigAutoField", "SmallAutoField"}:
        return lambda v: str(int(v))
    if kind == "DecimalField":
        return lambda v: format(v if isinstance(v, Decimal) else Decimal(str(v)), "f")
    if kind == "DateField":
        return lambda v: (v.date() if isinstance(v, datetime) else v).isoformat()
    if kind == "DateTimeField":
        return lambda v: (v if isinstance(v, datetime) else datetime.combine(v, datetime.min.time())).isoformat()
    if kind == "JSONField":
        encode = (field.encoder or DjangoJSONEncoder)(ensure_ascii=False).encode  # one encoder, not one per value
        return lambda v: _text(encode(v))
    return lambda v: _text(str(field.get_db_prep_save(v, connection)))
