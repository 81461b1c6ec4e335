"""Pages that cost the same at page 1 and at the last page (issue 13: lists at national scale).

`TwoEndedPaginator` reads a page in two steps — the ids of the page (an index walk in list order), then those
rows — and reads pages past the middle from the other end in reverse order, so the offset never exceeds half
the list. The ordering must be total (end with the primary key) so both ends give exactly the rows Paginator
would; give the list an index on its ordering. The worker list (workers.selectors.WorkerPaginator) and the round's applications use it.
"""

from __future__ import annotations

from django.core.paginator import Paginator

from .counts import CountCachingPaginator


class TwoEndedPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        if bottom > self.count - top:
            ids = list(qs.reverse().values_list("pk", flat=True)[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(qs.values_list("pk", flat=True)[bottom:top])
        rows = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class CachedTwoEndedPaginator(TwoEndedPaginator, CountCachingPaginator):
    """Both: pages from either end, and the count cached until a row of the model changes (core/counts.py;
    the model needs `objects = CountedQuerySet.as_manager()`)."""

    depends_on: tuple[str, ...] = ()

