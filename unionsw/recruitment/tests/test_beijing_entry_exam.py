"""Seed 004 (Beijing) in recruitment: the unified entry exam is organised by an exam body the federation
entrusted (市总工会委托的、有资质的社会考试机构), and 通过考试并被录用者，同时取得北京市专职工会社会工作者资格.
The rules are profile keys; the test province (Shandong) gets them as overrides, so the same code is judged
with and without them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from unionsw.assessment.models import Qualification
from unionsw.core.errors import NotAllowed
from unionsw.core.models import AuditEvent
from unionsw.orgs.services import policy_override_add
from unionsw.recruitment import rules, services
from unionsw.recruitment.models import Application, ExamBody, RecruitmentEvent, Round

from .conftest import filed_plan, round_data
from .test_services import ranked_and_checked

pytestmark = pytest.mark.django_db


def beijing_rule(world, key, org=None):
    policy_override_add(
        by=world.province_admin, org=org or world.county_a, key=key, value=True, effective_from=date(2020, 1, 1), source="测试"
    )


def body_data(**overrides):
    today = timezone.localdate()
    data = {
        "name": "某人事考试服务中心",
        "commission": "京工发〔2026〕1号",
        "accreditation": "资质0001",
        "valid_from": today - timedelta(days=30),
        "valid_until": today + timedelta(days=365),
    }
    data.update(overrides)
    return data


def hire(world):
    rnd, first = ranked_and_checked(world)
    today = timezone.localdate()
    services.publicity_start(by=world.county_a_admin, round=rnd, start=today - timedelta(days=9), end=today - timedelta(days=1))
    services.application_file(by=world.province_admin, application=Application.objects.get(pk=first.pk))
    worker = services.application_hire(
        by=world.county_a_admin, application=Application.objects.get(pk=first.pk), hired_on=today - timedelta(days=1)
    )
    return rnd, worker


# ---------------------------------------------------------------- 通过考试并被录用者，同时取得资格


def test_通过考试并被录用者_同时取得北京市专职工会社会工作者资格(world):
    beijing_rule(world, "hire_exam_grants_qualification")
    rnd, worker = hire(world)
    q = Qualification.objects.get(worker=worker)
    hired_on = timezone.localdate() - timedelta(days=1)
    assert (q.hire_round, q.issued_on, q.entry, q.revoked) == (rnd, hired_on, None, False)
    assert q.number == f"京工社{hired_on.year}00001"
    event = AuditEvent.objects.filter(action="certification.grant_at_hire").get()
    assert event.detail["number"] == q.number and event.detail["round"] == rnd.pk
    assert "同时取得北京市专职工会社会工作者资格" in RecruitmentEvent.objects.filter(action="hire").get().label


def test_a_hire_where_the_policy_does_not_say_so_grants_no_qualification(world):
    _, worker = hire(world)  # Shandong: hire_exam_grants_qualification 未规定
    assert not Qualification.objects.filter(worker=worker).exists()
    assert "资格" not in RecruitmentEvent.objects.filter(action="hire").get().label


def test_the_hire_number_follows_the_certification_numbers_of_the_year(world):
    from conftest import make_id, worker_data
    from unionsw.workers.services import worker_create

    beijing_rule(world, "hire_exam_grants_qualification")
    year = (timezone.localdate() - timedelta(days=1)).year
    holder = worker_create(by=world.county_a_admin, data=worker_data(world.street_a, id_number=make_id()))
    Qualification.objects.create(worker=holder, number=f"京工社{year}00001", issued_on=date(year, 1, 2))
    _, worker = hire(world)
    assert Qualification.objects.get(worker=worker).number == f"京工社{year}00002"


def test_the_holders_list_shows_the_round_as_the_source(world, login):
    from conftest import make_user

    beijing_rule(world, "hire_exam_grants_qualification")
    rnd, worker = hire(world)
    response = login(world.county_a_admin).get(reverse("assessment:cert_rounds"))
    assert response.status_code == 200
    holders = list(response.context["holders"])
    assert [(q.worker_id, q.hire_round_id) for q in holders] == [(worker.pk, rnd.pk)]
    assert f"入职考试录用（{rnd.title}）" in response.content.decode()
    # another county's admin does not see the holder
    other = make_user("other_cert", world.county_b, [world.roles["county_admin"]])
    assert list(login(other).get(reverse("assessment:cert_rounds")).context["holders"]) == []


# ---------------------------------------------------------------- 市总工会委托的、有资质的社会考试机构


def test_exam_body_rule_boundaries():
    day = date(2026, 5, 20)
    body = ExamBody(name="机构", commission="1号", valid_from=day, valid_until=day, is_active=True)
    assert rules.exam_body_error(body, day, required=True) is None
    assert "委托有效期" in rules.exam_body_error(body, day + timedelta(days=1), required=True)
    assert "委托有效期" in rules.exam_body_error(body, day - timedelta(days=1), required=True)
    assert rules.exam_body_error(None, day, required=False) is None
    assert "须选择" in rules.exam_body_error(None, day, required=True)
    body.is_active = False
    assert "已停用" in rules.exam_body_error(body, day, required=False)


def test_新招录须经市总工会委托的有资质的社会考试机构组织_the_round_must_name_one(world):
    beijing_rule(world, "accredited_exam_body")
    plan = filed_plan(world)
    with pytest.raises(ValidationError) as exc:
        services.round_announce(by=world.county_a_admin, plan=plan, data=round_data())
    assert "社会考试机构" in str(exc.value)
    body = services.exam_body_create(by=world.province_admin, org=world.province, data=body_data())
    rnd = services.round_announce(by=world.county_a_admin, plan=plan, data=round_data(exam_body=body.pk))
    assert rnd.exam_body == body
    event = AuditEvent.objects.filter(action="recruitment.round_announce").latest("id")
    assert event.detail["exam_body"]["commission"] == "京工发〔2026〕1号"


def test_a_body_outside_its_commission_or_of_another_federation_is_refused(world):
    beijing_rule(world, "accredited_exam_body")
    plan = filed_plan(world)
    exam = round_data()["exam_date"]
    expired = services.exam_body_create(
        by=world.province_admin, org=world.province, data=body_data(valid_until=exam - timedelta(days=1))
    )
    with pytest.raises(ValidationError, match="委托有效期"):
        services.round_announce(by=world.county_a_admin, plan=plan, data=round_data(exam_body=expired.pk))
    # entrusted by the other city: not one the county's round may choose
    other = services.exam_body_create(by=world.province_admin, org=world.city_b, data=body_data(name="青岛机构"))
    with pytest.raises(ValidationError, match="不是上级工会委托"):
        services.round_announce(by=world.county_a_admin, plan=plan, data=round_data(exam_body=other.pk))
    assert not Round.objects.filter(plan=plan).exists()


def test_without_the_rule_a_body_is_optional(world):
    rnd = services.round_announce(by=world.county_a_admin, plan=filed_plan(world), data=round_data())
    assert rnd.exam_body is None


def test_only_the_federation_manages_exam_bodies_with_clear_errors(world):
    with pytest.raises(NotAllowed):
        services.exam_body_create(by=world.county_a_admin, org=world.county_a, data=body_data())
    with pytest.raises(ValidationError) as exc:
        services.exam_body_create(by=world.province_admin, org=world.province, data=body_data(name="", commission=""))
    assert set(exc.value.message_dict) == {"name", "commission"}
    assert not ExamBody.objects.exists()
    body = services.exam_body_create(by=world.province_admin, org=world.province, data=body_data())
    services.exam_body_update(by=world.province_admin, body=body, data=body_data(is_active=False))
    body.refresh_from_db()
    assert not body.is_active
    assert AuditEvent.objects.filter(action="recruitment.exam_body_update").get().detail["fields"] == ["is_active"]


def test_the_exam_body_pages(world, login):
    beijing_rule(world, "accredited_exam_body", org=world.province)
    client = login(world.province_admin)
    page = client.get(reverse("recruitment:exam_bodies"))
    assert page.status_code == 200 and "社会考试机构" in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("recruitment:exam_bodies"),
        {
            "org": world.province.pk,
            "name": "某考试中心",
            "commission": "京工发〔2026〕9号",
            "valid_from": f"{today:%Y-%m-%d}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    body = ExamBody.objects.get()
    assert (body.name, body.commission, body.valid_until) == ("某考试中心", "京工发〔2026〕9号", None)
    assert client.get(reverse("recruitment:exam_body_edit", args=[body.pk])).status_code == 200
    assert login(world.county_a_admin).get(reverse("recruitment:exam_bodies")).status_code == 403
    # the round form offers it, the round page shows it
    county = login(world.county_a_admin)
    plan = filed_plan(world)
    form = county.get(reverse("recruitment:announce", args=[plan.pk]))
    assert "exam_body" in form.context["form"].fields
    rnd = services.round_announce(by=world.county_a_admin, plan=plan, data=round_data(exam_body=body.pk))
    detail = county.get(reverse("recruitment:round_detail", args=[rnd.pk])).content.decode()
    assert "某考试中心" in detail and "京工发〔2026〕9号" in detail


def test_the_exam_body_api(world, client):
    from .test_api import call

    today = timezone.localdate()
    data = {"org": world.province.pk, "name": "接口机构", "commission": "1号", "valid_from": f"{today:%Y-%m-%d}"}
    response = call(client, "post", "/api/v1/recruitment/exam-bodies", world.province_admin, data=data)
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "接口机构"
    listed = call(client, "get", "/api/v1/recruitment/exam-bodies", world.province_admin).json()
    assert [b["name"] for b in listed] == ["接口机构"]
    assert call(client, "get", "/api/v1/recruitment/exam-bodies", world.county_a_admin).status_code == 403
    pk = response.json()["id"]
    update = call(
        client, "post", f"/api/v1/recruitment/exam-bodies/{pk}", world.province_admin, data={**data, "is_active": False} | {"org": None}
    )
    assert update.status_code == 400  # the update body has no org: an unknown field is refused
    del data["org"]
    update = call(client, "post", f"/api/v1/recruitment/exam-bodies/{pk}", world.province_admin, data={**data, "is_active": False})
    assert update.status_code == 200 and update.json()["is_active"] is False
