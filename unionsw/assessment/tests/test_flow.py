"""The whole year in the browser's shoes (Django test client): set-up, lots, self-report, judges,
host units, city departments, workload, proposal, county confirmation, publication; then the
published result makes a worker eligible and the county's quota decides who can be promoted."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_id, make_user, worker_data
from unionsw.assessment.models import Entry, Judge, Result, Round, RoundStatus, Score
from unionsw.assessment.tests.conftest import SETUP
from unionsw.careers.models import Promotion, PromotionStatus
from unionsw.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_city_runs_the_year_and_a_county_promotes_exactly_what_the_rules_allow(world, hebei, client):
    from unionsw.workers.services import worker_create, worker_update

    # two 初级干事 of 历下区 with three years in rank and good 2023–2024 results; a fifth worker makes
    # 历下区 5 workers, so 中级干事 ≤ 20% × 5 = 1
    seniors = hebei.workers_a[1:3]
    for w in seniors:
        worker_update(
            by=world.county_a_admin,
            worker=w,
            data={"hired_on": date(2019, 1, 1), "rank": "初级干事", "rank_since": date(2020, 1, 1)},
            version=w.version,
            reason="测试数据",
        )
        Result.objects.create(worker=w, year=2023, grade="PASS")
        Result.objects.create(worker=w, year=2024, grade="PASS")
    worker_create(by=world.county_a_admin, data=worker_data(world.street_a, name="历下新人", id_number=make_id("370102")))

    def as_(user):
        client.force_login(user)
        return client

    # 1. the city sets up the scheme (一述三评一量化 by the override) and the panel
    r = as_(world.city_admin).post(reverse("assessment:rounds"), {"org": world.city_a.pk, "year": "2025", **SETUP})
    rnd = Round.objects.get(org=world.city_a, year=2025)
    assert r.status_code == 302 and rnd.scheme == "hebei_1s3p1q" and rnd.entries.count() == 9
    for j in hebei.judges:
        client.post(reverse("assessment:round_action", args=[rnd.pk, "judge_add"]), {"user": j.pk})
    assert rnd.judges.count() == 4

    # 2. lots: hash first, then the draw reveals the seed; the lots page recomputes it
    client.post(reverse("assessment:round_action", args=[rnd.pk, "commit"]))
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.COMMITTED and len(rnd.seed_hash) == 64
    assert rnd.seed_secret not in client.get(reverse("assessment:lots", args=[rnd.pk])).content.decode()
    client.post(reverse("assessment:round_action", args=[rnd.pk, "draw"]))
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.DRAWN and rnd.seed_revealed
    body = client.get(reverse("assessment:lots", args=[rnd.pk]) + f"?seed={rnd.seed_secret}").content.decode()
    assert "哈希一致" in body and "完全一致" in body

    # 3. the worker submits the self-report
    me = as_(world.worker_a_user)
    entry_a = Entry.objects.get(round=rnd, worker=world.worker_a)
    me.post(
        reverse("assessment:me"),
        {
            "entry": entry_a.pk,
            "text": "一年来指导组建工会十二家，接待职工来访八十余人次。",
            "link": "https://video.example/a",
            "wl_item": ["组建工会"],
            "wl_count": ["12"],
            "wl_note": [""],
        },
    )
    entry_a.refresh_from_db()
    assert entry_a.submitted_at and entry_a.workload == [{"item": "组建工会", "count": 12, "note": ""}]

    # 4. each judge scores what the draw assigned (never their own county)
    for j in hebei.judges:
        c = as_(j)
        page = c.get(reverse("assessment:judging"))
        assert page.status_code == 200
        seat = Judge.objects.get(round=rnd, user=j)
        assigned = Entry.objects.filter(round=rnd, scoring_group=seat.group).exclude(county=j.org)
        c.post(reverse("assessment:judging"), {f"p_{e.pk}": "85" for e in assigned})
        assert Score.objects.filter(judge=seat).count() == assigned.count()
        assert not Score.objects.filter(judge=seat, entry__county=j.org).exists()
    assert not Entry.objects.filter(round=rnd).exclude(judge_scores__isnull=False).exists()

    # 5. host units, city departments, county workload
    hosts = [world.township_admin] + [
        make_user(f"host{i}", org, [world.roles["township_admin"]]) for i, org in enumerate([world.street_a2, hebei.street_a3])
    ]
    for h in hosts:
        c = as_(h)
        data = {f"s_{e.pk}_host": "90" for e in Entry.objects.filter(round=rnd, org=h.org)}
        c.post(reverse("assessment:score_sheet", args=[rnd.pk, "host"]), data)
    c = as_(world.city_admin)
    c.post(reverse("assessment:score_sheet", args=[rnd.pk, "city"]), {f"s_{e.pk}_city": "80" for e in rnd.entries.all()})
    county_a2_admin = make_user("county_a2_admin", hebei.county_a2, [world.roles["county_admin"]])
    for admin, county in ((world.county_a_admin, world.county_a), (county_a2_admin, hebei.county_a2)):
        c = as_(admin)
        c.post(
            reverse("assessment:score_sheet", args=[rnd.pk, "workload"]),
            {f"s_{e.pk}_workload": "80" for e in rnd.entries.filter(county=county)},
        )
    assert all(set(e.scores) == {"host", "city", "workload"} for e in rnd.entries.all())

    # 6. proposal with reasons, county confirmations, publication
    as_(world.city_admin).post(reverse("assessment:round_action", args=[rnd.pk, "propose"]))
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PROPOSED
    assert all(e.proposal_reason and e.total == 84 for e in rnd.entries.all())
    for admin, county in ((world.county_a_admin, world.county_a), (county_a2_admin, hebei.county_a2)):
        as_(admin).post(reverse("assessment:proposal", args=[rnd.pk]), {"county": county.pk})
    assert not rnd.entries.filter(grade="").exists()
    as_(world.city_admin).post(reverse("assessment:round_action", args=[rnd.pk, "publish"]))
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED and Result.objects.filter(year=2025).count() == 9
    body = as_(world.worker_a_user).get(reverse("assessment:me")).content.decode()
    assert "2025" in body and Result.objects.get(worker=world.worker_a, year=2025).get_grade_display() in body
    assert AuditEvent.objects.filter(action="assessment.publish").exists()

    # 7. the two seniors are now eligible; the county may promote one of them, not both
    as_(world.county_a_admin)
    for w in seniors:
        client.post(reverse("careers:propose", args=[w.pk]))
    assert Promotion.objects.filter(status=PromotionStatus.PROPOSED).count() == 2
    city = as_(world.city_admin)
    first, second = Promotion.objects.order_by("id")
    today = timezone.localdate().isoformat()
    city.post(reverse("careers:decide", args=[first.pk]), {"effective_on": today})
    body = city.post(reverse("careers:decide", args=[second.pk]), {"effective_on": today}, follow=True).content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PromotionStatus.EFFECTIVE and second.status == PromotionStatus.PROPOSED
    assert "20% × 5 人 = 1 → 向下取整最多 1 人，现有 1 人" in body
    assert [w.rank for w in type(seniors[0]).objects.filter(pk__in=[s.pk for s in seniors]).order_by("pk")] == [
        "中级干事",
        "初级干事",
    ]
