"""Writes of posts, contracts and exits: keyword-only, one transaction each, permission + scope checked,
audited inside. The worker's own fields (status, left_on, org, post_title) change only through
`unionsw.workers.services.worker_update`, so the registry's history records every move."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from unionsw.core import parsing
from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.scope import org_in_scope
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import effective_policy, soft_hint, soft_override_reason
from unionsw.workers import services as worker_services
from unionsw.workers.models import Worker, WorkerStatus

from . import rules
from .models import (
    Contract,
    ContractEvent,
    ContractKind,
    ContractStatus,
    Dispute,
    DisputeStatus,
    HoldingEnd,
    Insurance,
    Movement,
    MovementKind,
    Post,
    PostHolding,
    PostKind,
    ServiceProvider,
    Tender,
    TermType,
)

# the stored values (Post.funding): gettext_noop keeps them Chinese; messages translate them when shown
FUNDING = [gettext_noop("公开招聘"), gettext_noop("购买服务"), gettext_noop("返聘"), gettext_noop("公益性岗位")]
# the Chinese of the lost-race messages, translated where they are raised
FILL_CONFLICT = gettext_noop("该岗位刚刚已由其他管理员安排人员到岗，您的操作未保存，请刷新后查看")
ALREADY_ON_POST = gettext_noop("该社工已在此岗位（可能是重复提交），无需再次安排，请刷新后查看")


def _require(by, code: str) -> None:
    if by is None or not by.can(code):
        raise NotAllowed()


def _in_scope(by, org) -> None:
    if not org_in_scope(by, org):
        raise OutOfScope()


def _date(value, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: [gettext("请填写%(label)s（如 2025-03-01）") % {"label": gettext(label)}]})
    return value


def _text(value, field: str, label: str, max_len: int = 300) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: [gettext("请填写%(label)s") % {"label": gettext(label)}]})
    if len(text) > max_len:
        raise ValidationError({field: [gettext("%(label)s不超过%(max)s个字") % {"label": gettext(label), "max": max_len}]})
    return text


def _locked_worker(worker: Worker) -> Worker:
    return Worker.objects.select_for_update().select_related("org").get(pk=worker.pk)


def _update_worker(by, worker: Worker, data: dict, reason: str, permission: str = "worker.change") -> Worker:
    worker = _locked_worker(worker)
    return worker_services.worker_update(
        by=by, worker=worker, data=data, version=worker.version, reason=reason, permission=permission
    )


# ---------------------------------------------------------------- posts


def _money(value):
    """(Decimal or None, error): a monthly amount in yuan, 0–1,000,000, at most two decimals."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return None, None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None, gettext("约定月劳动报酬须填写金额（元），如 4500 或 4500.50")
    if not amount.is_finite() or amount < 0 or amount > 1_000_000 or amount != amount.quantize(Decimal("0.01")):
        return None, gettext("约定月劳动报酬须为 0 至 1,000,000 元之间、最多两位小数的金额")
    return amount.quantize(Decimal("0.01")), None


def _rule_source(policy, key: str) -> str:
    """The document a rule comes from, as the policy cites it (for error messages)."""
    value = policy.values.get(key)
    source = getattr(value, "source", "") or ""
    return source.split("：", 1)[0] if source else gettext("政策配置")  # a cited document keeps its Chinese name


@transaction.atomic
def post_create(*, by, unit, kind: PostKind, rank_band: str = "", funding: str = "", note: str = "") -> Post:
    _require(by, "post.manage")
    _in_scope(by, unit)
    errors = {}
    if unit.level != OrgLevel.TOWNSHIP and unit.level != OrgLevel.COUNTY:
        errors["unit"] = [gettext("岗位设在乡镇（街道）、开发区、行业工会联合会等基层工会或县级总工会")]
    if kind is None or not kind.is_active:
        errors["kind"] = [gettext("请选择岗位类别")]
    rank_band = (rank_band or "").strip()
    funding = (funding or "").strip()
    if funding and funding not in FUNDING:
        errors["funding"] = [gettext("用工方式须为：%(modes)s") % {"modes": gettext("、").join(gettext(f) for f in FUNDING)}]
    policy = effective_policy(unit)
    if funding == "返聘" and rank_band and policy.get("rehired_outside_ladder"):
        errors["rank_band"] = [gettext("返聘岗位不定级（%(source)s）") % {"source": _rule_source(policy, "rehired_outside_ladder")}]
    ladder = policy.get("ladder")
    if rank_band and not (ladder and rank_band in ladder):
        errors["rank_band"] = [
            gettext("岗位等级须为：%(ranks)s") % {"ranks": "、".join(ladder)} if ladder else gettext("岗位等级须为：（政策未规定等级序列，请留空）")
        ]
    if errors:
        raise ValidationError(errors)
    post = Post.objects.create(
        unit=unit,
        kind=kind,
        rank_band=rank_band,
        funding=funding,
        note=(note or "").strip()[:200],
        vacant_since=timezone.localdate(),
    )
    audit(by=by, action="post.create", target=post, detail={"unit": unit.name, "kind": kind.name, "rank_band": rank_band})
    return post


def _check_fill(post: Post, worker: Worker, on) -> None:
    errors: dict[str, list[str]] = {}
    if not isinstance(on, date):
        errors["on"] = [gettext("请填写到岗日期（如 2025-03-01）")]
    elif on < worker.hired_on:
        errors["on"] = [gettext("到岗日期不能早于入职日期 %(date)s") % {"date": f"{worker.hired_on:%Y-%m-%d}"}]
    if not post.is_active:
        errors["post"] = [gettext("该岗位已停用")]
    if worker.status != WorkerStatus.ACTIVE:
        errors["worker"] = [
            gettext("%(name)s 当前状态为%(status)s，不能安排到岗") % {"name": worker.name, "status": str(worker.get_status_display())}
        ]
    if rules.is_rehired(worker) and post.rank_band:
        # seed 000: 返聘人员不执行…职业发展…制度 — a ranked post band belongs to the ladder.
        errors["worker"] = [gettext("返聘人员不纳入岗位等级序列，不能聘任到定级岗位（请选择不定级岗位）")]
    if errors:
        raise ValidationError(errors)


def _open_holding(post: Post, worker: Worker, on: date, reason: str, by) -> PostHolding:
    try:
        with transaction.atomic():
            holding = PostHolding.objects.create(post=post, worker=worker, started_on=on, start_reason=reason, created_by=by)
            Post.objects.filter(pk=post.pk).update(holder=worker, held_since=on, vacant_since=None, version=post.version + 1)
    except IntegrityError:
        raise StaleVersion(gettext(FILL_CONFLICT)) from None
    post.holder, post.held_since, post.vacant_since, post.version = worker, on, None, post.version + 1
    return holding


def _close_holding(worker: Worker, on: date, end_kind: str, reason: str) -> PostHolding | None:
    holding = PostHolding.objects.select_for_update().select_related("post").filter(worker=worker, ended_on__isnull=True).first()
    if holding is None:
        return None
    if on < holding.started_on:
        raise ValidationError({"on": [gettext("日期不能早于其到岗日期 %(date)s") % {"date": f"{holding.started_on:%Y-%m-%d}"}]})
    holding.ended_on, holding.end_kind, holding.end_reason = on, end_kind, reason[:200]
    holding.save(update_fields=["ended_on", "end_kind", "end_reason"])
    Post.objects.filter(pk=holding.post_id).update(holder=None, held_since=None, vacant_since=on)
    return holding


@transaction.atomic
def post_fill(*, by, post: Post, worker: Worker, on: date, reason: str) -> PostHolding:
    """Put a worker on a vacant post (after hire, or from the waiting list). Two admins filling the same
    post at once: the row lock serialises them and the partial unique index catches anything else;
    the loser gets FILL_CONFLICT and nothing is written."""
    _require(by, "post.manage")
    _in_scope(by, post.unit)
    _in_scope(by, worker.org)
    reason = _text(reason, "reason", gettext_noop("到岗原因（如 公开招聘录用）"), 100)
    locked = Post.objects.select_for_update().select_related("unit", "kind").get(pk=post.pk)
    if locked.holder_id is not None:
        # both a lost race: another admin filled it, or the same fill (a double submit) got there first
        raise StaleVersion(gettext(FILL_CONFLICT if locked.holder_id != worker.pk else ALREADY_ON_POST))
    worker = _locked_worker(worker)
    _check_fill(locked, worker, on)
    if PostHolding.objects.filter(worker=worker, ended_on__isnull=True).exists():
        raise ValidationError({"worker": [gettext("%(name)s 已在其他岗位，请使用“调动/轮岗”") % {"name": worker.name}]})
    holding = _open_holding(locked, worker, on, reason, by)
    data = {"post_title": locked.kind.name}
    if worker.org_id != locked.unit_id:
        data["org"] = locked.unit
    _update_worker(by, worker, data, f"到岗：{locked}（{reason}）", permission="post.manage")
    Movement.objects.create(worker=worker, kind="fill", on=on, reason=reason, to_post=locked, by=by)
    audit(by=by, action="post.fill", target=locked, detail={"worker": worker.name, "on": on.isoformat(), "reason": reason})
    post.holder, post.version = worker, locked.version
    return holding


@transaction.atomic
def post_transfer(*, by, worker: Worker, post: Post, on: date, reason: str, kind: str = HoldingEnd.TRANSFER) -> PostHolding:
    """调动 / 轮岗交流 (seed 003): leave the current post and take a vacant one the same day."""
    _require(by, "post.manage")
    _in_scope(by, worker.org)
    _in_scope(by, post.unit)
    if kind not in (HoldingEnd.TRANSFER, HoldingEnd.ROTATION):
        raise ValidationError({"kind": [gettext("请选择调动或轮岗交流")]})
    reason = _text(reason, "reason", gettext_noop("调动原因"), 200)
    locked = Post.objects.select_for_update().select_related("unit", "kind").get(pk=post.pk)
    if locked.holder_id is not None:
        # both a lost race: another admin filled it, or the same fill (a double submit) got there first
        raise StaleVersion(gettext(FILL_CONFLICT if locked.holder_id != worker.pk else ALREADY_ON_POST))
    worker = _locked_worker(worker)
    _check_fill(locked, worker, on)
    old = _close_holding(worker, on, kind, reason)
    holding = _open_holding(locked, worker, on, f"{HoldingEnd(kind).label}：{reason}", by)
    data = {"post_title": locked.kind.name}
    if worker.org_id != locked.unit_id:
        data["org"] = locked.unit
    _update_worker(
        by,
        worker,
        data,
        f"{HoldingEnd(kind).label}：{old.post if old else '无岗位'} → {locked}（{reason}）",
        permission="post.manage",
    )
    Movement.objects.create(
        worker=worker, kind=kind, on=on, reason=reason, from_post=old.post if old else None, to_post=locked, by=by
    )
    audit(
        by=by,
        action=f"post.{kind}",
        target=locked,
        detail={"worker": worker.name, "from": str(old.post) if old else "", "on": on.isoformat(), "reason": reason},
    )
    return holding


@transaction.atomic
def worker_post_assign(*, by, worker: Worker, post: Post, on: date, reason: str) -> PostHolding | None:
    """The post chosen for a worker on the worker form (issue 12): fill it when the worker holds none,
    move them to it (调动) when they hold another, nothing when it is already theirs. Same rules and the
    same single-holder guarantee as the post pages (FILL_CONFLICT when someone took it first)."""
    current = PostHolding.objects.filter(worker=worker, ended_on__isnull=True).values_list("post_id", flat=True).first()
    if current == post.pk:
        return None
    if current is None:
        return post_fill(by=by, post=post, worker=worker, on=on, reason=reason)
    return post_transfer(by=by, worker=worker, post=post, on=on, reason=reason, kind=HoldingEnd.TRANSFER)


def ensure_default_post_kinds() -> None:
    """The platform's default post kinds, as migration 0002 seeds them (its list is the one source): for a
    database whose rows were flushed or restored without them. Idempotent; existing kinds are left as they are."""
    from importlib import import_module

    kinds = import_module("unionsw.employment.migrations.0002_default_post_kinds").KINDS
    for i, (name, desc) in enumerate(kinds):
        PostKind.objects.get_or_create(name=name, defaults={"description": desc, "sort": i})


@transaction.atomic
def post_kind_create(*, by, name: str, description: str = "") -> PostKind:
    """Post kinds are one list for the platform (组建指导岗, 维权服务岗…); the province maintains it."""
    _require(by, "postkind.manage")
    name = parsing.plain_name(name, field="name", label=gettext("岗位类别名称"), max_len=30)
    if PostKind.objects.filter(name=name).exists():
        raise ValidationError({"name": [gettext("该岗位类别已存在")]})
    sort = (PostKind.objects.order_by("-sort").values_list("sort", flat=True).first() or 0) + 1
    kind = PostKind.objects.create(name=name, description=(description or "").strip()[:200], sort=sort)
    audit(by=by, action="postkind.create", target=kind)
    return kind


@transaction.atomic
def post_kind_toggle(*, by, kind: PostKind) -> PostKind:
    """Disable (new posts can no longer use it; existing posts keep it) or re-enable a kind."""
    _require(by, "postkind.manage")
    kind.is_active = not kind.is_active
    kind.save(update_fields=["is_active"])
    audit(by=by, action="postkind.toggle", target=kind, detail={"is_active": kind.is_active})
    return kind


# ---------------------------------------------------------------- providers and tenders


@transaction.atomic
def provider_create(*, by, org, name: str, credit_code: str = "", contact: str = "") -> ServiceProvider:
    _require(by, "post.manage")
    _in_scope(by, org)
    name = parsing.plain_name(name, field="name", label=gettext("社会组织名称"), max_len=100)
    credit_code = (credit_code or "").strip().upper()
    if credit_code and (len(credit_code) != 18 or not credit_code.isalnum()):
        raise ValidationError({"credit_code": [gettext("统一社会信用代码应为18位数字或字母")]})
    if ServiceProvider.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": [gettext("该机构已登记")]})
    provider = ServiceProvider.objects.create(org=org, name=name, credit_code=credit_code, contact=(contact or "").strip()[:100])
    audit(by=by, action="provider.create", target=provider, detail={"org": org.name})
    return provider


@transaction.atomic
def tender_create(*, by, provider: ServiceProvider, title: str, starts_on, ends_on, amount, number: str = "", posts=()) -> Tender:
    _require(by, "post.manage")
    _in_scope(by, provider.org)
    title = _text(title, "title", gettext_noop("项目名称"), 150)
    errors: dict[str, list[str]] = {}
    if not isinstance(starts_on, date):
        errors["starts_on"] = [gettext("请填写服务期起（如 2025-01-01）")]
    if not isinstance(ends_on, date):
        errors["ends_on"] = [gettext("请填写服务期止（如 2025-12-31）")]
    elif isinstance(starts_on, date) and ends_on <= starts_on:
        errors["ends_on"] = [gettext("服务期止须晚于服务期起")]
    try:
        amount = Decimal(str(amount))
        if amount <= 0 or amount.as_tuple().exponent < -2:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["amount"] = [gettext("金额须为大于0的数字，最多两位小数")]
    posts = list(posts)
    if any(not org_in_scope(by, p.unit) for p in posts):
        errors["posts"] = [gettext("所选岗位不在您的管理范围内")]
    if errors:
        raise ValidationError(errors)
    tender = Tender.objects.create(
        provider=provider,
        org=provider.org,
        title=title,
        number=(number or "").strip()[:60],
        starts_on=starts_on,
        ends_on=ends_on,
        amount=amount,
    )
    tender.posts.set(posts)
    audit(
        by=by,
        action="tender.create",
        target=tender,
        detail={"provider": provider.name, "amount": str(amount), "posts": len(posts)},
    )
    return tender


# ---------------------------------------------------------------- insurance and contracts


@transaction.atomic
def insurance_add(*, by, worker: Worker, insurer: str, policy_number: str, starts_on, ends_on) -> Insurance:
    _require(by, "contract.manage")
    _in_scope(by, worker.org)
    insurer = _text(insurer, "insurer", gettext_noop("保险公司"), 100)
    policy_number = _text(policy_number, "policy_number", gettext_noop("保单号"), 60)
    _date(starts_on, "starts_on", gettext_noop("保险期起"))
    _date(ends_on, "ends_on", gettext_noop("保险期止"))
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": [gettext("保险期止须晚于保险期起")]})
    ins = Insurance.objects.create(
        worker=worker, insurer=insurer, policy_number=policy_number, starts_on=starts_on, ends_on=ends_on
    )
    audit(by=by, action="insurance.create", target=worker, detail={"insurer": insurer, "number": policy_number})
    return ins


def _event(contract: Contract, kind: str, on: date, detail: str, by) -> None:
    ContractEvent.objects.create(contract=contract, kind=kind, on=on, detail=detail[:500], by=by)


def _check_no_overlap(worker: Worker, start: date, end: date | None, exclude: int | None = None) -> None:
    others = Contract.objects.filter(worker=worker).exclude(pk=exclude)
    clash = rules.overlaps(start, end, others)
    if clash:
        c = clash[0]
        end_text = f"{c.effective_end:%Y-%m-%d}" if c.effective_end else gettext("无固定期限")
        raise ValidationError(
            {
                "starts_on": [
                    gettext("与已有%(kind)s（%(start)s 至 %(end)s）期限重叠，同一社工的合同不能重叠")
                    % {"kind": str(c.get_kind_display()), "start": f"{c.starts_on:%Y-%m-%d}", "end": end_text}
                ]
            }
        )


def _default_employer(worker: Worker, provider: ServiceProvider | None) -> str:
    if provider is not None:
        return provider.name
    org = worker.org
    return org.parent.name if org.level == OrgLevel.TOWNSHIP and org.parent_id else org.name


@transaction.atomic
def contract_draft_create(
    *,
    by,
    worker: Worker,
    kind: str,
    start: date,
    end: date | None = None,
    post: Post | None = None,
    reason: str = "",
    term_type: str | None = None,
    employer: str = "",
    provider: ServiceProvider | None = None,
    number: str = "",
    agreed_pay=None,
) -> Contract:
    """A contract to be signed. Its signing deadline is start + the policy's contract_sign_limit_months
    (Qingdao seed 002: one month), or none when the policy is silent (未规定)."""
    _require(by, "contract.manage")
    _in_scope(by, worker.org)
    if post is not None:
        _in_scope(by, post.unit)
    if provider is not None:
        _in_scope(by, provider.org)
    term_type = term_type or (TermType.FIXED if end else TermType.OPEN)
    errors = {k: [v] for k, v in rules.validate_period(start, end, term_type).items()}
    if kind not in ContractKind.values:
        errors["kind"] = [gettext("请选择合同类型")]
    elif kind != rules.contract_kind_for(worker.employment_mode):
        errors["kind"] = [
            gettext("返聘人员须签订劳务协议（山东省总工会等《关于加强工会社会工作专业人才队伍建设的意见》）")
            if rules.is_rehired(worker)
            else gettext("公开招聘、购买服务、公益性岗位人员签订劳动合同")
        ]
    if term_type not in TermType.values:
        errors["term_type"] = [gettext("请选择期限类型")]
    if worker.status != WorkerStatus.ACTIVE:
        errors["worker"] = [
            gettext("%(name)s 当前状态为%(status)s，不能新订合同") % {"name": worker.name, "status": str(worker.get_status_display())}
        ]
    pay, pay_error = _money(agreed_pay)
    if pay_error:
        errors["agreed_pay"] = [pay_error]
    if errors:
        raise ValidationError(errors)
    _check_no_overlap(worker, start, end)
    limit = effective_policy(worker.org, on=start).get("contract_sign_limit_months")
    contract = Contract.objects.create(
        worker=worker,
        kind=kind,
        term_type=term_type,
        employer=(employer or "").strip()[:100] or _default_employer(worker, provider),
        provider=provider,
        post=post,
        number=(number or "").strip()[:40],
        starts_on=start,
        ends_on=end,
        sign_deadline=rules.sign_deadline(start, limit),
        note=(reason or "").strip()[:300],
        agreed_pay=pay,
    )
    _event(contract, "draft", timezone.localdate(), f"拟订{contract.get_kind_display()}{('：' + reason) if reason else ''}", by)
    audit(by=by, action="contract.draft", target=contract, detail={"kind": kind, "start": start.isoformat(), "reason": reason})
    return contract


def _locked_contract(contract: Contract, *, version: int | None = None) -> Contract:
    locked = Contract.objects.select_for_update().select_related("worker", "worker__org").get(pk=contract.pk)
    if version is not None and locked.version != version:
        raise StaleVersion()
    return locked


def _bump(contract: Contract, fields: list[str]) -> None:
    contract.version += 1
    contract.save(update_fields=[*fields, "version"])


@transaction.atomic
def contract_sign(*, by, contract: Contract, signed_on: date) -> Contract:
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    c = _locked_contract(contract)
    if c.status != ContractStatus.DRAFT:
        raise ValidationError(gettext("该合同状态为%(status)s，不能再次签订") % {"status": str(c.get_status_display())})
    _date(signed_on, "signed_on", gettext_noop("签订日期"))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": [gettext("签订日期不能晚于今天")]})
    policy = effective_policy(c.worker.org, on=c.starts_on)
    if (
        c.kind == ContractKind.SERVICE
        and policy.get("rehired_accident_insurance")
        and not rules.insurance_covers(c.worker.insurances.all(), c.starts_on)
    ):
        raise ValidationError(
            {
                "signed_on": [
                    gettext("返聘人员须先购买商业意外险（保险期覆盖协议起始日），劳务协议方可生效（%(source)s）")
                    % {"source": _rule_source(policy, "rehired_accident_insurance")}
                ]
            }
        )
    c.signed_on, c.status = signed_on, ContractStatus.ACTIVE
    _bump(c, ["signed_on", "status"])
    late = c.sign_deadline and signed_on > c.sign_deadline
    _event(c, "sign", signed_on, "签订" + (f"（超过签订期限 {c.sign_deadline:%Y-%m-%d}）" if late else ""), by)
    audit(by=by, action="contract.sign", target=c, detail={"signed_on": signed_on.isoformat(), "late": bool(late)})
    return c


@transaction.atomic
def contract_change(
    *, by, contract: Contract, on: date, detail: str, ends_on: date | None = None, version: int | None = None
) -> Contract:
    """变更 (劳动合同法第三十五条: 协商一致，可以变更), recorded with its content; the end date may change."""
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    c = _locked_contract(contract, version=version)
    if c.status not in (ContractStatus.DRAFT, ContractStatus.ACTIVE):
        raise ValidationError(gettext("该合同%(status)s，不能变更") % {"status": str(c.get_status_display())})
    _date(on, "on", gettext_noop("变更日期"))
    detail = _text(detail, "detail", gettext_noop("变更内容"), 500)
    fields = []
    if ends_on is not None and ends_on != c.ends_on:
        errors = rules.validate_period(c.starts_on, ends_on, c.term_type)
        if errors:
            raise ValidationError({k: [v] for k, v in errors.items()})
        _check_no_overlap(c.worker, c.starts_on, ends_on, exclude=c.pk)
        detail = f"{detail}（终止日期 {c.ends_on:%Y-%m-%d} → {ends_on:%Y-%m-%d}）"
        c.ends_on = ends_on
        fields.append("ends_on")
    _bump(c, fields)
    _event(c, "change", on, f"变更：{detail}", by)
    audit(by=by, action="contract.change", target=c, detail={"detail": detail})
    return c


@transaction.atomic
def contract_renew(
    *,
    by,
    contract: Contract,
    ends_on: date | None,
    term_type: str = TermType.FIXED,
    signed_on: date | None = None,
    override_reason: str | None = None,
) -> Contract:
    """续订: a new contract starting the day after the old one ends, signed on `signed_on` if given.
    Where the policy bases renewal on the assessment (Jiangsu renewal_requires_pass), a 不合格 in the latest
    published year blocks it unless an authorised user writes a reason (a soft rule: 主要依据)."""
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    c = _locked_contract(contract)
    if c.status != ContractStatus.ACTIVE or c.ends_on is None:
        raise ValidationError(gettext("只有履行中的固定期限或以完成一定任务为期限的合同可以续订"))
    if Contract.objects.filter(renewal_of=c).exists():
        raise ValidationError(gettext("该合同已续订"))
    override = _renewal_assessment_check(by, c, override_reason)
    new = contract_draft_create(
        by=by,
        worker=c.worker,
        kind=c.kind,
        start=c.ends_on + rules.ONE_DAY,
        end=ends_on,
        post=c.post,
        reason="续订",
        term_type=term_type,
        employer=c.employer,
        provider=c.provider,
    )
    new.renewal_of = c
    new.save(update_fields=["renewal_of"])
    _event(c, "renew", timezone.localdate(), f"续订至 {ends_on:%Y-%m-%d}" if ends_on else "续订为无固定期限合同", by)
    if signed_on is not None:
        new = contract_sign(by=by, contract=new, signed_on=signed_on)
    detail = {"new": new.pk}
    if override:
        detail["soft_override"] = {"rule": "renewal_requires_pass", "reason": override}
    audit(by=by, action="contract.renew", target=c, detail=detail)
    return new


def _renewal_assessment_check(by, contract: Contract, override_reason: str | None) -> str | None:
    policy = effective_policy(contract.worker.org)
    if not policy.get("renewal_requires_pass"):
        return None
    from unionsw.assessment.models import Grade, Result  # late: assessment imports employment

    latest = Result.objects.filter(worker=contract.worker).order_by("-year").first()
    if latest is None or latest.grade != Grade.FAIL:
        return None
    override = soft_override_reason(by=by, policy=policy, key="renewal_requires_pass", reason=override_reason)
    if override is None:
        raise ValidationError(
            gettext("%(name)s %(year)s 年度考核不合格，按政策以考核结果作为续订合同的主要依据，不予续订")
            % {"name": contract.worker.name, "year": latest.year}
            + soft_hint(policy, "renewal_requires_pass")
        )
    return override


def _close(by, contract: Contract, *, on, ground: str, reason: str, status: str, grounds: dict, action: str) -> Contract:
    c = _locked_contract(contract)
    if c.status not in (ContractStatus.ACTIVE, ContractStatus.DRAFT):
        message = gettext("该合同%(status)s，不能再终止") if status == ContractStatus.TERMINATED else gettext("该合同%(status)s，不能再解除")
        raise ValidationError(message % {"status": str(c.get_status_display())})
    _date(on, "on", gettext_noop("日期"))
    if ground not in grounds:
        raise ValidationError({"ground": [gettext("请从列表中选择法定事由")]})
    reason = (reason or "").strip()[:300]
    if on < c.starts_on:
        raise ValidationError({"on": [gettext("日期不能早于合同起始日期 %(date)s") % {"date": f"{c.starts_on:%Y-%m-%d}"}]})
    if c.ends_on and on > c.ends_on:
        raise ValidationError({"on": [gettext("日期不能晚于合同终止日期 %(date)s") % {"date": f"{c.ends_on:%Y-%m-%d}"}]})
    if ground == "art44_1" and c.ends_on and on != c.ends_on:
        raise ValidationError({"on": [gettext("合同期满终止的日期应为合同终止日期 %(date)s") % {"date": f"{c.ends_on:%Y-%m-%d}"}]})
    c.status, c.closed_on, c.ground, c.close_reason = status, on, ground, reason
    _bump(c, ["status", "closed_on", "ground", "close_reason"])
    _event(
        c, action, on, f"{'终止' if action == 'terminate' else '解除'}：{grounds[ground]}{('；' + reason) if reason else ''}", by
    )
    audit(by=by, action=f"contract.{action}", target=c, detail={"ground": ground, "on": on.isoformat(), "reason": reason})
    return c


@transaction.atomic
def contract_terminate(*, by, contract: Contract, on: date, ground: str, reason: str = "") -> Contract:
    """终止 (劳动合同法第四十四条)."""
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    return _close(
        by,
        contract,
        on=on,
        ground=ground,
        reason=reason,
        status=ContractStatus.TERMINATED,
        grounds=rules.TERMINATE_GROUNDS,
        action="terminate",
    )


@transaction.atomic
def contract_dissolve(*, by, contract: Contract, on: date, ground: str, reason: str) -> Contract:
    """解除 with the legal ground (劳动合同法第三十六至四十一条; 劳务协议 by its terms)."""
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    reason = _text(reason, "reason", gettext_noop("解除说明"), 300)
    return _close(
        by,
        contract,
        on=on,
        ground=ground,
        reason=reason,
        status=ContractStatus.DISSOLVED,
        grounds=rules.grounds_for(contract.kind),
        action="dissolve",
    )


@transaction.atomic
def dispute_record(*, by, contract: Contract, raised_on: date, channel: str, summary: str) -> Dispute:
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    _date(raised_on, "raised_on", gettext_noop("发生日期"))
    if channel not in DISPUTE_CHANNELS:
        raise ValidationError({"channel": [gettext("请选择处理途径")]})
    summary = _text(summary, "summary", gettext_noop("争议事项"), 500)
    d = Dispute.objects.create(contract=contract, raised_on=raised_on, channel=channel, summary=summary)
    _event(contract, "dispute", raised_on, f"劳动争议（{channel}）：{summary}", by)
    audit(by=by, action="contract.dispute", target=contract, detail={"channel": channel})
    return d


@transaction.atomic
def dispute_close(*, by, dispute: Dispute, closed_on: date, outcome: str) -> Dispute:
    _require(by, "contract.manage")
    _in_scope(by, dispute.contract.worker.org)
    if dispute.status == DisputeStatus.CLOSED:
        raise ValidationError(gettext("该争议已结案"))
    _date(closed_on, "closed_on", gettext_noop("结案日期"))
    if closed_on < dispute.raised_on:
        raise ValidationError({"closed_on": [gettext("结案日期不能早于发生日期")]})
    dispute.outcome = _text(outcome, "outcome", gettext_noop("处理结果"), 500)
    dispute.status, dispute.closed_on = DisputeStatus.CLOSED, closed_on
    dispute.save(update_fields=["outcome", "status", "closed_on"])
    _event(dispute.contract, "dispute_close", closed_on, f"争议结案：{dispute.outcome}", by)
    audit(by=by, action="contract.dispute_close", target=dispute.contract, detail={"dispute": dispute.pk})
    return dispute


DISPUTE_CHANNELS = ["协商", "调解", "仲裁", "诉讼"]  # stored values, also the <option> texts: left Chinese


# ---------------------------------------------------------------- exit

EXIT_STATUS = {
    MovementKind.RESIGNATION: WorkerStatus.RESIGNED,
    MovementKind.DISSOLUTION: WorkerStatus.DISMISSED,
    MovementKind.EXPIRY: WorkerStatus.EXPIRED,
    MovementKind.RETIREMENT: WorkerStatus.RETIRED,
    MovementKind.DEATH: WorkerStatus.DECEASED,
}
# How each exit closes the current contract: (terminate or dissolve, default ground)
EXIT_CONTRACT = {
    MovementKind.RESIGNATION: ("dissolve", "art37"),
    MovementKind.DISSOLUTION: ("dissolve", None),  # the admin chooses the ground
    MovementKind.EXPIRY: ("terminate", "art44_1"),
    MovementKind.RETIREMENT: ("terminate", "art44_2"),
    MovementKind.DEATH: ("terminate", "art44_3"),
}


@transaction.atomic
def worker_exit(*, by, worker: Worker, kind: str, on: date, reason: str, ground: str = "", upload=None) -> Movement:
    """An exit: close the contract in force, vacate the post, set the worker's status and leaving date.
    The worker's record and history stay (status changes, nothing is deleted)."""
    _require(by, "exit.manage")
    _in_scope(by, worker.org)
    if kind not in EXIT_STATUS:
        raise ValidationError({"kind": [gettext("请选择离岗类型")]})
    reason = _text(reason, "reason", gettext_noop("离岗原因"), 300)
    _date(on, "on", gettext_noop("离岗日期"))
    worker = _locked_worker(worker)
    if worker.status != WorkerStatus.ACTIVE:
        raise ValidationError(gettext("%(name)s 已是“%(status)s”状态") % {"name": worker.name, "status": str(worker.get_status_display())})
    if on > timezone.localdate():
        raise ValidationError({"on": [gettext("离岗日期不能晚于今天（到期再办理）")]})
    if on < worker.hired_on:
        raise ValidationError({"on": [gettext("离岗日期不能早于入职日期 %(date)s") % {"date": f"{worker.hired_on:%Y-%m-%d}"}]})
    # contracts whose term ran out before the exit but were never closed: record their expiry first
    for lapsed in Contract.objects.filter(worker=worker, status=ContractStatus.ACTIVE, ends_on__lt=on):
        contract_terminate(by=by, contract=lapsed, on=lapsed.ends_on, ground="art44_1", reason="合同期满（离岗时补记）")
    current = (
        Contract.objects.filter(worker=worker, status__in=[ContractStatus.ACTIVE, ContractStatus.DRAFT], starts_on__lte=on)
        .order_by("-starts_on")
        .first()
    )
    action, default_ground = EXIT_CONTRACT[kind]
    if current is not None:
        if action == "dissolve":
            chosen = ground or (default_ground if current.kind == ContractKind.LABOUR else "notice")
            if chosen not in rules.grounds_for(current.kind):
                raise ValidationError({"ground": [gettext("请选择解除合同的法定事由")]})
            contract_dissolve(by=by, contract=current, on=on, ground=chosen, reason=reason)
        else:
            when = current.ends_on if kind == MovementKind.EXPIRY and current.ends_on else on
            if kind == MovementKind.EXPIRY and current.ends_on and current.ends_on != on:
                raise ValidationError({"on": [gettext("合同期满离职的日期应为合同终止日期 %(date)s") % {"date": f"{current.ends_on:%Y-%m-%d}"}]})
            contract_terminate(by=by, contract=current, on=when, ground=default_ground, reason=reason)
    elif kind == MovementKind.DISSOLUTION and not ground:
        raise ValidationError({"ground": [gettext("请选择解除合同的法定事由")]})
    # contracts that had not started yet lapse with the exit
    for later in Contract.objects.filter(worker=worker, status=ContractStatus.DRAFT, starts_on__gt=on):
        later.status, later.closed_on, later.ground, later.close_reason = (
            ContractStatus.TERMINATED,
            later.starts_on,
            "art44_6",
            "社工离岗，未履行",
        )
        _bump(later, ["status", "closed_on", "ground", "close_reason"])
        audit(by=by, action="contract.lapse", target=later, detail={"reason": "社工离岗，未履行"})
    holding = _close_holding(worker, on, kind, reason)
    document = None
    if upload is not None:
        document = worker_services.document_upload(
            by=by, worker=worker, kind="other", title=f"离岗材料：{MovementKind(kind).label}", upload=upload
        )
    worker = _update_worker(
        by, worker, {"status": EXIT_STATUS[kind], "left_on": on, "post_title": ""}, f"{MovementKind(kind).label}：{reason}"
    )
    move = Movement.objects.create(
        worker=worker,
        kind=kind,
        on=on,
        reason=reason,
        from_post=holding.post if holding else None,
        contract=current,
        document=document,
        by=by,
    )
    audit(
        by=by,
        action=f"worker.exit.{kind}",
        target=worker,
        detail={"on": on.isoformat(), "reason": reason, "post": str(holding.post) if holding else ""},
    )
    return move


TRANSFER_DAYS = 15  # 劳动合同法 第五十条


@transaction.atomic
def contract_transfer_done(*, by, contract: Contract, on: date) -> Contract:
    """Record that the 档案 and social-insurance transfer of an ended contract is done (第五十条: 十五日内)."""
    _require(by, "contract.manage")
    _in_scope(by, contract.worker.org)
    c = _locked_contract(contract)
    if c.status not in (ContractStatus.TERMINATED, ContractStatus.DISSOLVED) or c.closed_on is None:
        raise ValidationError(gettext("只有已终止或已解除的合同需要办理档案和社会保险关系转移"))
    _date(on, "on", gettext_noop("办结日期"))
    if on < c.closed_on or on > timezone.localdate():
        raise ValidationError({"on": [gettext("办结日期须在 %(date)s 至今天之间") % {"date": f"{c.closed_on:%Y-%m-%d}"}]})
    if c.transfer_done_on is not None:
        raise ValidationError(gettext("转移手续已登记办结"))
    c.transfer_done_on = on
    _bump(c, ["transfer_done_on"])
    late = (on - c.closed_on).days > TRANSFER_DAYS
    _event(c, "transfer", on, "档案和社会保险关系转移办结" + ("（超过十五日）" if late else ""), by)
    audit(by=by, action="contract.transfer_done", target=c, detail={"on": on.isoformat(), "late": late})
    return c
