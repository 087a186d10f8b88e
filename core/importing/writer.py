"""The bulk writer of the import engine: a chunk's ``Write``s, parents first, then their change log."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db import connection
from django.utils import timezone

from .. import changelog
from ..perf import bulk
from .spec import ImportSpec, Write


class BulkWriter:
    """Writes a chunk's Writes model by model (parents first), then their change log.

    On PostgreSQL every query a chunk needs (new ids, updates) runs first; then the COPYs of
    the new rows and of the change-log entries run in a background thread, each table's
    COPY text being prepared while the previous one loads (core.perf.bulk.CopyPipe). `flush()`
    waits for them: the pass calls it before it next queries the database, and at the end.
    """

    def __init__(self, spec: ImportSpec, *, actor, batch: str, chunk_size: int = 2000):
        self.chunk_size = chunk_size  # rows per chunk, to size the blocks of keys taken
        order = spec.write_order or [spec.model]
        self.rank = {model: index for index, model in enumerate(order)}
        self.actor = actor
        self.batch = batch
        self.now = timezone.now()
        self.pipe = bulk.CopyPipe() if connection.vendor == "postgresql" else None
        self._ordered: list = []
        self._ids: dict = {}  # model -> keys taken from its sequence and not used yet

    def flush(self) -> None:
        if self.pipe is not None:
            self.pipe.wait()

    def prepare(self, writes: list[Write], rows_left: int = 0) -> None:
        """Everything a chunk needs from the database: new keys, the updates (and on SQLite, all)."""
        self.flush()
        groups: dict[tuple, list[Write]] = {}
        for w in writes:
            groups.setdefault((w.model, w.instance is None), []).append(w)
        order = sorted(groups, key=lambda g: (self.rank.get(g[0], len(self.rank)), not g[1]))
        self._ordered = [(model, create, groups[(model, create)]) for model, create in order]
        if self.pipe is None:  # SQLite: the ORM, one model after another, parents first
            for model, create, group in self._ordered:
                rows = self._rows(group)
                if create:
                    for w, pk in zip(group, bulk.insert(model, rows), strict=True):
                        w.pk = pk
                else:
                    self._update(model, group, rows)
                changelog.log_rows(model=model, rows=self._log(model, group, rows), actor=self.actor, batch=self.batch)
            self._ordered = []
            return
        linked = {id(link) for w in writes for link in w.links.values()}
        for model, create, group in self._ordered:
            if create:
                # Keys from the sequence only for rows something points at or logs; taken in
                # blocks, so that few chunks wait for the sequence.
                needed = [w for w in group if w.logged or id(w) in linked]
                for w, pk in zip(needed, self._take_ids(model, len(needed), rows_left), strict=True):
                    w.pk = pk
        for model, create, group in self._ordered:  # after the keys: an update may link to a new row
            if not create:
                self._update(model, group, self._rows(group))

    def submit(self, writes: list[Write]) -> None:
        """The COPYs of the prepared chunk (new rows, then change-log entries), in the background.

        Everything is computed before the first COPY starts: the main thread must not touch
        the connection (not even for a cached content type) while a COPY runs on it.
        """
        if self.pipe is None:
            return
        jobs, entries, common = [], [], None
        for model, create, group in self._ordered:
            rows = self._rows(group)  # now that every new row has its key, links resolve
            more, common = changelog.log_entry_rows(
                model=model, rows=self._log(model, group, rows), actor=self.actor, batch=self.batch
            )
            entries += more
            if create:
                jobs.append((model, group, rows))
        self._ordered = []
        for model, group, rows in jobs:
            numbered = [(w, r) for w, r in zip(group, rows, strict=True) if w.pk is not None]
            if numbered:
                self.pipe.submit(bulk.copy_text(model, [w.pk for w, _ in numbered], [r for _, r in numbered]))
            if len(numbered) < len(group):  # the database numbers the rest
                rest = [r for w, r in zip(group, rows, strict=True) if w.pk is None]
                self.pipe.submit(bulk.copy_text(model, None, rest))
        if entries:
            self.pipe.submit(bulk.copy_text(LogEntry, None, entries, common))

    def _take_ids(self, model, count: int, rows_left: int) -> list[int]:
        pool = self._ids.setdefault(model, [])
        if len(pool) < count:
            # As many as this chunk needs for every chunk still to come: a fresh list takes its
            # keys in one query, a list of mostly updates leaves no large gap in the sequence.
            block = count * max(1, -(-rows_left // self.chunk_size))
            pool.extend(bulk.next_ids(model, max(count - len(pool), min(block, 50_000))))
        taken, self._ids[model] = pool[:count], pool[count:]
        return taken

    @staticmethod
    def _rows(group: list[Write]) -> list[dict]:
        rows = []
        for w in group:
            row = dict(w.fields)
            for name, link in w.links.items():
                row[name] = link.pk
            rows.append(row)
        return rows

    def _update(self, model, group: list[Write], rows: list[dict]) -> None:
        stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        # Rows that change the same fields are updated together, so each UPDATE is narrow.
        by_fields: dict[tuple, list] = {}
        for w, values in zip(group, rows, strict=True):
            w.pk = w.instance.pk
            if stamped:
                values = {**values, "updated_at": self.now}  # bulk writes do not run auto_now
            by_fields.setdefault(tuple(sorted(values)), []).append((w.pk, values))
        for names, items in by_fields.items():
            bulk.update(model, items, list(names))

    @staticmethod
    def _log(model, group: list[Write], rows: list[dict]) -> list[tuple]:
        entries = []
        for w, row in zip(group, rows, strict=True):
            if not w.logged:
                continue
            if w.instance is None:
                label = w.label or str(model(**{k: v for k, v in row.items() if k not in w.links}))
                changes = {**changelog.changes_for_create(row), **w.extra_changes}
                entries.append((w.pk, label, LogEntry.Action.CREATE, changes))
            elif w.changes or w.extra_changes:
                changes = {**(w.changes or {}), **w.extra_changes}
                entries.append((w.pk, w.label or str(w.instance), LogEntry.Action.UPDATE, changes))
        return entries
