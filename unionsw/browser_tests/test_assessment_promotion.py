"""The assessment year and the promotion that follows it, in the browser (issue 5): the judges score on
the judging page, the county confirms the grades on the proposal page, the county proposes two eligible
workers on /careers/, the city approves one and the second, which would break the 20% quota, is refused
with the figures on the page.

Set-up that is not a page step of this story (the scheme, the panel, the lots, host/city/workload
scores, the proposal computation and the publication) goes through the services, as test_flow does."""

from datetime import date

import pytest
from django.utils import timezone

from conftest import make_id, make_user, worker_data
from unionsw.assessment.models import Entry, Judge, Result, RoundStatus, Score
from unionsw.assessment.tests.conftest import SETUP, build_hebei
from unionsw.careers.models import Promotion, PromotionStatus
from unionsw.workers.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _message(page) -> str:
    return page.locator("ul.messages").inner_text()


def test_judges_score_the_county_confirms_one_worker_is_promoted_and_the_quota_refuses_the_next(world, page_as):
    from unionsw.assessment import services
    from unionsw.workers.services import worker_create, worker_update

    hebei = build_hebei(world)
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

    rnd = services.round_create(by=world.city_admin, org=world.city_a, year=2025, data=SETUP)
    for j in hebei.judges:
        services.judge_add(by=world.city_admin, round=rnd, user=j)
    services.lots_commit(by=world.city_admin, round=rnd)
    services.lots_draw(by=world.city_admin, round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.DRAWN and rnd.entries.count() == 9

    # 1. each judge logs in and scores, on the judging page, what the draw assigned (never their own county)
    scoring = 0
    for j in hebei.judges:
        seat = Judge.objects.get(round=rnd, user=j)
        assigned = Entry.objects.filter(round=rnd, scoring_group=seat.group).exclude(county=j.org)
        page = page_as(j)
        page.goto("/assessment/judging/")
        inputs = page.locator("input[name^=p_]")
        assert inputs.count() == assigned.count()
        if not assigned:
            # the draw sent this judge's group only their own county: nothing to score, said so
            assert "没有分配给您的述职" in page.locator("main").inner_text()
            assert page.locator("text=保存评分").count() == 0
            page.context.close()
            continue
        scoring += 1
        assert f"已评 0/{assigned.count()}" in page.locator("main").inner_text()
        for i in range(inputs.count()):
            inputs.nth(i).fill("85")
        page.click("text=保存评分")
        page.wait_for_load_state()
        assert f"已保存 {assigned.count()} 个评分" in _message(page)
        assert f"已评 {assigned.count()}/{assigned.count()}" in page.locator("main").inner_text()
        assert set(Score.objects.filter(judge=seat).values_list("entry_id", flat=True)) == set(
            assigned.values_list("pk", flat=True)
        )
        assert all(p == 85 for p in Score.objects.filter(judge=seat).values_list("points", flat=True))
        assert not Score.objects.filter(judge=seat, entry__county=j.org).exists()
        page.context.close()
    assert scoring >= 2 and not Entry.objects.filter(round=rnd, judge_scores__isnull=True).exists()

    # host units, city departments and county workload: not part of this story, through the services
    hosts = {world.street_a.pk: world.township_admin}
    for i, org in enumerate([world.street_a2, hebei.street_a3]):
        hosts[org.pk] = make_user(f"host{i}", org, [world.roles["township_admin"]])
    county_a2_admin = make_user("county_a2_admin", hebei.county_a2, [world.roles["county_admin"]])
    county_admins = {world.county_a.pk: world.county_a_admin, hebei.county_a2.pk: county_a2_admin}
    for e in rnd.entries.all():
        services.component_scores_set(by=hosts[e.org_id], entry=e, source="host", values={"host": "90"})
        services.component_scores_set(by=world.city_admin, entry=e, source="city", values={"city": "80"})
        services.component_scores_set(by=county_admins[e.county_id], entry=e, source="workload", values={"workload": "80"})
    services.proposal_compute(by=world.city_admin, round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PROPOSED and all(e.total == 84 for e in rnd.entries.all())

    # 2. the county admin confirms 历下区's grades on the proposal page
    county = page_as(world.county_a_admin)
    county.goto(f"/assessment/{rnd.pk}/proposal/")
    form = county.locator("form.card", has_text="历下区总工会：确认等次")
    assert form.locator("select[name^=g_]").count() == rnd.entries.filter(county=world.county_a).count() == 5
    assert county.locator("form.card", has_text="槐荫区总工会").count() == 0  # not the other county's
    form.locator("text=确认本县区等次").click()
    county.wait_for_load_state()
    assert "历下区总工会 已确认 5 人的等次" in _message(county)
    assert county.locator("form.card", has_text="确认等次").count() == 0
    confirmed = rnd.entries.filter(county=world.county_a)
    assert all(e.grade and e.grade == e.proposed_grade for e in confirmed)
    assert not rnd.entries.filter(county=hebei.county_a2).exclude(grade="").exists()

    # the other county confirms and the city publishes: set-up for the promotion, through the services
    services.county_confirm(by=county_a2_admin, round=rnd, county=hebei.county_a2)
    services.round_publish(by=world.city_admin, round=rnd)
    assert {r.worker_id for r in Result.objects.filter(year=2025)} == set(rnd.entries.values_list("worker_id", flat=True))

    # 3. the two seniors are now eligible; the county proposes both on /careers/
    county.goto("/careers/")
    body = county.locator("main").inner_text()
    assert "中级干事不超过 20%：20% × 5 人 = 1 → 向下取整最多 1 人，现有 0 人" in body
    for w in seniors:
        county.goto("/careers/")
        row = county.locator("tr", has_text=w.name)
        assert "符合" in row.inner_text()
        row.locator("text=提名晋升").click()
        county.wait_for_url("**/careers/promotions/")
        assert f"已提名 {w.name} 晋升，待审批" in _message(county)
    assert Promotion.objects.filter(status=PromotionStatus.PROPOSED, worker__in=seniors).count() == 2
    county.goto("/careers/")
    assert county.locator("tr", has_text=seniors[0].name).locator(".tag.warn", has_text="已提名").count() == 1
    assert county.locator("button", has_text="批准").count() == 0  # the county cannot approve

    # 4. the city (holder of promotion.approve) approves the first on /careers/promotions/
    city = page_as(world.city_admin)
    city.goto("/careers/promotions/")
    first, second = (Promotion.objects.get(worker=w) for w in seniors)
    today = timezone.localdate()
    city.locator(f"form[action$='/careers/promotions/{first.pk}/decide/'] button[value=approve]").click()
    city.wait_for_url("**/careers/promotions/")
    assert f"已批准，{seniors[0].name} 自 {today:%Y-%m-%d} 起为 中级干事" in _message(city)
    first.refresh_from_db()
    promoted = Worker.objects.get(pk=seniors[0].pk)
    assert first.status == PromotionStatus.EFFECTIVE and first.effective_on == today
    assert promoted.rank == "中级干事" and promoted.rank_since == today
    last = promoted.history.order_by("-history_date", "-history_id").first()
    assert last.rank == "中级干事" and last.history_user_id == world.city_admin.pk
    assert last.history_change_reason.startswith("晋升：初级干事 → 中级干事")
    assert last.prev_record.rank == "初级干事"

    # 5. the second would make two 中级干事 out of five: refused, with the figures shown
    city.locator(f"form[action$='/careers/promotions/{second.pk}/decide/'] button[value=approve]").click()
    city.wait_for_url("**/careers/promotions/")
    refusal = _message(city)
    assert "超出岗位等级比例" in refusal and "20% × 5 人 = 1 → 向下取整最多 1 人，现有 1 人" in refusal
    second.refresh_from_db()
    assert second.status == PromotionStatus.PROPOSED and second.effective_on is None
    assert Worker.objects.get(pk=seniors[1].pk).rank == "初级干事"
    assert [w.rank for w in Worker.objects.filter(pk__in=[s.pk for s in seniors]).order_by("pk")] == ["中级干事", "初级干事"]

    # the county's eligibility page now says the quota is full; the career page shows the promotion
    county.goto("/careers/")
    assert "现有 1 人 已满（原则上不再晋升" in county.locator("main").inner_text()
    county.goto(f"/careers/workers/{seniors[0].pk}/")
    assert "晋升：初级干事 → 中级干事" in county.locator("main").inner_text()
