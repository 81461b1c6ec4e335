"""The built-in breakdowns of the workforce (SPEC §13; 《关于工会社会工作岗位管理情况的调研报告》 一、基本情况).

Each is one grouped query on the population of stats/population.py (today's registry or a past day's
history rows), and each row links to the list of exactly the records it counts: today the worker list
(workers:list, with the filters of workers.selectors.worker_filter), a past day stats:records.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, Min, Value, When
from django.utils.translation import gettext_noop

from unionsw.core.i18n import choice_label
from unionsw.core.scope import visible_orgs
from unionsw.orgs.models import Org, OrgKind
from unionsw.workers.models import Certificate, CertificateLevel, Education, EmploymentMode, FilingStatus, Gender, PoliticalStatus
from unionsw.workers.selectors import BLANK, CERT_ORDER

from . import rules
from .engine import Breakdown, Label, Row
from .population import FIELD, FILED, Population, population


def _grouped(pop: Population, field) -> dict:
    """{value: count} of the counted workers (in memory, over the rows the population fetched once)."""
    return pop.count_by(field)


def _choice_rows(pop: Population, counts: dict, choices, param: str, *, keep_zero=False) -> list[Row]:
    rows = []
    for value, label in choices:
        n = counts.pop(value, 0)
        if n or keep_zero:
            rows.append(Row(value, label, n, pop.link(**{param: value})))
    for value, n in sorted(counts.items(), key=lambda kv: -kv[1]):  # values outside the choices (old data)
        rows.append(Row(str(value), str(value) or choice_label("未填写"), n, pop.link(**{param: value or BLANK})))
    return rows


def _free_rows(pop: Population, counts: dict, param: str, blank_label: str) -> list[Row]:
    rows = [
        Row(value or "", value or blank_label, n, pop.link(**{param: value or BLANK}))
        for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or ""))
    ]
    return rows


def _banded(pop: Population, field: str, bands, after_param: str, until_param: str) -> list[Row]:
    """Rows for full-year bands of `field` (birth date → age, hire date → years of service) on the day:
    the same date comparisons as the list's filters (born_after: later than; born_until: on or before)."""
    meta = []
    for low, high, label in bands:
        after, until = rules.full_years_range(pop.on, low, high)
        meta.append((label, after, until))

    index = FIELD[field]

    def band(r):
        d = r[index]
        for i, (_label, after, until) in enumerate(meta):
            if (after is None or d > after) and (until is None or d <= until):
                return i
        return None

    counts = pop.count_by(band)
    rows = []
    for i, (label, after, until) in enumerate(meta):
        params = {after_param: after.isoformat() if after else None, until_param: until.isoformat() if until else None}
        rows.append(Row(str(i), label, counts.get(i, 0), pop.link(**params)))
    return rows


def by_org(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    children = list(visible_orgs(user).filter(parent=org).order_by("sort", "id"))
    head = {c.path: c for c in children}
    depth = len(org.path)
    child_of = {}
    for pk, path in Org.objects.filter(path__startswith=org.path).values_list("id", "path"):
        cut = path.find("/", depth)
        prefix = path[: cut + 1] if cut >= 0 else path
        if prefix in head:
            child_of[pk] = head[prefix].pk
    totals: dict[int, int] = {}
    own = 0
    for org_id, n in _grouped(pop, "org_id").items():
        if org_id == org.pk:
            own += n
        elif org_id in child_of:
            totals[child_of[org_id]] = totals.get(child_of[org_id], 0) + n
    rows = []
    if own:
        rows.append(Row(f"at:{org.pk}", Label(gettext_noop("%(org)s（本级）"), org=org.name), own, pop.link(at_org=org.pk)))
    for c in children:
        rows.append(Row(str(c.pk), c.name, totals.get(c.pk, 0), pop.link(org=c.pk), drill=pop.page_link(c)))
    return Breakdown("org", choice_label("按组织分布"), rows, note=choice_label("点击组织名称查看其下级分布"))


def by_rank(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    counts = _grouped(pop, "rank")
    rows = [Row(r, r, counts.pop(r, 0), pop.link(rank=r)) for r in pop.ladder]  # ladder order
    for r, n in sorted(counts.items(), key=lambda kv: (kv[0] == "", kv[0])):
        rows.append(Row(r, r or choice_label("未定级"), n, pop.link(rank=r or BLANK)))
    note = "" if pop.ladder else choice_label("现行政策未规定岗位等级序列")
    return Breakdown("rank", choice_label("岗位等级"), rows, note=note)


def by_post(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    return Breakdown("post", choice_label("岗位类别"), _free_rows(pop, _grouped(pop, "post_title"), "post_title", choice_label("未填写")), chart="pie")


def by_mode(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _choice_rows(pop, _grouped(pop, "employment_mode"), EmploymentMode.choices, "employment_mode")
    return Breakdown("mode", choice_label("用工方式"), rows, chart="pie")


def by_unit_kind(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _choice_rows(pop, _grouped(pop, "org__kind"), OrgKind.choices, "org_kind")
    return Breakdown("unit_kind", choice_label("岗位所在单位类型"), rows, chart="pie")


def by_age(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    return Breakdown("age", choice_label("年龄（周岁）"), _banded(pop, "birth_date", rules.AGE_BANDS, "born_after", "born_until"))


def by_age_fine(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _banded(pop, "birth_date", rules.AGE_BANDS_FINE, "born_after", "born_until")
    return Breakdown("age_fine", choice_label("年龄（五岁一档）"), rows)


def by_gender(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _choice_rows(pop, _grouped(pop, "gender"), Gender.choices, "gender", keep_zero=True)
    return Breakdown("gender", choice_label("性别"), rows, chart="pie")


def by_ethnicity(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    return Breakdown("ethnicity", choice_label("民族"), _free_rows(pop, _grouped(pop, "ethnicity"), "ethnicity", choice_label("未填写")), chart="pie")


def by_education(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _choice_rows(pop, _grouped(pop, "education"), Education.choices, "education")
    return Breakdown("education", choice_label("学历"), rows, chart="pie")


def by_major(user, on, org) -> Breakdown:
    """专业 as the rosters write it (free text: 社会工作, 法学…), the largest first; the page links to each list."""
    pop = population(user, on, org)
    return Breakdown("major", choice_label("专业"), _free_rows(pop, _grouped(pop, "major"), "major", choice_label("未填写")), chart="pie")


def by_political(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _choice_rows(pop, _grouped(pop, "political_status"), PoliticalStatus.choices, "political_status")
    return Breakdown("political", choice_label("政治面貌"), rows, chart="pie")


def by_certificate(user, on, org) -> Breakdown:
    """The highest social-work certificate held on the day (a 社会工作师 also holding 助理 counts once).
    One grouped query over the certificates of the counted workers (not an EXISTS per worker)."""
    pop = population(user, on, org)
    order = {level: i for i, level in enumerate(CERT_ORDER)}  # 0 = highest
    rank = Case(*[When(level=level, then=Value(i)) for level, i in order.items()], output_field=IntegerField())
    certificates = Certificate.objects.filter(issued_on__lte=pop.on, status="confirmed")  # self-entered, unreviewed: not counted
    if pop.is_today:  # on a past day a worker may have belonged elsewhere since: match by id only
        certificates = certificates.filter(worker__org__path__startswith=pop.org.path)
    held = certificates.values("worker_id").annotate(best=Min(rank)).values_list("worker_id", "best").order_by()
    ids = {r[FIELD["id"]] for r in pop.counted}  # the counted workers (scoped, on the day)
    counts: dict[int, int] = {}
    for worker_id, best in held:
        if worker_id in ids:
            counts[best] = counts.get(best, 0) + 1
    total = len(pop.counted)
    labels = dict(CertificateLevel.choices)
    rows = [Row(level, labels[level], counts.get(order[level], 0), pop.link(cert=level)) for level in reversed(CERT_ORDER)]
    rows.append(Row("none", choice_label("未取得证书"), total - sum(counts.values()), pop.link(cert="none")))
    return Breakdown("certificate", choice_label("社会工作职业水平证书（最高等级）"), rows)


def by_service(user, on, org) -> Breakdown:
    pop = population(user, on, org)
    rows = _banded(pop, "hired_on", rules.SERVICE_BANDS, "hired_after", "hired_until")
    return Breakdown("service", choice_label("工作年限（自入职之日起）"), rows)


def by_hire_year(user, on, org) -> Breakdown:
    """Cohorts by the year of hire (the survey report's 2019年度招录 / 2021年招录 …)."""
    pop = population(user, on, org)
    counts = _grouped(pop, lambda r: r[FIELD["hired_on"]].year)
    rows = [
        Row(str(y), Label(gettext_noop("%(year)s年"), year=y), n, pop.link(hired_after=date(y - 1, 12, 31).isoformat(), hired_until=date(y, 12, 31).isoformat()))
        for y, n in sorted(counts.items())
    ]
    return Breakdown("hire_year", choice_label("入职年份"), rows)


def by_filing(user, on, org) -> Breakdown:
    """Filed and unfiled among all active workers, whatever the policy: this table is where the unfiled show."""
    pop = population(user, on, org)
    counts = pop.count_by(lambda r: "filed" if r[FILED] else "unfiled", pop.rows)
    rows = []
    for value, label in FilingStatus.choices[::-1]:
        rows.append(Row(value, label, counts.get(value, 0), pop.link(filing_status=value)))
    return Breakdown("filing", choice_label("备案情况（全部在岗社工）"), rows, chart="pie")


BREAKDOWNS = [
    by_org,
    by_rank,
    by_post,
    by_mode,
    by_unit_kind,
    by_age,
    by_age_fine,
    by_gender,
    by_ethnicity,
    by_education,
    by_major,
    by_political,
    by_certificate,
    by_service,
    by_hire_year,
    by_filing,
]
