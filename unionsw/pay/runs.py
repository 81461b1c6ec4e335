"""The monthly payroll run: open → compute (repeatable while a draft) → review → approve (locked).

A locked run never changes: every service here refuses it, and corrections are a new run of kind
补发/扣回 that references it and holds the differences. Computing gathers every input of the month in a
constant number of queries (workers, rank history, 薪级, deductions, fees, the year's earlier approved
lines, tables), runs `rules.compute_line` per worker and writes the lines in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed
from unionsw.orgs.models import Org, OrgLevel
from unionsw.orgs.policy import effective_policy
from unionsw.workers.models import EmploymentMode, Worker

from . import rules, tables
from .models import (
    GradeAssignment,
    LineKind,
    PayLine,
    PayrollRun,
    PayShare,
    ProviderFee,
    RunKind,
    RunStatus,
    ServiceFee,
    TaxDeduction,
)
from .services import Conflict, require, require_org

SCALE_MODES = (EmploymentMode.PUBLIC_HIRE, EmploymentMode.PUBLIC_WELFARE)
# Payer names, the problems and exclusions of a run and every line's notes and tax explanation are stored (JSON and
# text columns of the run and its lines) and go into the Excel register and the slip PDF: they stay Chinese. The
# fixed ones are marked with gettext_noop, so the run and slip pages translate them at display ({% translate var %}).
UNSET_PAYER = "未规定（待设定分担比例）"
REHIRED_PAYER = "用人单位（返聘劳务费）"
AMOUNT_FIELDS = (
    "post_pay",
    "grade_pay",
    "performance",
    "allowance_total",
    "gross",
    "employee_si",
    "employer_si",
    "additional_deduction",
    "iit",
    "net",
    "total_cost",
)
LEVEL_OF = {"county": OrgLevel.COUNTY, "city": OrgLevel.CITY, "province": OrgLevel.PROVINCE}


def first_of(month: date) -> date:
    return month.replace(day=1)


def _locked_refusal(run: PayrollRun) -> Conflict:
    who = run.approved_by.display_name if run.approved_by_id and run.approved_by else _("审批人")
    return Conflict(_("该工资表已审批并锁定（审批人：%(who)s），不能再修改；如需更正，请新建补发/扣回表") % {"who": who})


def _lock(run: PayrollRun, version: int | None) -> PayrollRun:
    fresh = PayrollRun.objects.select_for_update().get(pk=run.pk)  # no outer join: FOR UPDATE refuses one (PostgreSQL)
    if fresh.is_locked:
        raise _locked_refusal(fresh)
    if version is not None and fresh.version != version:
        raise Conflict(_("该工资表已被其他人处理（状态或数据已变化），请刷新页面后重试"))
    return fresh


@transaction.atomic
def run_open(*, by, org: Org, month: date, note: str = "") -> PayrollRun:
    """A county (the employing level) opens the month's run."""
    require(by, "pay.manage")
    require_org(by, org)
    if org.level != OrgLevel.COUNTY:
        raise ValidationError({"org": [_("工资表由县级工会按月编制")]})
    if not isinstance(month, date):
        raise ValidationError({"month": [_("请选择月份")]})
    month = first_of(month)
    try:
        with transaction.atomic():
            run = PayrollRun.objects.create(
                org=org, month=month, kind=RunKind.REGULAR, note=(note or "").strip()[:300], created_by=by
            )
    except IntegrityError:
        raise Conflict(
            _("%(org)s %(year)s年%(month)s月的工资表已存在") % {"org": org.name, "year": month.year, "month": f"{month:%m}"}
        ) from None
    audit(by=by, action="pay.run_open", target=run, detail={"org": org.name, "month": f"{month:%Y-%m}"})
    return run


@transaction.atomic
def correction_open(*, by, run: PayrollRun, note: str) -> PayrollRun:
    """补发/扣回: a new run for the same month that will hold the differences against a locked run."""
    require(by, "pay.manage")
    require_org(by, run.org)
    if not run.is_locked:
        raise ValidationError(_("只能对已审批（锁定）的工资表编制补发/扣回表；未锁定的工资表请直接重新计算"))
    if not (note or "").strip():
        raise ValidationError({"note": [_("请填写补发/扣回的原因")]})
    if PayrollRun.objects.filter(corrects=run).exclude(status=RunStatus.APPROVED).exists():
        raise ValidationError(_("该工资表已有未审批的补发/扣回表，请先处理"))
    base = run.corrects if run.kind == RunKind.CORRECTION else run
    new = PayrollRun.objects.create(
        org=run.org, month=run.month, kind=RunKind.CORRECTION, corrects=base, note=note.strip()[:300], created_by=by
    )
    audit(by=by, action="pay.correction_open", target=new, detail={"corrects": base.pk, "month": f"{run.month:%Y-%m}"})
    return new


# ---------------------------------------------------------------------------------------------
# computing


def _timeline(pairs) -> list[tuple[date, object]]:
    """(effective date, value) pairs → sorted, one value per date (the last one given wins)."""
    by_day: dict[date, object] = {}
    for on, value in pairs:
        by_day[on] = value
    return sorted(by_day.items())


def _at(timeline, on: date):
    value = None
    for day, v in timeline:
        if day <= on:
            value = v
        else:
            break
    return value


def _rank_timelines(worker_qs) -> dict[int, list[tuple[date, str]]]:
    history = Worker.history.model.objects.filter(id__in=worker_qs.values("id")).values_list(
        "id", "rank", "rank_since", "hired_on"
    )
    pairs: dict[int, set] = defaultdict(set)
    for wid, rank, since, hired in history:
        if rank:
            pairs[wid].add((since or hired, rank))
    return {wid: _timeline(sorted(p)) for wid, p in pairs.items()}


def _prior(worker_ids_qs, month: date) -> dict[int, dict]:
    """The tax year's earlier approved lines of each worker (regular and correction runs)."""
    rows = (
        PayLine.objects.filter(
            worker_id__in=worker_ids_qs,
            kind=LineKind.SCALE,
            run__status=RunStatus.APPROVED,
            run__month__year=month.year,
            run__month__lt=month,
        )
        .values("worker_id")
        .annotate(
            income=Sum("gross"),
            special=Sum("employee_si"),
            additional=Sum("additional_deduction"),
            withheld=Sum("iit"),
            months=Count("run__month", distinct=True, filter=Q(run__kind=RunKind.REGULAR)),
        )
    )
    out = {}
    for r in rows:
        for k in ("income", "special", "additional", "withheld"):
            r[k] = rules.money(r[k] or 0)
        out[r["worker_id"]] = r
    return out


def _shares_policy(policy) -> dict[str, Decimal] | None:
    raw = policy.get("cost_shares")
    if not raw:
        return None
    # in the order of the policy's payers (a JSON array): PostgreSQL's jsonb does not keep an object's key
    # order, and the order breaks ties of the fen-by-fen split
    order = {p: i for i, p in enumerate(policy.get("cost_payers") or [])}
    shares = {p: Decimal(str(raw[p])) for p in sorted(raw, key=lambda p: (order.get(p, len(order)), p))}
    try:
        rules.check_shares(shares)
    except ValidationError:
        return None
    return shares


def compute_month(run: PayrollRun) -> tuple[list[PayLine], list[dict], list[dict], list[ProviderFee]]:
    """Every line of `run`'s month from today's data: (lines, problems, excluded, provider fees)."""
    org = run.org
    first, last = rules.month_bounds(run.month)
    policy = effective_policy(org, last)
    ladder = policy.get("ladder_pay_grade")
    shares = _shares_policy(policy)
    splitter = rules.cost_splitter(shares) if shares else None
    t = tables.load(org, first=first, last=last)
    ratio = t.ratio(first.year)
    if ratio is None:
        raise ValidationError(
            _("%(org)s尚未设定%(year)s年度绩效工资比例，请先在“绩效工资比例”中设定") % {"org": org.name, "year": first.year}
        )
    rules.check_performance_ratio(ratio, policy.get("performance_pay_ratio"))
    if t.pay_table(last) is None:
        raise ValidationError(_("%(org)s在%(day)s没有适用的工资标准表，请先设定或导入") % {"org": org.name, "day": f"{last:%Y-%m-%d}"})
    rates = tables.rates_of(t.contribution_table(last))
    if not rates:
        raise ValidationError(
            _("%(org)s在%(day)s没有适用的社会保险和住房公积金缴费标准，请先设定") % {"org": org.name, "day": f"{last:%Y-%m-%d}"}
        )

    on_month = Q(hired_on__lte=last) & (Q(left_on__isnull=True) | Q(left_on__gte=first))
    base = Worker.objects.filter(org__path__startswith=org.path).filter(on_month)
    base = base.filter(Q(status="active") | Q(left_on__isnull=False))
    workers = list(
        base.select_related("org")
        .only("id", "name", "org_id", "org__path", "org__name", "employment_mode", "hired_on", "left_on", "rank", "status")
        .order_by("org__path", "name", "pk")
    )
    ids = base.values("id")
    ranks = _rank_timelines(base)
    grades: dict[int, list] = defaultdict(list)
    for wid, level, since in (
        GradeAssignment.objects.filter(worker_id__in=ids, effective_from__lte=last)
        .order_by("effective_from", "pk")
        .values_list("worker_id", "level", "effective_from")
    ):
        grades[wid].append((since, level))
    deductions: dict[int, Decimal] = {}
    for wid, monthly in (
        TaxDeduction.objects.filter(worker_id__in=ids, effective_from__lte=last)
        .order_by("effective_from", "pk")
        .values_list("worker_id", "monthly")
    ):
        deductions[wid] = monthly
    fees: dict[int, list] = defaultdict(list)
    for wid, monthly, since in (
        ServiceFee.objects.filter(worker_id__in=ids, effective_from__lte=last)
        .order_by("effective_from", "pk")
        .values_list("worker_id", "monthly", "effective_from")
    ):
        fees[wid].append((since, monthly))
    insurance = _insurance(ids, first, last)
    prior = _prior(ids, first)
    table_days = t.pay_table_dates(first, last)
    link = _link(org, policy, first.year)
    results = _results(ids, first.year - 1) if link else {}
    allowed = policy.get("performance_pay_ratio")
    needs_qualification = policy.get(rules.QUALIFICATION_RULE)
    qualifications = _qualifications(ids) if needs_qualification else {}

    lines, problems, excluded = [], [], []
    for w in workers:
        if w.employment_mode == EmploymentMode.PURCHASED_SERVICE:
            excluded.append({"worker": w.pk, "name": w.name, "reason": gettext_noop("购买服务人员由服务机构发放工资，本表记录服务费")})
            continue
        start = w.hired_on
        end = w.left_on
        if w.employment_mode == EmploymentMode.REHIRED:
            fee_timeline = _timeline(fees.get(w.pk, []))
            fee = _at(fee_timeline, last)
            if fee is None:
                problems.append({"worker": w.pk, "name": w.name, "reason": gettext_noop("返聘人员未录入劳务协议约定的劳务费")})
                continue
            fl = rules.compute_rehired_line(month=first, fee=fee, start=start, end=end)
            notes = fl.notes + [insurance.get(w.pk, gettext_noop("未见覆盖本月的商业意外险记录（返聘人员必须购买商业意外险）"))]
            lines.append(
                PayLine(
                    run=run,
                    worker=w,
                    org_id=w.org_id,
                    kind=LineKind.REHIRED,
                    rank=w.rank,
                    days=fl.days,
                    month_days=fl.month_days,
                    gross=fl.gross,
                    iit=fl.iit,
                    net=fl.net,
                    total_cost=fl.total_cost,
                    tax_explanation="劳务报酬所得：收入不超过4000元的减除800元，超过的减除20%，按预扣率表二预扣",
                    shares={REHIRED_PAYER: str(fl.total_cost)},
                    notes=notes,
                )
            )
            continue
        if w.employment_mode not in SCALE_MODES:
            excluded.append(
                {"worker": w.pk, "name": w.name, "reason": f"用工方式“{w.get_employment_mode_display()}”不在工资表内"}
            )
            continue
        refusal = rules.treatment_refusal(qualifications.get(w.pk), required=needs_qualification, on=last)
        if refusal:
            excluded.append({"worker": w.pk, "name": w.name, "reason": refusal, "rule": rules.QUALIFICATION_RULE})
            continue
        rank_tl = ranks.get(w.pk) or ([(w.hired_on, w.rank)] if w.rank else [])
        grade_tl = _timeline(grades.get(w.pk, []))
        if not grade_tl:
            problems.append({"worker": w.pk, "name": w.name, "reason": gettext_noop("未核定薪级")})
            continue
        lo = max(first, start)
        boundaries = sorted(
            {lo}
            | {d for d, _ in rank_tl if lo < d <= last}
            | {d for d, _ in grade_tl if lo < d <= last}
            | {d for d in table_days if d > lo}
        )
        post_changes, grade_changes, missing = [], [], None
        for d in boundaries:
            table = t.pay_table(d)
            rank = _at(rank_tl, d)
            mapping = ladder if ladder else (table.rank_grades if table else None)
            pg = rules.post_grade_for_rank(rank, mapping)
            level = _at(grade_tl, d)
            post = tables.amount(table.post_pay, pg) if (table and pg) else None
            gp = tables.amount(table.grade_pay, level) if (table and level) else None
            if pg is None:
                missing = f"岗位等级“{rank or '未定级'}”未对应管理岗位等级（{rules.NOT_SET}）"
            elif post is None:
                missing = f"工资标准表缺少{tables.grade_name(pg)}岗位工资"
            elif level is None:
                missing = f"{d:%Y-%m-%d} 尚未核定薪级"
            elif gp is None:
                missing = f"工资标准表缺少薪级 {level} 级的薪级工资"
            if missing:
                break
            post_changes.append((d, post))
            grade_changes.append((d, gp))
        if missing:
            problems.append({"worker": w.pk, "name": w.name, "reason": missing})
            continue
        p = prior.get(w.pk, {})
        chain = [int(x) for x in w.org.path.strip("/").split("/") if x]
        worker_ratio, extras, link_notes = ratio, [], []
        if link:
            grade = results.get(w.pk)
            label = rules.GRADE_LABELS.get(grade, "无考核结果")
            factor = link["ratio"].get(grade) if grade else None
            worker_ratio, why = rules.linked_ratio(ratio, Decimal(factor) if factor else None, allowed)
            if why:
                link_notes.append(f"{first.year - 1}年度考核{label}，{why}")
            months = link["bonus_months"].get(grade) if grade else None
            if months and first.month == link["bonus_month"]:
                bonus = rules.annual_bonus(post_changes[-1][1] + grade_changes[-1][1], Decimal(months))
                extras.append((f"年度奖金（四挂钩：{first.year - 1}年度{label}，{months}个月基本工资）", bonus))
        inp = rules.LineInput(
            month=first,
            start=start,
            end=end,
            post_pay=post_changes,
            grade_pay=grade_changes,
            ratio=worker_ratio,
            extras=extras,
            allowances=t.allowances_for(chain, first, last),
            rates=rates,
            additional_deduction=deductions.get(w.pk, rules.ZERO),
            prior_income=p.get("income") or rules.ZERO,
            prior_special=p.get("special") or rules.ZERO,
            prior_additional=p.get("additional") or rules.ZERO,
            prior_withheld=p.get("withheld") or rules.ZERO,
            prior_months=p.get("months") or 0,
        )
        r = rules.compute_line(inp)
        final_rank = _at(rank_tl, last)
        mapping = ladder if ladder else (t.pay_table(last).rank_grades or None)
        line_shares = splitter(r.total_cost) if splitter else {UNSET_PAYER: r.total_cost}
        notes = list(r.notes) + link_notes
        if len(boundaries) > 1:
            notes.append(
                "本月岗位等级、薪级或工资标准有变动，按变动日期分段折算：" + "、".join(f"{d:%m-%d}起" for d in boundaries)
            )
        if not ladder:
            notes.append(f"政策{rules.NOT_SET}岗位等级对应的管理岗位等级，按本地工资标准表的对应执行")
        lines.append(
            PayLine(
                run=run,
                worker=w,
                org_id=w.org_id,
                kind=LineKind.SCALE,
                rank=final_rank or "",
                post_grade=rules.post_grade_for_rank(final_rank, mapping),
                grade_level=_at(grade_tl, last),
                ratio=worker_ratio,
                days=r.days,
                month_days=r.month_days,
                post_pay=r.post_pay,
                grade_pay=r.grade_pay,
                performance=r.performance,
                allowances=[[n, str(a)] for n, a in r.allowances],
                allowance_total=rules.money(sum((a for _, a in r.allowances), rules.ZERO)),
                gross=r.gross,
                contributions=[[c.item, str(c.base), str(c.employer), str(c.employee)] for c in r.contributions],
                employee_si=r.employee_si,
                employer_si=r.employer_si,
                additional_deduction=rules.money(inp.additional_deduction) if r.days else rules.ZERO,
                iit=r.iit,
                tax_explanation=(r.tax.explanation if r.tax else "")[:500],
                net=r.net,
                total_cost=r.total_cost,
                shares={k: str(v) for k, v in line_shares.items()},
                notes=notes,
            )
        )
    fees_out = _provider_fees(run, org, first, last)
    return lines, problems, excluded, fees_out


def _link(org: Org, policy, year: int) -> dict | None:
    """四挂钩 figures: the policy's (assessment_pay_factors) if it sets them, else the county's for the year."""
    from .models import AssessmentLink

    value = policy.get("assessment_pay_factors")
    if value:
        return {
            "ratio": value.get("ratio") or {},
            "bonus_months": value.get("bonus_months") or {},
            "bonus_month": int(value.get("bonus_month") or 1),
        }
    link = AssessmentLink.objects.filter(org=org, year=year).first()
    if link is None:
        return None
    return {"ratio": link.ratio_factors, "bonus_months": link.bonus_months, "bonus_month": link.bonus_month}


def _results(ids, year: int) -> dict[int, str]:
    from unionsw.assessment.models import Result

    return dict(Result.objects.filter(worker_id__in=ids, year=year).values_list("worker_id", "grade"))


def _qualifications(ids) -> dict[int, tuple[date, bool]]:
    """Beijing qualification certificates (seed 004) of the run's workers: {worker: (issued_on, revoked)}."""
    from unionsw.assessment.models import Qualification

    return {
        wid: (issued_on, revoked)
        for wid, issued_on, revoked in Qualification.objects.filter(worker_id__in=ids).values_list("worker_id", "issued_on", "revoked")
    }


def _insurance(ids, first: date, last: date) -> dict[int, str]:
    from unionsw.employment.models import Insurance

    out = {}
    for wid, insurer, number, ends in Insurance.objects.filter(
        worker_id__in=ids, starts_on__lte=last, ends_on__gte=first
    ).values_list("worker_id", "insurer", "policy_number", "ends_on"):
        out[wid] = f"商业意外险：{insurer} {number}（至 {ends:%Y-%m-%d}）"
    return out


def _provider_fees(run: PayrollRun, org: Org, first: date, last: date) -> list[ProviderFee]:
    """Purchased-service tenders of the county: the contract amount spread over the service period by
    calendar days, this month's days taken (exact, rounded once)."""
    from unionsw.employment.models import Contract, ContractStatus, Tender

    tenders = list(Tender.objects.filter(org__path__startswith=org.path, starts_on__lte=last, ends_on__gte=first).order_by("pk"))
    counts = dict(
        Contract.objects.filter(
            provider_id__in=[t.provider_id for t in tenders], status=ContractStatus.ACTIVE, worker__org__path__startswith=org.path
        )
        .values_list("provider_id")
        .annotate(n=Count("worker", distinct=True))
        .values_list("provider_id", "n")
    )
    out = []
    for tender in tenders:
        total_days = (tender.ends_on - tender.starts_on).days + 1
        lo, hi = max(first, tender.starts_on), min(last, tender.ends_on)
        days = (hi - lo).days + 1
        amount = rules.money(Fraction(tender.amount) * days / total_days)
        out.append(
            ProviderFee(
                run=run,
                tender=tender,
                amount=amount,
                workers=counts.get(tender.provider_id, 0),
                note=f"合同金额 {tender.amount} 元 × 本月服务 {days} 天 ÷ 服务期 {total_days} 天",
            )
        )
    return out


def _subtract(new: PayLine | None, old: dict | None, run: PayrollRun, worker: Worker | None) -> PayLine | None:
    """A correction line: new − already paid (original + approved corrections), None when nothing differs."""
    diff = {}
    for f in AMOUNT_FIELDS:
        a = getattr(new, f) if new is not None else rules.ZERO
        b = (old or {}).get(f) or rules.ZERO
        diff[f] = rules.money(a - b)
    if all(v == 0 for v in diff.values()):
        return None
    src = new
    shares_new = {k: Decimal(v) for k, v in (new.shares.items() if new else [])}
    shares_old = (old or {}).get("shares", {})
    payers = list(dict.fromkeys(list(shares_new) + list(shares_old)))
    shares = {p: str(rules.money(shares_new.get(p, rules.ZERO) - shares_old.get(p, rules.ZERO))) for p in payers}
    line = PayLine(
        run=run,
        worker=worker if worker is not None else src.worker,
        org_id=(src.org_id if src is not None else old["org_id"]),
        kind=(src.kind if src is not None else old["kind"]),
        rank=src.rank if src else "",
        post_grade=src.post_grade if src else None,
        grade_level=src.grade_level if src else None,
        ratio=src.ratio if src else None,
        days=src.days if src else 0,
        month_days=src.month_days if src else 0,
        allowances=src.allowances if src else [],
        contributions=src.contributions if src else [],
        shares=shares,
        notes=[gettext_noop("补发") if diff["net"] >= 0 else gettext_noop("扣回"), *((src.notes if src else []) or [])],
        tax_explanation=gettext_noop("补发/扣回：按更正后的数据重新计算，与已发放数之差"),
        **diff,
    )
    return line


def _paid_so_far(base: PayrollRun) -> dict[int, dict]:
    """Per worker, what the original run and its approved corrections paid."""
    runs = [base.pk, *PayrollRun.objects.filter(corrects=base, status=RunStatus.APPROVED).values_list("pk", flat=True)]
    paid: dict[int, dict] = {}
    for line in PayLine.objects.filter(run_id__in=runs).only("worker_id", "org_id", "kind", "shares", *AMOUNT_FIELDS):
        row = paid.setdefault(line.worker_id, {"org_id": line.org_id, "kind": line.kind, "shares": defaultdict(Decimal)})
        for f in AMOUNT_FIELDS:
            row[f] = row.get(f, rules.ZERO) + getattr(line, f)
        for k, v in line.shares.items():
            row["shares"][k] += Decimal(v)
    return paid


COPY_MIN_LINES = 50


def _write_lines(lines: list[PayLine]) -> None:
    """Bulk write. On PostgreSQL through COPY (INSERT … VALUES with four JSON columns a row was the slowest
    part of a run), elsewhere bulk_create. The values are the model's (Decimal, int, str, date; JSON as text)."""
    if connection.vendor != "postgresql" or len(lines) < COPY_MIN_LINES:
        PayLine.objects.bulk_create(lines, batch_size=2000)
        return
    import json

    fields = [f for f in PayLine._meta.concrete_fields if not f.primary_key]
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    table = connection.ops.quote_name(PayLine._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for line in lines:
            copy.write_row(
                [
                    json.dumps(getattr(line, f.attname), ensure_ascii=False)
                    if f.attname in json_fields
                    else getattr(line, f.attname)
                    for f in fields
                ]
            )


def _totals(lines: list[PayLine]) -> tuple[dict, dict]:
    totals = {f: rules.ZERO for f in AMOUNT_FIELDS}
    payers: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        for f in AMOUNT_FIELDS:
            totals[f] += getattr(line, f)
        for k, v in line.shares.items():
            payers[k] += Decimal(v)
    out = {f: str(rules.money(v)) for f, v in totals.items()}
    out["count"] = len(lines)
    out["scale"] = sum(1 for line in lines if line.kind == LineKind.SCALE)
    out["rehired"] = sum(1 for line in lines if line.kind == LineKind.REHIRED)
    return out, {k: str(rules.money(v)) for k, v in payers.items()}


@transaction.atomic
def run_compute(*, by, run: PayrollRun, version: int | None = None) -> PayrollRun:
    """(Re)compute a draft or computed run from today's data. Idempotent: the same data gives the same lines."""
    require(by, "pay.manage")
    require_org(by, run.org)
    run = _lock(run, version)
    if run.status not in (RunStatus.DRAFT, RunStatus.COMPUTED):
        raise Conflict(_("工资表状态为“%(status)s”，须先退回草稿才能重新计算") % {"status": run.get_status_display()})
    lines, problems, excluded, fees = compute_month(run)
    if run.kind == RunKind.CORRECTION:
        paid = _paid_so_far(run.corrects)
        by_worker = {line.worker_id: line for line in lines}
        workers = {line.worker_id: line.worker for line in lines}
        unresolved = {p["worker"] for p in problems}
        diffs = []
        for wid in sorted((set(by_worker) | set(paid)) - unresolved):
            diff = _subtract(by_worker.get(wid), paid.get(wid), run, workers.get(wid))
            if diff is not None:
                if diff.worker_id is None:
                    diff.worker_id = wid
                diffs.append(diff)
        lines = diffs
        fees = []
    PayLine.objects.filter(run=run).delete()
    PayShare.objects.filter(run=run).delete()
    ProviderFee.objects.filter(run=run).delete()
    _write_lines(lines)
    share_rows: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for line in lines:
        for payer, amount in line.shares.items():
            share_rows[(line.org_id, payer)] += Decimal(amount)
    PayShare.objects.bulk_create(
        [PayShare(run=run, org_id=o, month=run.month, payer=p, amount=rules.money(a)) for (o, p), a in share_rows.items()],
        batch_size=2000,
    )
    ProviderFee.objects.bulk_create(fees)
    run.totals, run.payer_totals = _totals(lines)
    run.totals["provider_fees"] = str(rules.money(sum((f.amount for f in fees), rules.ZERO)))
    run.problems = problems
    run.excluded = excluded
    run.status = RunStatus.COMPUTED
    run.computed_by = by
    run.computed_at = timezone.now()
    run.version += 1
    run.save()
    audit(
        by=by,
        action="pay.run_compute",
        target=run,
        detail={"lines": len(lines), "problems": len(problems), "gross": run.totals["gross"], "cost": run.totals["total_cost"]},
    )
    return run


@transaction.atomic
def run_review(*, by, run: PayrollRun, version: int | None = None) -> PayrollRun:
    require(by, "pay.manage")
    require_org(by, run.org)
    run = _lock(run, version)
    if run.status != RunStatus.COMPUTED:
        raise Conflict(_("只有“已计算”的工资表可以复核（当前：%(status)s）") % {"status": run.get_status_display()})
    if run.problems:
        raise ValidationError(_("还有 %(n)s 人未能计算，请先处理后重新计算") % {"n": len(run.problems)})
    run.status = RunStatus.REVIEWED
    run.reviewed_by = by
    run.reviewed_at = timezone.now()
    run.version += 1
    run.save(update_fields=["status", "reviewed_by", "reviewed_at", "version"])
    audit(by=by, action="pay.run_review", target=run, detail={"cost": run.totals.get("total_cost")})
    return run


def approval_allowed(by, run: PayrollRun) -> tuple[bool, str]:
    """The approving level per policy (payroll_approval_level); 未规定 → whoever holds pay.approve in scope.
    The explanation is shown on the run page and in the refusal (not stored): in the user's language."""
    level = effective_policy(run.org).get("payroll_approval_level")
    if level is None:
        return True, _("工资表审批层级：%(level)s（由持有“审批工资表”权限的工会审批）") % {"level": rules.NOT_SET}
    ok = by.org is not None and by.org.level == LEVEL_OF.get(level)
    name = OrgLevel(LEVEL_OF[level]).label if level in LEVEL_OF else level
    return ok, _("工资表审批层级：%(level)s") % {"level": name}


@transaction.atomic
def run_approve(*, by, run: PayrollRun, version: int | None = None) -> PayrollRun:
    """Lock the run. Two approvals racing: the row lock serialises them, the second finds it approved → 409."""
    require(by, "pay.approve")
    require_org(by, run.org)
    run = _lock(run, version)
    if run.status != RunStatus.REVIEWED:
        raise Conflict(_("只有“已复核”的工资表可以审批（当前：%(status)s）") % {"status": run.get_status_display()})
    ok, why = approval_allowed(by, run)
    if not ok:
        raise NotAllowed(_("本地区工资表须由规定层级审批（%(why)s）") % {"why": why})
    run.status = RunStatus.APPROVED
    run.approved_by = by
    run.approved_at = timezone.now()
    run.version += 1
    run.save(update_fields=["status", "approved_by", "approved_at", "version"])
    audit(
        by=by,
        action="pay.run_approve",
        target=run,
        detail={"cost": run.totals.get("total_cost"), "lines": run.totals.get("count")},
    )
    return run


@transaction.atomic
def run_return(*, by, run: PayrollRun, reason: str, version: int | None = None) -> PayrollRun:
    """Send a computed or reviewed run back to draft (never a locked one)."""
    if not (by.can("pay.manage") or by.can("pay.approve")):
        raise NotAllowed()
    require_org(by, run.org)
    run = _lock(run, version)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写退回理由")]})
    run.status = RunStatus.DRAFT
    run.version += 1
    run.save(update_fields=["status", "version"])
    audit(by=by, action="pay.run_return", target=run, detail={"reason": reason.strip()[:300]})
    return run


@transaction.atomic
def run_delete(*, by, run: PayrollRun, version: int | None = None) -> None:
    """Delete a draft that was opened by mistake (a locked run cannot be deleted)."""
    require(by, "pay.manage")
    require_org(by, run.org)
    run = _lock(run, version)
    if run.status != RunStatus.DRAFT:
        raise ValidationError(_("只能删除草稿状态的工资表"))
    audit(by=by, action="pay.run_delete", target=run.org, detail={"run": run.pk, "month": f"{run.month:%Y-%m}"})
    run.delete()


def month_after(month: date) -> date:
    return (first_of(month) + timedelta(days=32)).replace(day=1)
