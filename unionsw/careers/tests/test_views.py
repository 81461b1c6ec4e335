from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from unionsw.careers.models import Promotion, PromotionStatus, Recommendation
from unionsw.core.models import AuditEvent

pytestmark = pytest.mark.django_db

THREE_PASSES = {2023: "PASS", 2024: "PASS", 2025: "EXCELLENT"}


@pytest.fixture
def eligible(world, add_worker):
    """Four 初级干事 of county A with three full years and three good results: five workers in the
    county, so 中级干事 ≤ 20% × 5 = 1."""
    return [add_worker(name=f"候选{i}", rank="初级干事", rank_since=date(2020, 1, 1), results=THREE_PASSES) for i in range(4)]


def test_anonymous_is_sent_to_login(client):
    for name in ("careers:eligibility", "careers:promotions", "careers:recommendations"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_eligibility_lists_the_eligible_with_reasons(world, login, eligible):
    response = login(world.county_a_admin).get(reverse("careers:eligibility"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "候选0" in body and "符合" in body and "近 3 年考核" in body
    assert "张三" not in body  # 见习干事 since 2022: not three full years yet
    body_all = login(world.county_a_admin).get(reverse("careers:eligibility") + "?show=all").content.decode()
    assert "张三" in body_all and "须满 3 年" in body_all


def test_eligibility_page_queries_do_not_grow_with_workers(world, login, add_worker):
    c = login(world.county_a_admin)
    add_worker(name="甲", rank="初级干事", rank_since=date(2020, 1, 1), results=THREE_PASSES)
    c.get(reverse("careers:eligibility"))  # the first page fills the caches (the menu's policy) both counts then share
    with CaptureQueriesContext(connection) as few:
        c.get(reverse("careers:eligibility") + "?show=all")
    for i in range(8):
        add_worker(name=f"乙{i}", rank="初级干事", rank_since=date(2020, 1, 1), results=THREE_PASSES)
    with CaptureQueriesContext(connection) as many:
        c.get(reverse("careers:eligibility") + "?show=all")
    assert len(many) == len(few)


def test_township_admin_cannot_propose(world, login, eligible):
    response = login(world.township_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    assert response.status_code == 403
    assert not Promotion.objects.exists()


def test_other_county_gets_404_on_propose(world, login, eligible):
    response = login(world.county_b_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    assert response.status_code == 404
    assert not Promotion.objects.exists()


def test_promotion_flow_and_quota_refusal(world, login, eligible):
    county = login(world.county_a_admin)
    county.post(reverse("careers:propose", args=[eligible[0].pk]))
    county.post(reverse("careers:propose", args=[eligible[1].pk]))
    assert Promotion.objects.filter(status=PromotionStatus.PROPOSED).count() == 2

    city = login(world.city_admin)
    today = timezone.localdate()
    first, second = Promotion.objects.order_by("id")
    city.post(reverse("careers:decide", args=[first.pk]), {"effective_on": today.isoformat(), "decision": "approve"})
    w = eligible[0]
    w.refresh_from_db()
    assert w.rank == "中级干事" and w.rank_since == today
    assert AuditEvent.objects.filter(action="promotion.approve").count() == 1

    response = city.post(
        reverse("careers:decide", args=[second.pk]), {"effective_on": today.isoformat(), "decision": "approve"}, follow=True
    )
    body = response.content.decode()
    assert "超出岗位等级比例" in body and "20% × 5 人 = 1" in body and "最多 1 人，现有 1 人" in body
    second.refresh_from_db()
    eligible[1].refresh_from_db()
    assert second.status == PromotionStatus.PROPOSED and eligible[1].rank == "初级干事"

    # and a new proposal is refused at once with the figures
    county = login(world.county_a_admin)  # one test client: log the county back in
    response = county.post(reverse("careers:propose", args=[eligible[2].pk]), follow=True)
    assert "最多 1 人，现有 1 人" in response.content.decode()
    assert not Promotion.objects.filter(worker=eligible[2]).exists()


def test_原则上_quota_can_be_exceeded_only_with_a_written_reason_shown_and_audited(world, login, eligible):
    """山东: “原则上中级干事…不超过总数的20%” — refused by default, an authorised override with a reason."""
    county, today = login(world.county_a_admin), timezone.localdate()
    county.post(reverse("careers:propose", args=[eligible[0].pk]))
    city = login(world.city_admin)
    city.post(reverse("careers:decide", args=[Promotion.objects.get().pk]), {"effective_on": today.isoformat(), "decision": "approve"})
    county = login(world.county_a_admin)
    refused = county.post(reverse("careers:propose", args=[eligible[1].pk]), follow=True).content.decode()
    assert "原则上" in refused and "写明理由" in refused
    assert not Promotion.objects.filter(worker=eligible[1]).exists()
    county.post(reverse("careers:propose", args=[eligible[1].pk]), {"override_reason": "该县新设2个中级岗，经党组会研究"})
    second = Promotion.objects.get(worker=eligible[1])
    assert "破例提名，理由：该县新设2个中级岗" in second.explanation[-1]["detail"]
    city = login(world.city_admin)
    blank = city.post(reverse("careers:decide", args=[second.pk]), {"effective_on": today.isoformat(), "decision": "approve"})
    assert blank.status_code == 302
    second.refresh_from_db()
    assert second.status == PromotionStatus.PROPOSED  # the approver must write their own reason
    page = city.get(reverse("careers:promotions")).content.decode()
    assert "破例提名，理由：该县新设2个中级岗" in page and 'name="override_reason"' in page
    city.post(
        reverse("careers:decide", args=[second.pk]),
        {"effective_on": today.isoformat(), "decision": "approve", "override_reason": "市总同意破例"},
    )
    second.refresh_from_db()
    eligible[1].refresh_from_db()
    assert second.status == PromotionStatus.EFFECTIVE and eligible[1].rank == "中级干事"
    assert "破例理由：市总同意破例" in second.decision_note
    event = AuditEvent.objects.filter(action="promotion.approve").order_by("-id").first()
    assert event.detail["soft_override"]["reason"] == "市总同意破例" and "20%" in event.detail["soft_override"]["figures"]


def test_a_hard_quota_cannot_be_overridden_even_with_a_reason(world, login, eligible):
    from unionsw.orgs.models import PolicyOverride

    PolicyOverride.objects.create(org=world.city_a, key="soft_rules", value=[], effective_from=date(2000, 1, 1), source="测试")
    county, today = login(world.county_a_admin), timezone.localdate()
    county.post(reverse("careers:propose", args=[eligible[0].pk]))
    login(world.city_admin).post(
        reverse("careers:decide", args=[Promotion.objects.get().pk]), {"effective_on": today.isoformat(), "decision": "approve"}
    )
    county = login(world.county_a_admin)
    body = county.post(reverse("careers:propose", args=[eligible[1].pk]), {"override_reason": "理由"}, follow=True).content.decode()
    assert "超出岗位等级比例" in body and "原则上" not in body
    assert not Promotion.objects.filter(worker=eligible[1]).exists()


def test_refusal_needs_a_reason(world, login, eligible):
    login(world.county_a_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    p = Promotion.objects.get()
    city = login(world.city_admin)
    city.post(reverse("careers:decide", args=[p.pk]), {"decision": "refuse", "note": ""})
    p.refresh_from_db()
    assert p.status == PromotionStatus.PROPOSED
    city.post(reverse("careers:decide", args=[p.pk]), {"decision": "refuse", "note": "名额留待明年"})
    p.refresh_from_db()
    assert p.status == PromotionStatus.REFUSED


def test_county_cannot_approve(world, login, eligible):
    login(world.county_a_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    p = Promotion.objects.get()
    r = login(world.county_a_admin).post(reverse("careers:decide", args=[p.pk]), {"effective_on": "2026-01-01"})
    assert r.status_code == 403


def test_ineligible_worker_cannot_be_proposed(world, login):
    response = login(world.county_a_admin).post(reverse("careers:propose", args=[world.worker_a.pk]), follow=True)
    assert "不符合晋升条件" in response.content.decode()
    assert not Promotion.objects.exists()


def test_worker_sees_own_career_page_only(world, login, eligible):
    c = login(world.worker_a_user)
    assert c.get(reverse("careers:worker", args=[world.worker_a.pk])).status_code == 200
    assert c.get(reverse("careers:worker", args=[eligible[0].pk])).status_code == 404


def test_rank_history_shows_the_promotion(world, login, eligible):
    login(world.county_a_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    p = Promotion.objects.get()
    login(world.city_admin).post(reverse("careers:decide", args=[p.pk]), {"effective_on": timezone.localdate().isoformat()})
    body = login(world.county_a_admin).get(reverse("careers:worker", args=[eligible[0].pk])).content.decode()
    assert "中级干事" in body and "晋升：初级干事 → 中级干事" in body


def test_recommendation_attaches_the_assessment_record(world, login, eligible):
    c = login(world.county_a_admin)
    c.post(
        reverse("careers:recommendations"),
        {"worker": eligible[0].pk, "kind": "vice_chair", "target": "解放路街道工会专职副主席候选人", "reason": "连续优秀"},
    )
    rec = Recommendation.objects.get()
    assert [r["year"] for r in rec.record] == [2025, 2024, 2023]
    assert rec.record[0]["grade"] == "优秀"


def test_recommendation_refuses_rehired_and_blank_reason(world, login, add_worker):
    rehired = add_worker(name="返聘", employment_mode="rehired", rank="")
    c = login(world.county_a_admin)
    c.post(reverse("careers:recommendations"), {"worker": rehired.pk, "kind": "honour", "target": "优秀", "reason": "x"})
    c.post(reverse("careers:recommendations"), {"worker": world.worker_a.pk, "kind": "honour", "target": "优秀", "reason": ""})
    assert not Recommendation.objects.exists()


def test_recommendations_page_is_403_for_township(world, login):
    assert login(world.township_admin).get(reverse("careers:recommendations")).status_code == 403


def test_eligibility_page_shows_the_county_quota_figures(world, login, eligible):
    body = login(world.county_a_admin).get(reverse("careers:eligibility")).content.decode()
    assert "中级干事不超过 20%：20% × 5 人 = 1 → 向下取整最多 1 人，现有 0 人" in body
    assert "高级干事不超过 10%：10% × 5 人 = 0.5 → 向下取整最多 0 人，现有 0 人" in body


def test_the_policy_approval_level_decides_who_approves(world, login, eligible):
    from unionsw.orgs.services import policy_override_add

    policy_override_add(
        by=world.province_admin,
        org=world.province,
        key="promotion_approval_level",
        value="province",
        effective_from=date(2020, 1, 1),
        source="测试",
    )
    world.roles["province_admin"].permissions = world.roles["province_admin"].permissions + ["promotion.approve", "worker.change"]
    world.roles["province_admin"].save()
    login(world.county_a_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    p = Promotion.objects.get()
    today = timezone.localdate().isoformat()
    body = (
        login(world.city_admin)
        .post(reverse("careers:decide", args=[p.pk]), {"effective_on": today}, follow=True)
        .content.decode()
    )
    assert "规定层级审批" in body
    p.refresh_from_db()
    assert p.status == PromotionStatus.PROPOSED
    from unionsw.accounts.models import User

    province_admin = User.objects.get(pk=world.province_admin.pk)
    login(province_admin).post(reverse("careers:decide", args=[p.pk]), {"effective_on": today})
    p.refresh_from_db()
    assert p.status == PromotionStatus.EFFECTIVE


def test_a_future_effective_date_schedules_the_promotion_and_it_takes_effect_on_the_day(world, login, eligible):
    """Issue 8: approved for a later date, the promotion is 已批准、待生效 — the rank (and so the pay) changes
    on the day, when `apply_due_promotions` runs; the quota counts it as held meanwhile; more than a year
    ahead is refused."""
    from datetime import timedelta

    from django.core.management import call_command

    from unionsw.careers.services import apply_due_promotions

    county = login(world.county_a_admin)
    county.post(reverse("careers:propose", args=[eligible[0].pk]))
    p = Promotion.objects.get()
    today = timezone.localdate()
    city = login(world.city_admin)
    city.post(reverse("careers:decide", args=[p.pk]), {"effective_on": (today + timedelta(days=400)).isoformat(), "decision": "approve"})
    p.refresh_from_db()
    assert p.status == PromotionStatus.PROPOSED  # over a year ahead: refused
    later = today + timedelta(days=5)
    r = city.post(reverse("careers:decide", args=[p.pk]), {"effective_on": later.isoformat(), "decision": "approve"}, follow=True)
    assert "已批准、待生效" in r.content.decode() and "到期自动生效" in r.content.decode()
    p.refresh_from_db()
    eligible[0].refresh_from_db()
    assert p.status == PromotionStatus.SCHEDULED and p.effective_on == later and eligible[0].rank == "初级干事"
    assert "已批准、待生效" in city.get(reverse("careers:promotions")).content.decode()
    # the quota (中级干事 ≤ 1 of 5) already counts the scheduled one
    response = login(world.county_a_admin).post(reverse("careers:propose", args=[eligible[1].pk]), follow=True)
    assert "最多 1 人，现有 1 人" in response.content.decode()

    assert apply_due_promotions(on=today) == {"effective": 0, "lapsed": 0}  # not yet
    call_command("apply_due_promotions", stdout=open("/dev/null", "w"))  # noqa: SIM115 — today: nothing due either
    assert apply_due_promotions(on=later) == {"effective": 1, "lapsed": 0}
    p.refresh_from_db()
    eligible[0].refresh_from_db()
    assert p.status == PromotionStatus.EFFECTIVE and eligible[0].rank == "中级干事" and eligible[0].rank_since == later
    assert AuditEvent.objects.filter(action="promotion.effective").exists()
    assert apply_due_promotions(on=later) == {"effective": 0, "lapsed": 0}  # idempotent


def test_a_scheduled_promotion_lapses_when_the_worker_left(world, login, eligible):
    from datetime import timedelta

    from unionsw.careers.services import apply_due_promotions
    from unionsw.workers.models import Worker

    login(world.county_a_admin).post(reverse("careers:propose", args=[eligible[0].pk]))
    p = Promotion.objects.get()
    later = timezone.localdate() + timedelta(days=3)
    login(world.city_admin).post(reverse("careers:decide", args=[p.pk]), {"effective_on": later.isoformat(), "decision": "approve"})
    Worker.objects.filter(pk=eligible[0].pk).update(status="resigned")
    assert apply_due_promotions(on=later) == {"effective": 0, "lapsed": 1}
    p.refresh_from_db()
    eligible[0].refresh_from_db()
    assert p.status == PromotionStatus.LAPSED and "不在岗" in p.decision_note and eligible[0].rank == "初级干事"
