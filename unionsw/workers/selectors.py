"""Reads of the registry. Every function starts from the scope filter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, Func, OuterRef, QuerySet

from unionsw.core import crypto, idnumber
from unionsw.core.paging import CachedTwoEndedPaginator
from unionsw.core.scope import scoped, visible_orgs
from unionsw.orgs.selectors import org_tree

from .models import Document, FilingStatus, Worker


def worker_list_visible_to(user) -> QuerySet[Worker]:
    return scoped(Worker.objects.all(), user, org_field="org", self_field="user")


def self_worker(user) -> Worker | None:
    """The worker record of a self-service account (through the scope filter), or None."""
    return worker_list_visible_to(user).filter(user=user).select_related("org").first()


def worker_search(
    user,
    *,
    q: str = "",
    org_id: int | None = None,
    rank: str = "",
    status: str = "",
    employment_mode: str = "",
    filing_status: str = "",
    id_number: str = "",
    extra: dict | None = None,
) -> QuerySet[Worker]:
    qs = worker_list_visible_to(user).select_related("org")
    q = (q or "").strip()
    if q:
        ident = idnumber.normalize(q)
        if len(ident) == 18 and ident[:17].isdigit():
            qs = qs.filter(id_number_index=crypto.blind_index(ident, purpose="id_number"))
        elif len(q) <= 2 and qs.db and connection.vendor == "postgresql":
            qs = qs.alias(name_grams=NameGrams("name")).filter(name_grams__contains=[q])  # migration 0004: GIN
        else:
            qs = qs.filter(name__contains=q)
    if id_number:
        qs = qs.filter(id_number_index=crypto.blind_index(idnumber.normalize(id_number), purpose="id_number"))
    if org_id:
        path = next((row[2] for row in visible_org_rows(user) if row[0] == org_id), None)
        qs = qs.filter(org__path__startswith=path) if path else qs.none()
    if rank:
        qs = qs.filter(rank="" if rank == BLANK else rank)
    if status:
        qs = qs.filter(status=status)
    if employment_mode:
        qs = qs.filter(employment_mode=employment_mode)
    if filing_status:
        qs = qs.filter(filing_status=filing_status)
    if extra:
        qs = worker_filter(qs, extra)
    return qs


def document_list_visible_to(user) -> QuerySet[Document]:
    return scoped(Document.objects.all(), user, org_field="worker__org", self_field="worker__user")


def headcount_summary(user) -> dict:
    """Dashboard figures for the user's scope. Province statistics count only filed, active workers
    (seed 000: 未向省总工会备案的…一概不纳入全省统一管理). One grouped query (filing status × rank)."""
    rows = (
        worker_list_visible_to(user)
        .filter(status="active")
        .values("filing_status", "rank")
        .annotate(n=Count("*"))
        .order_by("filing_status", "rank")
    )
    totals = {"total": 0, "filed": 0, "unfiled": 0}
    by_rank: dict[str, int] = {}
    for row in rows:
        totals["total"] += row["n"]
        if row["filing_status"] == FilingStatus.FILED:
            totals["filed"] += row["n"]
            by_rank[row["rank"]] = by_rank.get(row["rank"], 0) + row["n"]
        elif row["filing_status"] == FilingStatus.UNFILED:
            totals["unfiled"] += row["n"]
    return {"totals": totals, "by_rank": [{"rank": rank, "n": n} for rank, n in sorted(by_rank.items())]}


def headcount_by_child_org(user, parent) -> list[dict]:
    """Active workers under each child of `parent`, split filed / unfiled, in three queries whatever
    the size: the children, the subtree's org paths, and the counts grouped by org (index-only)."""
    from unionsw.orgs.models import Org

    children = list(visible_orgs(user).filter(parent=parent).order_by("sort", "id"))
    if not children:
        return []
    result = {c.pk: {"org": c, "filed": 0, "unfiled": 0} for c in children}
    prefix = {c.path: c.pk for c in children}
    depth = len(parent.path)
    child_of = {}
    for pk, path in Org.objects.filter(path__startswith=parent.path).values_list("id", "path"):  # path arithmetic only
        head = path[: path.find("/", depth) + 1] if path.find("/", depth) >= 0 else path
        if head in prefix:
            child_of[pk] = prefix[head]
    qs = worker_list_visible_to(user).filter(status="active", org__path__startswith=parent.path)
    for row in qs.values("org_id", "filing_status").annotate(n=Count("*")).order_by():
        pk = child_of.get(row["org_id"])
        if pk is not None:
            result[pk]["filed" if row["filing_status"] == FilingStatus.FILED else "unfiled"] += row["n"]
    return list(result.values())


class NameGrams(Func):
    """unionsw_name_grams(name): the name's characters and character pairs (PostgreSQL, migration 0004)."""

    function = "unionsw_name_grams"

    @property
    def output_field(self):
        from django.contrib.postgres.fields import ArrayField
        from django.db.models import TextField

        return ArrayField(TextField())


class WorkerPaginator(CachedTwoEndedPaginator):
    """The worker list's pages: the same cost at page 1 and page 5,000 (core/paging.py; measured with
    `make bench`). The list order (org id, name, id) is total, as the two-ended read and the anchors need.
    One query for the page's rows (two far from both ends without anchors) whatever the size; the count and
    the anchors come from the cache until a worker or org changes (core/counts.py, issue 13)."""

    depends_on = ("orgs.Org",)


# Above this many orgs the list page's org tree is shown as a drill-down (see worker_org_tree).
FULL_TREE_LIMIT = 200


def _scope_key(user) -> str:
    """What decides a user's visible orgs, with the org/policy generation (raised by every org write)."""
    from unionsw.orgs.policy import policy_generation

    scopes = ",".join(sorted({r.data_scope for r in user.role_list}))
    return f"{policy_generation()}:{user.org_id}:{scopes}"


def visible_org_rows(user) -> tuple[tuple, ...]:
    """(id, parent_id, path, name, is_active, sort) of every org the user may see, in path order: one query,
    then none until an org changes. The worker list's tree and its org filter read it."""
    from django.core.cache import cache

    from unionsw.core import localcache

    key = f"workers:visible-orgs:{_scope_key(user)}"

    def build() -> tuple:
        rows = cache.get(key)
        if rows is None:
            fields = ("id", "parent_id", "path", "name", "is_active", "sort")
            rows = tuple(visible_orgs(user).order_by("path").values_list(*fields))
            cache.set(key, rows, 3600)
        return rows

    return localcache.get_or_build(key, build)


def worker_org_tree(user, current_org_id: int | None = None) -> list[dict]:
    """The org tree beside the worker list, from `visible_org_rows` (no query while the org tree has not
    changed), cached per selected org as well.

    A county or city sees its whole tree. A province (1,500+ units) would build and render thousands
    of nodes on every page view, so above FULL_TREE_LIMIT the tree shows the root and its children and
    opens the branch down to the selected org, with that org's children: every org stays reachable."""
    from unionsw.core import localcache

    # per process only: building it from the rows costs about what unpickling it from the shared cache did
    key = f"workers:org-tree:{_scope_key(user)}:{current_org_id}"
    return localcache.get_or_build(key, lambda: _build_org_tree(visible_org_rows(user), current_org_id))


def _build_org_tree(rows: tuple[tuple, ...], current_org_id: int | None) -> list[dict]:
    from unionsw.orgs.models import Org

    wanted = {row[0] for row in rows}
    opened: set[int] = set()
    if len(rows) > FULL_TREE_LIMIT:
        ids = set(wanted)
        roots = {pk for pk, parent, *_ in rows if parent not in ids}
        current = next((path for pk, _, path, *_ in rows if pk == current_org_id), None)
        opened = roots | ({int(p) for p in current.strip("/").split("/")} if current else set())
        wanted = {pk for pk, parent, *_ in rows if pk in roots or parent in opened}
    orgs = [
        Org(id=pk, parent_id=parent, path=path, name=name, is_active=active, sort=sort)
        for pk, parent, path, name, active, sort in rows
        if pk in wanted
    ]
    tree = org_tree(orgs)
    stack = list(tree)
    while stack:
        node = stack.pop()
        if node["org"].pk in opened:
            node["open"] = True
        stack.extend(node["children"])
    return tree


def certificate_list_visible_to(user) -> QuerySet:
    from .models import Certificate

    return scoped(Certificate.objects.all(), user, org_field="worker__org", self_field="worker__user")


def certificate_rows(worker, today) -> list[dict]:
    """The worker page's certificate table: each certificate with its expiry state and whether its
    registration is missing where the profile requires it (2 queries + the policy)."""
    from unionsw.orgs.policy import effective_policy

    from . import rules

    required = effective_policy(worker.org, on=today).get("certificate_registration")
    rows = []
    for cert in worker.certificates.select_related("scan"):
        rows.append(
            {
                "c": cert,
                "expiry": None if cert.ended_on else rules.certificate_expiry_state(cert.expires_on, today),
                "registration_missing": not cert.ended_on
                and rules.registration_missing(
                    is_national_level=cert.is_national_level, registered_on=cert.registered_on, required=required
                ),
            }
        )
    return rows
# ---------------------------------------------------------------------------------------------
# Filters behind the statistics (issue 10): every figure on /stats/ links to the worker list with
# these parameters, and the list applies exactly the lookups the figure counted. They take plain
# field names, so they work on Worker and on its history rows (a past day's snapshot) alike.

EXTRA_FILTERS = (
    "at_org",  # workers attached to this org itself, not to its sub-units
    "org_kind",
    "post_title",
    "gender",
    "ethnicity",
    "education",
    "major",
    "political_status",
    "born_after",  # birth date strictly after (age bands)
    "born_until",  # birth date on or before
    "hired_after",
    "hired_until",
    "cert",  # highest certificate level held (issued by the day), or "none"
)
BLANK = "_none"  # a filter value meaning "not filled in" (未定级, 未填写)
CERT_ORDER = ("senior", "social_worker", "assistant", "other")  # highest first


def certificate_held(level: str, on) -> Exists:
    from .models import Certificate

    return Exists(Certificate.objects.filter(worker_id=OuterRef("id"), level=level, issued_on__lte=on, status="confirmed"))


def worker_filter(qs: QuerySet, params: dict, *, on=None) -> QuerySet:
    """Apply the EXTRA_FILTERS found in `params` (strings, as from a query string). An unparseable
    value filters to nothing rather than being ignored: a link that cannot be honoured shows no one."""
    from datetime import date

    from unionsw.core.parsing import parse_date

    on = on or date.today()
    for key in EXTRA_FILTERS:
        value = (params.get(key) or "").strip()
        if not value:
            continue
        if key == "at_org":
            qs = qs.filter(org_id=int(value)) if value.isdigit() else qs.none()
        elif key == "org_kind":
            qs = qs.filter(org__kind=value)
        elif key in ("post_title", "gender", "ethnicity", "education", "major", "political_status"):
            qs = qs.filter(**{key: "" if value == BLANK else value})
        elif key in ("born_after", "born_until", "hired_after", "hired_until"):
            try:
                day = parse_date(value)
            except ValidationError:
                return qs.none()
            field = "birth_date" if key.startswith("born") else "hired_on"
            qs = qs.filter(**{f"{field}__{'gt' if key.endswith('after') else 'lte'}": day})
        elif key == "cert":
            if value != "none" and value not in CERT_ORDER:
                return qs.none()
            higher = CERT_ORDER if value == "none" else CERT_ORDER[: CERT_ORDER.index(value)]
            if value != "none":
                qs = qs.filter(certificate_held(value, on))
            for level in higher:
                qs = qs.exclude(certificate_held(level, on))
    return qs
