"""Demo data for training (示例数据), built through the services: 历下区's plan for this year with a past
岗前培训 (attended), today's 业务培训 open to self-enrolment with code sign-in open (the `worker` login can
type the code shown on the county's 签到码 page), and one certificate expiring within 60 days."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from unionsw.workers.models import Worker

from . import services


def load(ctx) -> None:
    county = ctx.users["county"]
    today = timezone.localdate()
    plan = services.plan_create(by=county, org=ctx.counties["历下区"], year=today.year, title=f"历下区总工会{today.year}年度社工培训计划（示例）")
    workers = list(
        Worker.objects.filter(org__path__startswith=ctx.counties["历下区"].path, status="active").select_related("org").order_by("pk")
    )
    start = max(date(today.year, 1, 1), today - timedelta(days=60))
    past = services.session_create(
        by=county,
        plan=plan,
        data={
            "kind": "岗前培训",
            "title": "新录用社工岗前培训（示例）",
            "starts_on": start,
            "ends_on": start,
            "hours": Decimal("16"),
            "place": "历下区职工服务中心",
            "organiser": "山东管理学院（示例）",
        },
    )
    services.enrol(by=county, session=past, workers=workers[:12])
    attended = list(past.enrolments.order_by("pk").values_list("pk", flat=True)[:10])
    services.attendance_mark(by=county, session=past, attended_ids=attended)
    now = services.session_create(
        by=county,
        plan=plan,
        data={
            "kind": "业务培训",
            "title": "工会组建与维权业务培训（示例）",
            "starts_on": today,
            "ends_on": today,
            "hours": Decimal("4"),
            "online": False,
            "place": "历下区总工会三楼会议室",
            "capacity": 60,
            "self_enrol": True,
        },
    )
    me = ctx.users.get("worker")
    mine = Worker.objects.filter(user=me).first() if me else None
    services.enrol(by=county, session=now, workers=[w for w in workers[:6] if mine is None or w.pk != mine.pk] + ([mine] if mine and mine.org.path.startswith(ctx.counties["历下区"].path) else []))
    services.signin_open(by=county, session=now, minutes=8 * 60)

    # a certificate about to expire, for the alert centre (证书60天内到期)
    from unionsw.workers.services import certificate_add

    if workers:
        certificate_add(
            by=county,
            worker=workers[0],
            level="other",
            name="心理咨询师（示例）",
            number="XL-2021-0001",
            issued_on=date(today.year - 3, 1, 10),
            expires_on=today + timedelta(days=45),
        )
    # sittings of the national exam (示例), for the 职业水平考试 page
    for i, w in enumerate(workers[:6]):
        services.exam_record(
            by=county, worker=w, year=today.year - 1, level="assistant", result=["passed", "failed", "partial"][i % 3], note="示例"
        )
