"""Pay writes. Each is one transaction, checks the permission and the scope, validates with messages in the
user's language (the Chinese is the msgid) and is audited. The payroll run services are in runs.py."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.scope import org_in_scope
from unionsw.orgs.models import Org, OrgLevel
from unionsw.orgs.policy import effective_policy
from unionsw.workers.models import EmploymentMode, Worker

from . import rules
from .models import Allowance, ContributionTable, GradeAssignment, PayTable, PerformanceRatio, ServiceFee, TaxDeduction
from .tables import GRADES, LEVELS


class Conflict(StaleVersion):
    """A lost race or a changed record: answered 409 with the Chinese message."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("数据已被其他人修改，请刷新页面后重试"))


def require(by, code: str) -> None:
    if by is None or not by.can(code):
        raise NotAllowed()


def require_org(by, org: Org) -> None:
    if not org_in_scope(by, org):
        raise OutOfScope()


def _table_org(by, org: Org) -> None:
    require(by, "pay.table")
    require_org(by, org)
    if org.level > OrgLevel.COUNTY:
        raise ValidationError({"org": [_("工资标准由县级及以上工会设定")]})


def _clean_amounts(raw: dict, keys: list[int], label: str) -> dict[str, str]:
    out, errors = {}, []
    for k, v in (raw or {}).items():
        try:
            key = int(k)
        except (TypeError, ValueError):
            errors.append(_("%(label)s：等级“%(key)s”不正确") % {"label": label, "key": k})
            continue
        if key not in keys:
            errors.append(
                _("%(label)s：等级 %(key)s 超出范围（%(low)s–%(high)s级）") % {"label": label, "key": key, "low": keys[0], "high": keys[-1]}
            )
            continue
        if v in (None, ""):
            continue
        try:
            out[str(key)] = str(rules.parse_money(v, label=_("%(label)s%(key)s级") % {"label": label, "key": key}))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if not out and not errors:
        errors.append(_("请至少填写一个%(label)s标准") % {"label": label})
    if errors:
        raise ValidationError(errors)
    return dict(sorted(out.items(), key=lambda kv: int(kv[0])))


def _clean_start_levels(raw: dict | None) -> dict[str, int]:
    from unionsw.workers.models import Education

    out = {}
    for k, v in (raw or {}).items():
        if v in (None, ""):
            continue
        if k not in Education.values:
            raise ValidationError({"start_levels": [_("学历“%(value)s”不正确") % {"value": k}]})
        try:
            level = int(v)
        except (TypeError, ValueError):
            raise ValidationError({"start_levels": [_("建议起点薪级应为 1–65 的整数")]}) from None
        if level not in LEVELS:
            raise ValidationError({"start_levels": [_("建议起点薪级应为 1–65 的整数")]})
        out[k] = level
    return out


def _dated_row_errors(name: str, effective_from) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写名称")]
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("请填写生效日期")]
    return errors


def _versioned_save(model, *, by, org: Org, row, version: int | None, actions: tuple[str, str], duplicate: str, fields: dict, detail):
    """Create a dated row of `org` (a pay table, an SI/HF table), or change `row` if the caller read
    `version` of it: the row is locked, a different version is a 409, the version goes up by one. A second
    row for the same org and effective date is refused with `duplicate`. Audited as `actions` (create, update)
    with `detail(row)`. The caller has checked the permission, the scope and the fields."""
    create_action, update_action = actions
    if row is None:
        row = model(org=org, created_by=by)
        action = create_action
    else:
        row = model.objects.select_for_update().get(pk=row.pk)
        if row.org_id != org.pk:
            raise OutOfScope()
        if version is not None and row.version != version:
            raise StaleVersion()
        row.version += 1
        action = update_action
    for field, value in fields.items():
        setattr(row, field, value)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError({"effective_from": [duplicate]}) from None
    audit(by=by, action=action, target=org, detail=detail(row))
    return row


@transaction.atomic
def pay_table_save(
    *,
    by,
    org: Org,
    name: str,
    effective_from: date,
    post_pay: dict,
    grade_pay: dict,
    start_levels: dict | None = None,
    rank_grades: dict | None = None,
    source: str = "",
    is_example: bool = False,
    table: PayTable | None = None,
    version: int | None = None,
) -> PayTable:
    """Create a pay table, or change one (`table` + the version the editor read)."""
    _table_org(by, org)
    errors = _dated_row_errors(name, effective_from)
    for field, raw, keys, label in (
        ("post_pay", post_pay, GRADES, _("岗位工资")),
        ("grade_pay", grade_pay, LEVELS, _("薪级工资")),
    ):
        try:
            cleaned = _clean_amounts(raw, keys, label)
        except ValidationError as exc:
            errors[field] = exc.messages
        else:
            if field == "post_pay":
                post_pay = cleaned
            else:
                grade_pay = cleaned
    try:
        start_levels = _clean_start_levels(start_levels)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    grades = {}
    for rank, grade in (rank_grades or {}).items():
        if grade in (None, "") or not str(rank).strip():
            continue
        try:
            g = int(grade)
        except (TypeError, ValueError):
            g = 0
        if g not in GRADES:
            errors.setdefault("rank_grades", []).append(_("“%(rank)s”对应的管理岗位等级应为 1–10") % {"rank": rank})
        grades[str(rank).strip()[:20]] = g
    if errors:
        raise ValidationError(errors)
    return _versioned_save(
        PayTable,
        by=by,
        org=org,
        row=table,
        version=version,
        actions=("pay.table_create", "pay.table_update"),
        duplicate=_("该组织在这一生效日期已有工资标准表，请修改原表或换一个日期"),
        fields={
            "name": name.strip()[:100],
            "effective_from": effective_from,
            "post_pay": post_pay,
            "grade_pay": grade_pay,
            "start_levels": start_levels,
            "rank_grades": grades,
            "source": (source or "").strip()[:300],
            "is_example": bool(is_example),
        },
        detail=lambda t: {"table": t.name, "from": str(effective_from), "example": t.is_example},
    )


def _clean_items(items: list[dict]) -> list[dict]:
    rates, out = [], []
    errors = []
    for item in items:
        code = item.get("item")
        if not any(item.get(k) not in (None, "") for k in ("employer_rate", "employee_rate")):
            continue
        label = rules.SI_ITEMS.get(code, str(code))
        try:
            er = rules.parse_ratio(item.get("employer_rate") or "0", label=_("%(item)s单位比例") % {"item": label})
            ee = rules.parse_ratio(item.get("employee_rate") or "0", label=_("%(item)s个人比例") % {"item": label})
            lo = (
                rules.parse_money(item["base_floor"], label=_("%(item)s缴费基数下限") % {"item": label})
                if item.get("base_floor") not in (None, "")
                else None
            )
            hi = (
                rules.parse_money(item["base_ceiling"], label=_("%(item)s缴费基数上限") % {"item": label})
                if item.get("base_ceiling") not in (None, "")
                else None
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        rates.append(rules.ContributionRate(code, er, ee, lo, hi))
        out.append(
            {
                "item": code,
                "employer_rate": str(er),
                "employee_rate": str(ee),
                "base_floor": str(lo) if lo is not None else "",
                "base_ceiling": str(hi) if hi is not None else "",
            }
        )
    if errors:
        raise ValidationError(errors)
    rules.validate_rates(rates)
    if not out:
        raise ValidationError(_("请至少填写一个险种的缴费比例"))
    return out


@transaction.atomic
def contribution_table_save(
    *,
    by,
    org: Org,
    name: str,
    effective_from: date,
    items: list[dict],
    source: str = "",
    is_example: bool = False,
    table: ContributionTable | None = None,
    version: int | None = None,
) -> ContributionTable:
    _table_org(by, org)
    errors = _dated_row_errors(name, effective_from)
    try:
        items = _clean_items(items)
    except ValidationError as exc:
        errors["items"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return _versioned_save(
        ContributionTable,
        by=by,
        org=org,
        row=table,
        version=version,
        actions=("pay.contribution_create", "pay.contribution_update"),
        duplicate=_("该组织在这一生效日期已有缴费标准，请修改原表或换一个日期"),
        fields={
            "name": name.strip()[:100],
            "effective_from": effective_from,
            "items": items,
            "source": (source or "").strip()[:300],
            "is_example": bool(is_example),
        },
        detail=lambda t: {"table": t.name, "from": str(effective_from), "items": items},
    )


@transaction.atomic
def allowance_add(
    *,
    by,
    org: Org,
    name: str,
    amount,
    effective_from: date,
    effective_to: date | None = None,
    source: str = "",
    is_example: bool = False,
) -> Allowance:
    _table_org(by, org)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写项目名称")]
    try:
        value = rules.parse_money(amount, label=_("每月金额"))
    except ValidationError as exc:
        errors["amount"] = exc.messages
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("请填写起始日期")]
    elif effective_to is not None and effective_to < effective_from:
        errors["effective_to"] = [_("截止日期不能早于起始日期")]
    if errors:
        raise ValidationError(errors)
    a = Allowance.objects.create(
        org=org,
        name=name.strip()[:50],
        amount=value,
        effective_from=effective_from,
        effective_to=effective_to,
        source=(source or "").strip()[:300],
        is_example=is_example,
        created_by=by,
    )
    audit(
        by=by, action="pay.allowance_add", target=org, detail={"name": a.name, "amount": str(value), "from": str(effective_from)}
    )
    return a


@transaction.atomic
def allowance_end(*, by, allowance: Allowance, effective_to: date, version: int | None = None) -> Allowance:
    """Stop an allowance from a date (the item stays, with its dates, for the runs that paid it). A new amount
    is a new item from its date: runs and corrections of earlier months keep the amount they paid."""
    _table_org(by, allowance.org)
    allowance = Allowance.objects.select_for_update().get(pk=allowance.pk)
    if version is not None and allowance.version != version:
        raise StaleVersion()
    if not isinstance(effective_to, date) or effective_to < allowance.effective_from:
        raise ValidationError({"effective_to": [_("截止日期不能早于起始日期")]})
    allowance.effective_to = effective_to
    allowance.version += 1
    allowance.save(update_fields=["effective_to", "version"])
    audit(by=by, action="pay.allowance_end", target=allowance.org, detail={"name": allowance.name, "to": str(effective_to)})
    return allowance


@transaction.atomic
def performance_ratio_set(*, by, org: Org, year: int, ratio, reason: str) -> PerformanceRatio:
    """The county sets the year's ratio; the profile's range (Shandong 70 %–100 %) is enforced."""
    require(by, "pay.manage")
    require_org(by, org)
    if org.level != OrgLevel.COUNTY:
        raise ValidationError({"org": [_("绩效工资比例由县级工会按年度设定")]})
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("年度不正确")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写依据（如 县总工会党组会议纪要、文号）")]
    try:
        value = rules.parse_ratio(ratio, label=_("绩效工资比例"))
        rules.check_performance_ratio(
            value, effective_policy(org, date(year if isinstance(year, int) else 2000, 1, 1)).get("performance_pay_ratio")
        )
    except ValidationError as exc:
        errors["ratio"] = exc.messages
    if errors:
        raise ValidationError(errors)
    obj, created = PerformanceRatio.objects.update_or_create(
        org=org, year=year, defaults={"ratio": value, "reason": reason.strip()[:300], "set_by": by}
    )
    audit(by=by, action="pay.ratio_set", target=org, detail={"year": year, "ratio": str(value), "reason": obj.reason})
    return obj


@transaction.atomic
def cost_shares_set(*, by, org: Org, shares: dict, effective_from: date, source: str):
    """The province (or the level the seed leaves it to) sets the shares of the profile's payers; they must
    add up to 100 %. Stored as a policy override, so history and the policy page show it."""
    from unionsw.orgs.services import policy_override_add

    require(by, "pay.shares")
    require_org(by, org)
    payers = effective_policy(org, effective_from if isinstance(effective_from, date) else None).get("cost_payers")
    if not payers:
        raise ValidationError(_("本地政策未规定工资承担方，请先在政策配置中设定“工资承担方”"))
    parsed, errors = {}, []
    for payer in payers:
        raw = shares.get(payer)
        if raw in (None, ""):
            continue
        try:
            parsed[payer] = rules.parse_ratio(raw, label=payer)
        except ValidationError as exc:
            errors.extend(exc.messages)
    unknown = set(shares) - set(payers)
    if unknown:
        errors.append(_("“%(payers)s”不是政策规定的承担方") % {"payers": _("、").join(sorted(unknown))})
    if errors:
        raise ValidationError(errors)
    rules.check_shares(parsed, payers)
    value = {p: float(r) for p, r in parsed.items()}
    return policy_override_add(by=by, org=org, key="cost_shares", value=value, effective_from=effective_from, source=source)


# ---------------------------------------------------------------------------------------------
# one worker


def _worker_scope(by, worker: Worker, code: str = "pay.manage") -> None:
    require(by, code)
    require_org(by, worker.org)


@transaction.atomic
def grade_set(*, by, worker: Worker, level, effective_from: date, reason: str, suggested: int | None = None) -> GradeAssignment:
    """Seed 000: 薪级工资可结合个人实际情况，比照当地事业单位同等条件人员确定 — the county decides, with a reason."""
    _worker_scope(by, worker)
    errors: dict[str, list[str]] = {}
    try:
        level = int(level)
    except (TypeError, ValueError):
        errors["level"] = [_("薪级应为 1–65 的整数")]
    else:
        if level not in LEVELS:
            errors["level"] = [_("薪级应为 1–65 的整数")]
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("请填写生效日期")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写确定薪级的理由（如 比照当地事业单位同等条件人员确定）")]
    if worker.employment_mode == EmploymentMode.REHIRED:
        errors["level"] = [_("返聘人员不执行薪酬标准，不定薪级")]
    if errors:
        raise ValidationError(errors)
    row = GradeAssignment.objects.create(
        worker=worker, level=level, effective_from=effective_from, reason=reason.strip()[:300], suggested=suggested, set_by=by
    )
    audit(
        by=by,
        action="pay.grade_set",
        target=worker,
        detail={"level": level, "from": str(effective_from), "reason": row.reason, "suggested": suggested},
    )
    return row


@transaction.atomic
def tax_deduction_set(*, by, worker: Worker, monthly, effective_from: date, note: str = "") -> TaxDeduction:
    _worker_scope(by, worker)
    errors: dict[str, list[str]] = {}
    try:
        value = rules.parse_money(monthly, label=_("每月专项附加扣除"))
    except ValidationError as exc:
        errors["monthly"] = exc.messages
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("请填写起始月份")]
    if errors:
        raise ValidationError(errors)
    row = TaxDeduction.objects.create(
        worker=worker, monthly=value, effective_from=effective_from.replace(day=1), note=(note or "").strip()[:200], set_by=by
    )
    audit(by=by, action="pay.tax_deduction_set", target=worker, detail={"monthly": str(value), "from": str(row.effective_from)})
    return row


@transaction.atomic
def service_fee_set(*, by, worker: Worker, monthly, effective_from: date, contract=None) -> ServiceFee:
    """The 劳务费 of a rehired retiree's 劳务协议 (seed 000: 协商确定劳务费用)."""
    _worker_scope(by, worker)
    errors: dict[str, list[str]] = {}
    if worker.employment_mode != EmploymentMode.REHIRED:
        errors["worker"] = [_("只有返聘人员按劳务协议领取劳务费")]
    try:
        value = rules.parse_money(monthly, label=_("每月劳务费"))
    except ValidationError as exc:
        errors["monthly"] = exc.messages
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("请填写起始日期")]
    if contract is not None and contract.worker_id != worker.pk:
        errors["contract"] = [_("劳务协议不属于该人员")]
    if errors:
        raise ValidationError(errors)
    row = ServiceFee.objects.create(worker=worker, contract=contract, monthly=value, effective_from=effective_from, set_by=by)
    audit(by=by, action="pay.service_fee_set", target=worker, detail={"monthly": str(value), "from": str(effective_from)})
    return row


def suggested_level(worker: Worker, *, on: date, start_levels: dict | None) -> tuple[int | None, str]:
    """A suggestion only (never applied by itself): the table's starting level for the education plus one
    level per full year since hire. The text is shown on the worker's page (not stored)."""
    years = rules.full_years(worker.hired_on, on) if worker.hired_on else 0
    level = rules.suggest_grade_level(education=worker.education, service_years=years, start_levels=start_levels)
    edu = worker.get_education_display()
    if level is None:
        return None, _("工资标准表未给出%(edu)s的建议起点薪级：%(not_set)s") % {"edu": edu, "not_set": rules.NOT_SET}
    return level, _("建议（仅供参考）：%(edu)s起点 %(start)s 级 + 工作年限 %(years)s 年 = %(level)s 级") % {
        "edu": edu,
        "start": start_levels[worker.education],
        "years": years,
        "level": level,
    }


@transaction.atomic
def bank_account_set(*, by, worker: Worker, bank: str, account: str):
    """The salary account of a worker (encrypted; lists show it masked)."""
    from unionsw.core import crypto

    from .models import BankAccount

    _worker_scope(by, worker)
    errors: dict[str, list[str]] = {}
    bank = (bank or "").strip()
    number = "".join((account or "").split())
    if not bank:
        errors["bank"] = [_("请填写开户银行")]
    if not (number.isdigit() and 8 <= len(number) <= 30):
        errors["account"] = [_("银行账号应为 8–30 位数字")]
    if errors:
        raise ValidationError(errors)
    masked = f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
    row, _created = BankAccount.objects.update_or_create(
        worker=worker, defaults={"bank": bank[:60], "account_enc": crypto.encrypt(number), "account_masked": masked, "set_by": by}
    )
    audit(by=by, action="pay.bank_account_set", target=worker, detail={"bank": row.bank, "account": masked})
    return row


@transaction.atomic
def assessment_link_set(*, by, org: Org, year: int, ratio_factors: dict, bonus_months: dict, bonus_month: int, reason: str):
    """The county's 四挂钩 figures for a pay year (where the policy sets none: 未规定 until then)."""
    from .models import AssessmentLink

    require(by, "pay.manage")
    require_org(by, org)
    if org.level != OrgLevel.COUNTY:
        raise ValidationError({"org": [_("四挂钩系数由县级工会按年度设定")]})
    errors: list[str] = []
    factors, months = {}, {}
    for grade, label in rules.GRADE_LABELS.items():
        raw = (ratio_factors or {}).get(grade)
        if raw not in (None, ""):
            try:
                f = rules.to_decimal(str(raw).strip())
            except ValidationError:
                f = None
            if f is None or not f.is_finite() or f < 0 or f > 2:
                errors.append(_("%(grade)s的绩效比例系数应在 0 到 2 之间，如 1.1") % {"grade": label})
            else:
                factors[grade] = str(f)
        raw = (bonus_months or {}).get(grade)
        if raw not in (None, ""):
            try:
                m = rules.to_decimal(str(raw).strip())
            except ValidationError:
                m = None
            if m is None or not m.is_finite() or m < 0 or m > 12:
                errors.append(_("%(grade)s的年度奖金倍数应在 0 到 12 之间，如 1.5") % {"grade": label})
            else:
                months[grade] = str(m)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.append(_("年度不正确"))
    if not isinstance(bonus_month, int) or not 1 <= bonus_month <= 12:
        errors.append(_("年度奖金发放月份应为 1–12"))
    if not (reason or "").strip():
        errors.append(_("请填写依据"))
    if not factors and not months:
        errors.append(_("请至少填写一个系数"))
    if errors:
        raise ValidationError(errors)
    link, _created = AssessmentLink.objects.update_or_create(
        org=org,
        year=year,
        defaults={
            "ratio_factors": factors,
            "bonus_months": months,
            "bonus_month": bonus_month,
            "reason": reason.strip()[:300],
            "set_by": by,
        },
    )
    audit(by=by, action="pay.assessment_link_set", target=org, detail={"year": year, "ratio": factors, "bonus": months})
    return link
