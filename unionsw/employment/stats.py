"""Breakdowns of the employment app for /stats/ (the stats plug-in, docs/architecture.md): contract
cohorts — the contracts in force on the day grouped by their term and service provider, as the survey
report writes them (“78名…合同期限为2022年4月7日至2025年4月6日”) — and staffing against the norm (配备标准):
required, in post and the gap (today's figures: the norm's inputs keep no history)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_noop

from unionsw.core.i18n import choice_label

from .models import ContractStatus
from .selectors import contract_list_visible_to


def _d(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def contract_cohorts(user, on, org):
    from unionsw.stats.engine import Breakdown, Row

    if not user.can("contract.view"):
        return None
    qs = (
        contract_list_visible_to(user)
        .filter(worker__org__path__startswith=org.path, starts_on__lte=on)
        .exclude(status=ContractStatus.DRAFT)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
        .values("starts_on", "ends_on", "provider__name")
        .annotate(n=Count("worker_id", distinct=True))
        .order_by("starts_on", "ends_on", "provider__name")
    )
    rows = []
    for r in qs:
        term = f"{_d(r['starts_on'])}至{_d(r['ends_on'])}" if r["ends_on"] else f"{_d(r['starts_on'])}起（无固定期限）"
        who = f"（{r['provider__name']}）" if r["provider__name"] else ""
        key = f"{r['starts_on']}|{r['ends_on'] or ''}|{r['provider__name'] or ''}"
        rows.append(Row(key, term + who, r["n"]))
    if not rows:
        return None
    return Breakdown("employment.contracts", choice_label("合同期限（在履行的合同）"), rows, section=choice_label("劳动合同"))


def staffing(user, on, org):
    from django.urls import reverse
    from django.utils import timezone

    from unionsw.stats.engine import Breakdown, Label, Row

    from .staffing import staffing_table

    if not user.can("post.view") or on != timezone.localdate():
        return None  # posts and the norm keep no history: only today's figures are true
    from unionsw.core import counts
    from unionsw.stats.engine import CACHE_LABELS

    # every unit of the subtree against the norm (≈125 ms for a province): cached until a worker, an org or a
    # policy changes, like the built-in breakdowns
    key = f"stats:staffing:{user.pk}:{org.pk}:{on.isoformat()}"
    totals = counts.cached(key, CACHE_LABELS, lambda: staffing_table(user, org)["totals"])
    if not totals["minimum"]:
        return None  # no unit under the org has a norm to meet
    link = f"{reverse('employment:staffing')}?org={org.pk}&sort=gap"
    rows = [
        Row("required", choice_label("按配备标准应配（下限合计）"), totals["minimum"], url=link),
        Row("current", choice_label("现有在岗社工"), totals["current"], url=link),
        Row("gap", choice_label("缺口（未达标单位合计）"), totals["gap"], url=link),
    ]
    return Breakdown(
        "employment.staffing",
        choice_label("配备标准执行情况（今日）"),
        rows,
        section=choice_label("岗位配备"),
        stages=True,
        total_label=choice_label("应配"),
        note=Label(
            gettext_noop("%(units)s 个单位须按标准配备；占比为占应配人数的比例（现有÷应配即配备率）"), units=totals["required_units"]
        ),
    )


def post_vacancies(user, on, org):
    """Filled and vacant posts in the org's subtree, today only (posts keep no history)."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils import timezone

    from unionsw.stats.engine import Breakdown, Row

    from .selectors import post_search

    if not user.can("post.view") or on < timezone.localdate():
        return None
    qs = post_search(user, org_id=org.pk)
    vacant = qs.filter(holder__isnull=True).count()
    total = qs.count()
    if not total:
        return None
    base = reverse("employment:posts")
    rows = [
        Row("filled", choice_label("在岗"), total - vacant, f"{base}?{urlencode({'org': org.pk, 'vacant': '0'})}"),
        Row("vacant", choice_label("空缺"), vacant, f"{base}?{urlencode({'org': org.pk, 'vacant': '1'})}"),
    ]
    return Breakdown(
        "employment.posts", choice_label("工会社会工作岗位（今日）"), rows, unit=choice_label("个"), section=choice_label("岗位配备"), chart="pie"
    )


BREAKDOWNS = [contract_cohorts, post_vacancies, staffing]
