"""Cross-tabs a clerk asks for (rank × county, education × age band): one grouped query on the same
population as /stats/, every cell a link to the list of its records."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext_noop

from unionsw.core.i18n import choice_label
from unionsw.core.scope import visible_orgs
from unionsw.orgs.models import Org
from unionsw.workers.models import Education
from unionsw.workers.selectors import BLANK

from . import rules
from .engine import Label
from .population import Population


@dataclass
class Dim:
    key: str
    title: str
    field: str  # the grouped value (a field or an annotation)
    annotations: dict
    labels: list[tuple[str, str, dict]]  # (key, label, link params) in display order
    to_key: object = None  # grouped value -> key (default: str)

    def key_of(self, value):
        return self.to_key(value) if self.to_key else ("" if value is None else str(value))


def rank_dim(pop: Population) -> Dim:
    labels = [(r, r, {"rank": r}) for r in pop.ladder] + [("", choice_label("未定级"), {"rank": BLANK})]
    return Dim("rank", choice_label("岗位等级"), "rank", {}, labels)


def org_dim(pop: Population) -> Dim:
    children = list(visible_orgs(pop.user).filter(parent=pop.org).order_by("sort", "id"))
    head = {c.path: c.pk for c in children}
    depth = len(pop.org.path)
    child_of = {pop.org.pk: f"at:{pop.org.pk}"}
    for pk, path in Org.objects.filter(path__startswith=pop.org.path).values_list("id", "path"):
        cut = path.find("/", depth)
        prefix = path[: cut + 1] if cut >= 0 else path
        if prefix in head:
            child_of[pk] = str(head[prefix])
    labels = [(f"at:{pop.org.pk}", Label(gettext_noop("%(org)s（本级）"), org=pop.org.name), {"at_org": pop.org.pk})]
    labels += [(str(c.pk), c.name, {"org": c.pk}) for c in children]
    return Dim("org", choice_label("下级组织"), "org_id", {}, labels, to_key=lambda v: child_of.get(v))


def education_dim(pop: Population) -> Dim:
    return Dim("education", choice_label("学历"), "education", {}, [(v, label, {"education": v}) for v, label in Education.choices])


def age_dim(pop: Population) -> Dim:
    whens, labels = [], []
    for i, (low, high, label) in enumerate(rules.AGE_BANDS):
        after, until = rules.full_years_range(pop.on, low, high)
        q = Q()
        if after:
            q &= Q(birth_date__gt=after)
        if until:
            q &= Q(birth_date__lte=until)
        whens.append(When(q, then=Value(str(i))))
        labels.append(
            (
                str(i),
                label,
                {"born_after": after.isoformat() if after else None, "born_until": until.isoformat() if until else None},
            )
        )
    return Dim("age", choice_label("年龄"), "age_band", {"age_band": Case(*whens, default=Value("x"), output_field=CharField())}, labels)


DIMS = {"rank": rank_dim, "org": org_dim, "education": education_dim, "age": age_dim}
PRESETS = [("rank", "org", choice_label("岗位等级 × 下级组织")), ("education", "age", choice_label("学历 × 年龄"))]


def crosstab(pop: Population, row_key: str, col_key: str) -> dict:
    rows, cols = DIMS[row_key](pop), DIMS[col_key](pop)
    qs = pop.qs.annotate(**rows.annotations, **cols.annotations)
    counts: dict[tuple, int] = {}
    for r in qs.values(rows.field, cols.field).annotate(n=Count("*")).order_by():
        key = (rows.key_of(r[rows.field]), cols.key_of(r[cols.field]))
        counts[key] = counts.get(key, 0) + r["n"]
    known_rows = {k for k, *_ in rows.labels}
    for rk, _ck in list(counts):  # values outside the listed ones (a rank off the ladder)
        if rk not in known_rows and rk is not None:
            rows.labels.append((rk, rk, {rows.key: rk}))
            known_rows.add(rk)
    col_total = {ck: 0 for ck, *_ in cols.labels}
    table = []
    for rk, rlabel, rparams in rows.labels:
        cells = []
        for ck, _clabel, cparams in cols.labels:
            n = counts.get((rk, ck), 0)
            col_total[ck] += n
            cells.append({"n": n, "url": pop.link(**rparams, **cparams)})
        total = sum(c["n"] for c in cells)
        if total or rk != "":
            table.append({"label": rlabel, "cells": cells, "total": total, "url": pop.link(**rparams)})
    return {
        "rows": rows,
        "cols": cols,
        "table": table,
        "col_totals": [{"n": col_total[ck], "url": pop.link(**cparams)} for ck, _l, cparams in cols.labels],
        "total": sum(col_total.values()),
    }
