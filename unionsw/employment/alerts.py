"""What needs doing: contract alerts, and the registry that gathers alerts from every app.

Each app may provide `<app>/alerts.py` with `def alerts_for(user, today) -> list[Alert]`; `collect()`
calls all of them (this module's own `alerts_for` included), so the assessment app can add
"two consecutive 不合格" alerts without editing this code — `consecutive_fail_alert()` builds one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from unionsw.orgs.policy import effective_policy

from . import rules
from .models import Contract, ContractKind, ContractStatus, Insurance, TermType
from .selectors import contract_list_visible_to

LEVEL_ORDER = {"bad": 0, "warn": 1, "info": 2}
LEVEL_LABELS = {"bad": gettext_noop("紧急"), "warn": gettext_noop("提醒"), "info": gettext_noop("待办")}


@dataclass(frozen=True)
class Alert:
    kind: str  # machine code, e.g. "contract.expiring"
    level: str  # bad / warn / info (the tag classes)
    worker_id: int
    worker_name: str
    org_name: str
    title: str  # short label, in the request's language (alerts are built per request, never stored)
    detail: str
    due: date | None
    url: str

    @property
    def level_label(self) -> str:
        return gettext(LEVEL_LABELS[self.level])


def _url(worker_id: int) -> str:
    return reverse("employment:worker_contracts", args=[worker_id])


def _alert(kind, level, c: Contract, title, detail, due) -> Alert:
    return Alert(kind, level, c.worker_id, c.worker.name, c.worker.org.name, title, detail, due, _url(c.worker_id))


def alerts_for(user, today: date) -> list[Alert]:
    """Contract alerts in the user's scope: a fixed number of queries whatever the count."""
    if not user.can("contract.view"):
        return []
    base = contract_list_visible_to(user).filter(worker__status="active").select_related("worker", "worker__org")
    out: list[Alert] = []
    # expiring within 60 / 30 days, or already past the end and neither renewed nor closed
    for c in base.filter(
        status=ContractStatus.ACTIVE, ends_on__isnull=False, ends_on__lte=today + timedelta(days=60), renewed_by__isnull=True
    ):
        level = rules.expiry_level(c.ends_on, today)
        if level is None:
            out.append(
                _alert(
                    "contract.overdue",
                    "bad",
                    c,
                    gettext("合同已到期"),
                    gettext("%(kind)s已于 %(date)s 到期，请续订或办理终止") % {"kind": c.get_kind_display(), "date": f"{c.ends_on:%Y-%m-%d}"},
                    c.ends_on,
                )
            )
        else:
            days = (c.ends_on - today).days
            out.append(
                _alert(
                    f"contract.expiring{level}",
                    "bad" if level == 30 else "warn",
                    c,
                    gettext("%(days)s天内到期") % {"days": level},
                    gettext("%(kind)s将于 %(date)s 到期（还有 %(days)s 天），请决定续订或终止")
                    % {"kind": c.get_kind_display(), "date": f"{c.ends_on:%Y-%m-%d}", "days": days},
                    c.ends_on,
                )
            )
    # drafts not signed: past the policy's limit, or with no limit set (未规定)
    for c in base.filter(status=ContractStatus.DRAFT):
        if c.sign_deadline is None:
            out.append(
                _alert(
                    "contract.unsigned",
                    "info",
                    c,
                    gettext("合同待签订"),
                    gettext("%(kind)s自 %(date)s 起，尚未签订（政策未规定签订期限）")
                    % {"kind": c.get_kind_display(), "date": f"{c.starts_on:%Y-%m-%d}"},
                    c.starts_on,
                )
            )
        elif c.sign_deadline < today:
            out.append(
                _alert(
                    "contract.unsigned_late",
                    "bad",
                    c,
                    gettext("超期未签订"),
                    gettext("应于 %(date)s 前签订书面%(kind)s，已超期 %(days)s 天")
                    % {"date": f"{c.sign_deadline:%Y-%m-%d}", "kind": c.get_kind_display(), "days": (today - c.sign_deadline).days},
                    c.sign_deadline,
                )
            )
        else:
            out.append(
                _alert(
                    "contract.unsigned",
                    "warn",
                    c,
                    gettext("合同待签订"),
                    gettext("须于 %(date)s 前签订书面%(kind)s") % {"date": f"{c.sign_deadline:%Y-%m-%d}", "kind": c.get_kind_display()},
                    c.sign_deadline,
                )
            )
    # the second consecutive fixed-term labour contract (劳动合同法第十四条)
    signed = list(
        base.filter(status__in=[ContractStatus.ACTIVE, ContractStatus.TERMINATED, ContractStatus.DISSOLVED]).order_by(
            "worker_id", "starts_on"
        )
    )
    by_worker: dict[int, list[Contract]] = {}
    for c in signed:
        by_worker.setdefault(c.worker_id, []).append(c)
    for contracts in by_worker.values():
        current = contracts[-1]
        if (
            current.status == ContractStatus.ACTIVE
            and current.kind == ContractKind.LABOUR
            and current.term_type == TermType.FIXED
        ):
            n = rules.consecutive_fixed_terms(contracts)
            years = rules.years_of_service(current.worker.hired_on, current.ends_on or today)
            if years >= 10:
                out.append(
                    _alert(
                        "contract.ten_years",
                        "warn",
                        current,
                        gettext("连续工作满十年"),
                        gettext(
                            "至本合同期满已连续工作满%(years)s年，续订时劳动者提出或者同意续订的，应当订立无固定期限劳动合同"
                            "（劳动合同法第十四条第二款第一项）"
                        )
                        % {"years": years},
                        current.ends_on,
                    )
                )
            elif n >= 2:
                out.append(
                    _alert(
                        "contract.second_fixed",
                        "warn",
                        current,
                        gettext("第%(n)s次固定期限合同") % {"n": n},
                        gettext("已连续订立两次固定期限劳动合同，续订时劳动者提出或者同意的，应当订立无固定期限劳动合同（劳动合同法第十四条）"),
                        current.ends_on,
                    )
                )
    # 劳动合同法 第50条: the 档案 and social-insurance transfer within 15 days of the end (the worker has left,
    # so this reads ended contracts whatever the worker's status)
    ended = (
        contract_list_visible_to(user)
        .filter(
            status__in=[ContractStatus.TERMINATED, ContractStatus.DISSOLVED],
            transfer_done_on__isnull=True,
            closed_on__gte=today - timedelta(days=90),
            closed_on__lte=today,
        )
        .select_related("worker", "worker__org")
    )
    for c in ended:
        due = c.closed_on + timedelta(days=15)
        out.append(
            _alert(
                "contract.transfer",
                "bad" if today > due else "warn",
                c,
                gettext("档案和社保转移"),
                (
                    gettext("合同已于 %(date)s 终止，应在 %(due)s 前办理档案和社会保险关系转移（劳动合同法第五十条）")
                    if c.status == ContractStatus.TERMINATED
                    else gettext("合同已于 %(date)s 解除，应在 %(due)s 前办理档案和社会保险关系转移（劳动合同法第五十条）")
                )
                % {"date": f"{c.closed_on:%Y-%m-%d}", "due": f"{due:%Y-%m-%d}"},
                due,
            )
        )
    # rehired retirees: the accident insurance must cover the agreement
    service = list(base.filter(status=ContractStatus.ACTIVE, kind=ContractKind.SERVICE))
    required: dict[int, bool] = {}
    for c in service:  # only where the policy requires the insurance (Shandong: 必须为返聘人员购买商业意外险)
        if c.worker.org_id not in required:
            required[c.worker.org_id] = bool(effective_policy(c.worker.org, today).get("rehired_accident_insurance"))
    service = [c for c in service if required[c.worker.org_id]]
    if service:
        insured = {}
        for ins in Insurance.objects.filter(worker_id__in=[c.worker_id for c in service]).order_by("ends_on"):
            insured[ins.worker_id] = ins.ends_on
        for c in service:
            until = insured.get(c.worker_id)
            if until is None or until < today:
                out.append(
                    _alert(
                        "insurance.lapsed",
                        "bad",
                        c,
                        gettext("意外险已失效"),
                        gettext("返聘人员的商业意外险已过期或缺失，须立即续保（政策要求为返聘人员购买商业意外险）"),
                        until or today,
                    )
                )
            elif (until - today).days <= 30 and (c.effective_end is None or until < c.effective_end):
                out.append(
                    _alert(
                        "insurance.expiring",
                        "warn",
                        c,
                        gettext("意外险将到期"),
                        gettext("商业意外险 %(date)s 到期，请续保") % {"date": f"{until:%Y-%m-%d}"},
                        until,
                    )
                )
    return out


def consecutive_fail_alert(*, worker, years: list[int], url: str | None = None) -> Alert:
    """For the assessment app: a worker whose last annual results are all 不合格 where the policy says so (Jiangsu:
    连续两年考核不合格…可依据有关规定解除合同). Feed it from `<app>/alerts.py` when `rules.consecutive_fails(...)` is true."""
    return Alert(
        "assessment.consecutive_fail",
        "bad",
        worker.pk,
        worker.name,
        worker.org.name,
        gettext("连续考核不合格"),
        gettext("%(years)s 年度考核均为不合格，可依法解除劳动合同（请核实后办理）") % {"years": gettext("、").join(str(y) for y in years)},
        None,
        url or _url(worker.pk),
    )


def _providers():
    for app in settings.INSTALLED_APPS:
        if app.startswith("unionsw."):
            try:
                module = importlib.import_module(f"{app}.alerts")
            except ModuleNotFoundError:
                continue
            if hasattr(module, "alerts_for"):
                yield module.alerts_for


def collect(user, today: date) -> list[Alert]:
    """Every app's alerts for the user, most urgent first."""
    alerts = [a for provider in _providers() for a in provider(user, today)]
    return sorted(alerts, key=lambda a: (LEVEL_ORDER.get(a.level, 9), a.due or date.max, a.worker_name))
