"""Demo data of posts, contracts, providers and exits (示例数据).

The bulk (one post and a contract history per demo worker) is written with bulk_create to stay fast;
the showcase cases of the county 历下区 (a vacancy, a draft, a rehired retiree with insurance, a
resignation) go through the real services, so their audit trail and history look like real use.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from unionsw.orgs.services import policy_override_add
from unionsw.workers.models import EmploymentMode, Worker, WorkerStatus

from . import rules, services
from .models import (
    Contract,
    ContractEvent,
    ContractKind,
    ContractStatus,
    Insurance,
    Post,
    PostHolding,
    PostKind,
    ServiceProvider,
    Tender,
    TermType,
)

EXIT_GROUND = {
    WorkerStatus.RESIGNED: (ContractStatus.DISSOLVED, "art37", "本人辞职"),
    WorkerStatus.DISMISSED: (ContractStatus.DISSOLVED, "art40", "连续两年考核不合格，不能胜任工作"),
    WorkerStatus.EXPIRED: (ContractStatus.TERMINATED, "art44_1", "合同期满不再续订"),
    WorkerStatus.RETIRED: (ContractStatus.TERMINATED, "art44_2", "退休"),
    WorkerStatus.DECEASED: (ContractStatus.TERMINATED, "art44_3", "病故"),
}
END_KIND = {
    WorkerStatus.RESIGNED: "resignation",
    WorkerStatus.DISMISSED: "dissolution",
    WorkerStatus.EXPIRED: "expiry",
    WorkerStatus.RETIRED: "retirement",
    WorkerStatus.DECEASED: "death",
}


def _plus_years(day: date, years: int) -> date:
    return rules.add_months(day, 12 * years) - timedelta(days=1)


def load(ctx) -> None:
    rng, today = ctx.rng, timezone.localdate()
    admin = ctx.users["province"]
    # The Shandong seeds set no staffing norm nor a province target; to make the page useful the demo
    # province borrows Jiangsu's thresholds (seed 001) and adds an example count formula — labelled 示例.
    policy_override_add(
        by=admin,
        org=ctx.province,
        key="staffing_norm",
        value={
            "required_from_unions": 200,
            "required_from_members": 5000,
            "optional_max": 1,
            "required_max": 5,
            "unions_per_worker": 100,
            "members_per_worker": 5000,
        },
        effective_from=date(2018, 1, 1),
        source="示例：借用江苏《关于规范和加强全省社会化工会工作者队伍建设的指导意见》的门槛（200个工会或5000名职工），每100个工会或5000名职工配1名为示例公式",
    )
    policy_override_add(
        by=admin,
        org=ctx.province,
        key="province_target_headcount",
        value=500,
        effective_from=date(2018, 1, 1),
        source="示例：演示省份的队伍规模目标（江苏《关于规范和加强全省社会化工会工作者队伍建设的指导意见》为3000人左右）",
    )
    kinds = {k.name: k for k in PostKind.objects.all()}
    county_of = {}
    for county in ctx.counties.values():
        county_of[county.pk] = county
    workers = list(Worker.objects.filter(pk__in=[w.pk for w in ctx.workers]).select_related("org", "org__parent"))

    # one purchased-service provider per county, with a tender
    providers = {}
    for name, county in ctx.counties.items():
        providers[county.pk] = ServiceProvider.objects.create(
            org=county,
            name=f"{name}乐群社会工作服务中心",
            credit_code=f"52370{rng.randint(10**12, 10**13 - 1)}",
            contact="王主任 0531-8xxxxxxx",
        )

    posts, holdings, contracts = [], [], []
    for w in workers:
        kind = kinds.get(w.post_title) or kinds["组建指导岗"]
        active = w.status == WorkerStatus.ACTIVE
        post = Post(
            unit=w.org,
            kind=kind,
            rank_band="" if w.employment_mode == EmploymentMode.REHIRED else w.rank,
            funding=w.get_employment_mode_display(),
            holder=w if active else None,
            held_since=w.hired_on if active else None,
            vacant_since=None if active else w.left_on,
        )
        posts.append(post)
    Post.objects.bulk_create(posts)
    for w, post in zip(workers, posts, strict=True):
        active = w.status == WorkerStatus.ACTIVE
        holdings.append(
            PostHolding(
                post=post,
                worker=w,
                started_on=w.hired_on,
                ended_on=None if active else w.left_on,
                start_reason="公开招聘录用"
                if w.employment_mode == EmploymentMode.PUBLIC_HIRE
                else w.get_employment_mode_display(),
                end_kind="" if active else END_KIND[w.status],
                end_reason="" if active else EXIT_GROUND[w.status][2],
            )
        )
        contracts.extend(_history(w, post, providers, today))
    PostHolding.objects.bulk_create(holdings)
    # vacancies: about one unit in five has an unfilled post
    vacant = [
        Post(
            unit=u,
            kind=rng.choice(list(kinds.values())),
            rank_band="见习干事",
            funding="公开招聘",
            vacant_since=today - timedelta(days=rng.randint(10, 200)),
        )
        for u in ctx.units
        if rng.random() < 0.2
    ]
    Post.objects.bulk_create(vacant)

    # contracts: chains of renewals in start order; renewal_of is set after the insert
    Contract.objects.bulk_create(contracts)
    previous = {}
    links = []
    for c in contracts:
        prev = previous.get(c.worker_id)
        if prev is not None:
            c.renewal_of = prev
            links.append(c)
        previous[c.worker_id] = c
    Contract.objects.bulk_update(links, ["renewal_of"])
    ContractEvent.objects.bulk_create(
        [ContractEvent(contract=c, kind="sign", on=c.signed_on, detail="签订（示例数据导入）") for c in contracts if c.signed_on]
    )
    Insurance.objects.bulk_create(
        [
            Insurance(
                worker_id=c.worker_id,
                insurer="中国人寿财产保险",
                policy_number=f"PICC{c.worker_id:06d}{c.starts_on:%Y}",
                starts_on=c.starts_on,
                ends_on=c.ends_on,
            )
            for c in contracts
            if c.kind == ContractKind.SERVICE and c.ends_on
        ]
    )
    for county_pk, provider in providers.items():
        covered = [p for p in posts if p.funding == "购买服务" and p.unit.parent_id == county_pk]
        tender = Tender.objects.create(
            provider=provider,
            org=provider.org,
            title=f"{provider.org.name}工会社会工作服务项目（{today.year}年度）",
            number=f"SDGP{today.year}-{county_pk:03d}",
            starts_on=date(today.year, 1, 1),
            ends_on=date(today.year, 12, 31),
            amount=Decimal(80000 * max(1, len(covered))),
        )
        tender.posts.set(covered)

    _showcase(ctx, today, kinds)


def _history(w, post, providers, today) -> list[Contract]:
    """Contracts from the hire date: two fixed terms of 3 years, then open-ended (劳动合同法第十四条);
    rehired retirees sign one-year 劳务协议. Exited workers' last contract closes on their leaving date."""
    kind = rules.contract_kind_for(w.employment_mode)
    provider = providers.get(w.org.parent_id) if w.employment_mode == EmploymentMode.PURCHASED_SERVICE else None
    employer = provider.name if provider else (w.org.parent.name if w.org.parent_id else w.org.name)
    end_of_life = w.left_on or date.max
    out, start, n = [], w.hired_on, 0
    while start <= min(today, end_of_life):
        n += 1
        if kind == ContractKind.SERVICE:
            term, end = TermType.FIXED, _plus_years(start, 1)
        elif n <= 2:
            term, end = TermType.FIXED, _plus_years(start, 3)
        else:
            term, end = TermType.OPEN, None
        c = Contract(
            worker=w,
            kind=kind,
            term_type=term,
            employer=employer,
            provider=provider,
            post=post,
            number=f"HT{start:%Y}{w.pk:05d}",
            starts_on=start,
            ends_on=end,
            signed_on=start,
            status=ContractStatus.ACTIVE,
        )
        if w.left_on and (end is None or w.left_on <= end):
            c.status, c.ground, c.close_reason = EXIT_GROUND[w.status]
            c.closed_on = w.left_on
            if c.ground == "art44_1" and end:
                c.ends_on = w.left_on  # the term agreed ended on the leaving day
            out.append(c)
            break
        if end is not None and end < today:
            c.status, c.closed_on, c.ground, c.close_reason = ContractStatus.TERMINATED, end, "art44_1", "期满续订"
        out.append(c)
        if end is None:
            break
        start = end + timedelta(days=1)
    return out


def _showcase(ctx, today, kinds) -> None:
    """Cases of 历下区 (login: county) and 市南区 (county2) made through the services."""
    county = ctx.users["county"]
    county2 = ctx.users["county2"]
    lixia = ctx.counties["历下区"]
    units = [u for u in ctx.units if u.parent_id == lixia.pk]
    post = services.post_create(by=county, unit=units[1], kind=kinds["维权服务岗"], rank_band="见习干事", note="示例：待招聘补缺")
    # a worker resigns: the post becomes vacant, the contract is dissolved (第三十七条)
    leaver = (
        Worker.objects.filter(org__in=units, status=WorkerStatus.ACTIVE, employment_mode=EmploymentMode.PUBLIC_HIRE)
        .exclude(user__isnull=False)
        .order_by("id")
        .first()
    )
    if leaver:
        services.worker_exit(
            by=county, worker=leaver, kind="resignation", on=today - timedelta(days=5), reason="考取事业单位，本人辞职（示例）"
        )
    # a new hire with a labour contract still to be signed (Shandong sets no limit → 未规定)
    newcomer = _new_worker(ctx, units[2], "公开招聘", today - timedelta(days=20), EmploymentMode.PUBLIC_HIRE, "见习干事")
    services.post_fill(by=county, post=post, worker=newcomer, on=newcomer.hired_on, reason="公开招聘录用（示例）")
    services.contract_draft_create(
        by=county,
        worker=newcomer,
        kind="labour",
        start=newcomer.hired_on,
        end=_plus_years(newcomer.hired_on, 3),
        post=post,
        reason="新录用",
    )
    # a rehired retiree: insurance first, then the agreement takes effect
    retiree = _new_worker(ctx, units[3], "返聘", today - timedelta(days=40), EmploymentMode.REHIRED, "", born=date(1962, 8, 8))
    services.insurance_add(
        by=county,
        worker=retiree,
        insurer="中国平安财产保险",
        policy_number="PA2026-0088",
        starts_on=retiree.hired_on,
        ends_on=_plus_years(retiree.hired_on, 1),
    )
    agreement = services.contract_draft_create(
        by=county, worker=retiree, kind="service", start=retiree.hired_on, end=_plus_years(retiree.hired_on, 1), reason="返聘"
    )
    services.contract_sign(by=county, contract=agreement, signed_on=retiree.hired_on)
    # contracts expiring within 30 and 60 days in 历下区
    for days in (20, 45):
        c = (
            Contract.objects.filter(
                worker__org__in=units,
                worker__status="active",
                status="active",
                kind="labour",
                term_type="fixed",
                ends_on__gt=today + timedelta(days=90),
            )
            .order_by("id")
            .first()
        )
        if c:
            services.contract_change(
                by=county,
                contract=c,
                on=today - timedelta(days=1),
                detail="协商一致调整合同期限（示例）",
                ends_on=today + timedelta(days=days),
            )
    # Qingdao (seed 002: one month to sign): a hire of two months ago still unsigned → 超期未签订
    shinan = ctx.counties["市南区"]
    unit_b = next(u for u in ctx.units if u.parent_id == shinan.pk)
    late = _new_worker(ctx, unit_b, "公开招聘", today - timedelta(days=60), EmploymentMode.PUBLIC_HIRE, "见习干事")
    services.contract_draft_create(
        by=county2, worker=late, kind="labour", start=late.hired_on, end=_plus_years(late.hired_on, 3), reason="新录用"
    )


def _new_worker(ctx, unit, label, hired, mode, rank, born=None) -> Worker:
    from unionsw.core import idnumber
    from unionsw.demo.province import _name
    from unionsw.workers import services as worker_services

    rng = ctx.rng
    county = unit.parent
    born = born or date(rng.randint(1995, 2001), rng.randint(1, 12), rng.randint(1, 28))
    return worker_services.worker_create(
        by=ctx.users["province"],
        reason=f"示例数据：{label}",
        data={
            "name": _name(rng),
            "id_number": idnumber.build(county.region_code or "370102", born, rng.randint(900, 999)),
            "phone": f"139{rng.randint(0, 99999999):08d}",
            "ethnicity": "汉族",
            "political_status": "cyl",
            "education": "bachelor",
            "major": "社会工作",
            "employment_mode": mode,
            "org": unit,
            "post_title": "",
            "rank": rank,
            "rank_since": None,
            "status": "active",
            "hired_on": hired,
            "left_on": None,
        },
    )
