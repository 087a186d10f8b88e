"""A paginator that does not COUNT(*) a whole big table on every page view.

A list page needs the number of rows for its page links. When the rows are a whole table
(no filter, a bureau user) and the table is big, PostgreSQL's own row estimate (`reltuples`,
kept by autovacuum/ANALYZE) is good enough for "约 52,000 条" and costs nothing; any filter or
data scope makes the query selective, and then the exact count is taken as usual.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Below this many rows an exact COUNT(*) is cheap enough and exact is nicer.
ESTIMATE_ABOVE = 20_000


def _queryset_of(object_list):
    """The QuerySet behind a paginated object list (django-tables2 wraps it in BoundRows/TableData)."""
    for candidate in (object_list, getattr(object_list, "data", None)):
        if isinstance(candidate, QuerySet):
            return candidate
        inner = getattr(candidate, "data", None)
        if isinstance(inner, QuerySet):
            return inner
    return None


def table_row_estimate(model, using="default") -> int | None:
    """PostgreSQL's estimate of the table's rows; None when unknown (never analysed, other DB)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None and row[0] >= 0 else None


class EstimatedCountPaginator(Paginator):
    """Paginator whose `count` is the planner's estimate for an unfiltered big table.

    `estimated` tells the template to write "约" before the number.
    """

    estimate_above = ESTIMATE_ABOVE
    estimated = False

    @cached_property
    def count(self):
        queryset = _queryset_of(self.object_list)
        if queryset is not None and not queryset.query.where and not queryset.query.distinct:
            estimate = table_row_estimate(queryset.model, queryset.db)
            if estimate is not None and estimate >= self.estimate_above:
                self.estimated = True
                return estimate
        return super().count
