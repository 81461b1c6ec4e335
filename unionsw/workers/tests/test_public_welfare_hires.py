"""Seed 004 (Beijing): 市总工会原则上不再批准区县总工会新招录符合公益性岗位就业条件的人员专职从事工会工作.
A soft rule (原则上) on new hires: refused by default; a user holding policy.soft_override may break it with a
written reason, recorded in the audit trail and the worker's history. Existing workers are not touched."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_id, make_user, worker_data
from unionsw.core.models import AuditEvent
from unionsw.orgs.services import policy_override_add
from unionsw.workers import rules, services
from unionsw.workers.models import EmploymentMode, Worker

pytestmark = pytest.mark.django_db

RULE = "public_welfare_hiring_barred"


def bar_public_welfare(world, *, soft=True, since=date(2020, 1, 1)):
    policy_override_add(by=world.province_admin, org=world.county_a, key=RULE, value=True, effective_from=since, source="测试")
    policy_override_add(
        by=world.province_admin,
        org=world.county_a,
        key="soft_rules",
        value=[RULE] if soft else ["rank_quota"],
        effective_from=since,
        source="测试",
    )


def welfare(world, **overrides):
    return worker_data(world.street_a, id_number=make_id(), employment_mode=EmploymentMode.PUBLIC_WELFARE, **overrides)


def test_the_rule_refuses_only_public_welfare_where_the_policy_bars_it():
    assert "公益性岗位" in rules.public_welfare_hire_refusal(EmploymentMode.PUBLIC_WELFARE, True)
    assert rules.public_welfare_hire_refusal(EmploymentMode.PUBLIC_HIRE, True) is None
    assert rules.public_welfare_hire_refusal(EmploymentMode.PUBLIC_WELFARE, None) is None


def test_原则上不再批准新招录公益性岗位人员_is_refused_by_default(world):
    bar_public_welfare(world)
    before = Worker.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.worker_create(by=world.county_a_admin, data=welfare(world))
    message = exc.value.message_dict["employment_mode"][0]
    assert "不再批准新招录公益性岗位人员" in message and "写明理由" in message
    assert Worker.objects.count() == before
    # other employment modes are hired as before
    services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a, id_number=make_id()))


def test_an_authorised_user_may_hire_one_with_a_written_reason_shown_and_audited(world):
    bar_public_welfare(world)
    worker = services.worker_create(by=world.county_a_admin, data=welfare(world, override_reason="经市总工会专项批复（京工函〔2026〕3号）"))
    assert worker.employment_mode == EmploymentMode.PUBLIC_WELFARE
    event = AuditEvent.objects.filter(action="worker.create", target_id=str(worker.pk)).get()
    assert event.detail["soft_override"] == {"rule": RULE, "reason": "经市总工会专项批复（京工函〔2026〕3号）"}
    assert "京工函〔2026〕3号" in worker.history.earliest().history_change_reason


def test_a_user_without_the_override_permission_cannot_break_it(world):
    from unionsw.accounts.models import DataScope, Role

    bar_public_welfare(world)
    clerk_role = Role.objects.create(
        code="clerk", name="录入员", data_scope=DataScope.ORG_AND_BELOW, permissions=["worker.view", "worker.change"]
    )
    clerk = make_user("clerk", world.county_a, [clerk_role])
    with pytest.raises(ValidationError, match="公益性岗位"):
        services.worker_create(by=clerk, data=welfare(world, override_reason="理由"))


def test_a_hard_rule_ignores_the_reason(world):
    bar_public_welfare(world, soft=False)
    with pytest.raises(ValidationError) as exc:
        services.worker_create(by=world.county_a_admin, data=welfare(world, override_reason="理由"))
    assert "写明理由" not in exc.value.message_dict["employment_mode"][0]  # no hint that a reason would do


def test_a_hire_before_the_rule_took_effect_is_not_refused(world):
    bar_public_welfare(world, since=date(2024, 1, 1))
    worker = services.worker_create(by=world.county_a_admin, data=welfare(world, hired_on=date(2023, 12, 31)))
    assert worker.employment_mode == EmploymentMode.PUBLIC_WELFARE
    with pytest.raises(ValidationError):
        services.worker_create(by=world.county_a_admin, data=welfare(world, hired_on=date(2024, 1, 1)))


def test_an_existing_public_welfare_worker_can_still_be_edited(world):
    worker = services.worker_create(by=world.county_a_admin, data=welfare(world))
    bar_public_welfare(world)
    worker.refresh_from_db()
    services.worker_update(by=world.county_a_admin, worker=worker, data={"major": "法学"}, version=worker.version, reason="更正专业")
    assert Worker.objects.get(pk=worker.pk).major == "法学"


def test_without_the_rule_public_welfare_hires_are_accepted(world):
    worker = services.worker_create(by=world.county_a_admin, data=welfare(world))  # Shandong: 未规定
    assert worker.employment_mode == EmploymentMode.PUBLIC_WELFARE


def test_the_excel_import_refuses_the_row(world, settings, tmp_path):
    from .test_excel import row, upload

    settings.JOBS_SYNC, settings.MEDIA_ROOT = True, tmp_path
    bar_public_welfare(world)
    from unionsw.workers import excel

    result = excel.import_workers(by=world.county_a_admin, fileobj=upload(row(), row(**{"用工方式*": "公益性岗位"})))
    assert result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "用工方式")]
    assert "公益性岗位" in result.errors[0].message


def test_the_form_offers_the_reason_and_the_api_accepts_it(world, login, client):
    bar_public_welfare(world)
    page = login(world.county_a_admin).get(reverse("workers:create"))
    assert "override_reason" in page.context["form"].fields
    form = {
        k: v
        for k, v in welfare(world).items()
        if v is not None and k not in ("org", "hired_on", "rank_since", "left_on")
    } | {"org": world.street_a.pk, "hired_on": "2022-03-01"}
    refused = client.post(reverse("workers:create"), form)
    assert refused.status_code == 200 and "不再批准新招录公益性岗位人员" in refused.content.decode()
    accepted = client.post(reverse("workers:create"), form | {"override_reason": "专项批复"})
    assert accepted.status_code == 302
    assert Worker.objects.filter(employment_mode=EmploymentMode.PUBLIC_WELFARE).count() == 1

    from unionsw.recruitment.tests.test_api import call

    body = {
        k: (v if not hasattr(v, "isoformat") else v.isoformat())
        for k, v in welfare(world).items()
        if v is not None and k not in ("org", "rank_since")
    } | {"org": world.street_a.pk}
    refused = call(client, "post", "/api/v1/workers", world.county_a_admin, data=body)
    assert refused.status_code == 400 and "公益性岗位" in refused.content.decode()
    accepted = call(client, "post", "/api/v1/workers", world.county_a_admin, data=body | {"override_reason": "专项批复"})
    assert accepted.status_code in (200, 201), accepted.content
