"""Pages that cost the same at page 1 and at the last page (issue 13: lists at national scale).

`TwoEndedPaginator` reads a page near either end in one query; further in, in two steps — the ids of the page
(an index walk in list order), then those rows. Pages past the middle are read from the other end in reverse
order, so the offset never exceeds half the list. The ordering must be total (end with the primary key) so both ends give exactly the rows Paginator
would; give the list an index on its ordering. The worker list (workers.selectors.WorkerPaginator) and the round's applications use it.

`CachedTwoEndedPaginator` also keeps *anchors*: the sort key of every ANCHOR_ROWS-th row of the list, cached
like the count (until a row of the model or of `depends_on` changes); all of them come from one window query
(ROW_NUMBER over the list order) on the first deep read. A page past the first anchor seeks to the nearest one
before it with a row-value comparison — `(org_id, name, id) >= (…)`, an index range scan — and skips fewer than
ANCHOR_ROWS rows from there, instead of walking up to half the list. Orderings the seek cannot express (mixed directions, expressions, a NULL in the key) read
by offset as before.
"""

from __future__ import annotations

from django.core.paginator import Paginator

from .counts import CountCachingPaginator, cached


class TwoEndedPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        if bottom > self.count - top:
            rows = _rows(qs.reverse(), self.count - top, top - bottom)[::-1]
        else:
            rows = _rows(qs, bottom, top - bottom)
        return self._get_page(rows, number, self)


DIRECT_ROWS = 1000  # below this offset one query reads the page's rows; beyond it, ids first (an index walk)


def _rows(ordered, offset: int, limit: int) -> list:
    if offset < DIRECT_ROWS:
        return list(ordered[offset : offset + limit])
    ids = list(ordered.values_list("pk", flat=True)[offset : offset + limit])
    found = {obj.pk: obj for obj in ordered.order_by().filter(pk__in=ids)} if ids else {}
    return [found[pk] for pk in ids if pk in found]


ANCHOR_ROWS = 1000


def _seek_columns(qs) -> tuple[list[str], list[str], bool] | None:
    """(column SQL, attribute names, descending) of `qs`'s ordering when every term is a plain column of the
    model sorted the same way; None otherwise."""
    from django.db.models.expressions import Col

    compiler = qs.query.get_compiler(qs.db)
    columns, names, directions = [], [], set()
    for expr, _ in compiler.get_order_by():
        inner = getattr(expr, "expression", None)
        if not isinstance(inner, Col) or inner.target.model is not qs.model or getattr(expr, "nulls_first", None):
            return None
        sql, params = compiler.compile(inner)
        if params:
            return None
        columns.append(sql)
        names.append(inner.target.attname)
        directions.add(expr.descending)
    if len(directions) != 1 or not names or names[-1] != qs.model._meta.pk.attname:
        return None
    return columns, names, directions.pop()


class CachedTwoEndedPaginator(TwoEndedPaginator, CountCachingPaginator):
    """Both: pages from either end, and the count cached until a row of the model changes (core/counts.py;
    the model needs `objects = CountedQuerySet.as_manager()`); deep pages seek from cached anchors."""

    depends_on: tuple[str, ...] = ()
    anchor_rows = ANCHOR_ROWS

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        seek = _seek_columns(self.object_list) if bottom >= self.anchor_rows else None
        anchors = self._anchors(seek[1], seek[2]) if seek else []
        k = bottom // self.anchor_rows
        if not seek or k >= len(anchors) or any(v is None for v in anchors[k]):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        columns, _, descending = seek
        key, at = anchors[k], k * self.anchor_rows
        where = f"({', '.join(columns)}) {'<=' if descending else '>='} ({', '.join(['%s'] * len(key))})"
        rows = _rows(self.object_list.extra(where=[where], params=list(key)), bottom - at, top - bottom)
        return self._get_page(rows, number, self)

    def _anchors(self, names: list[str], descending: bool) -> list[tuple]:
        """The sort key of rows 0, N, 2N… of the list (N = anchor_rows), read in one window query and cached
        until a row changes."""
        from django.db.models import F, Window
        from django.db.models.functions import Mod, RowNumber

        qs = self.object_list
        sql, params = qs.values_list(*names).query.sql_with_params()
        step = self.anchor_rows

        def read():
            order = [F(n).desc() if descending else F(n).asc() for n in names]
            numbered = qs.order_by().annotate(_row=Window(RowNumber(), order_by=order))
            rows = numbered.annotate(_slot=Mod(F("_row") - 1, step)).filter(_slot=0).order_by("_row")
            return [tuple(r) for r in rows.values_list(*names)]

        return cached(f"anchors|{qs.db}|{sql}|{params!r}|{step}", (qs.model._meta.label, *self.depends_on), read)
