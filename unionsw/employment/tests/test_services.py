"""Services: permission, scope, validation with Chinese messages, audit, and the database afterwards."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.models import AuditEvent
from unionsw.employment import services
from unionsw.employment.models import Contract, Movement, Post, PostHolding
from unionsw.orgs.models import PolicyOverride

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- posts


def test_filling_a_post_records_the_holding_syncs_the_worker_and_audits(world, post_a):
    services.post_fill(by=world.county_a_admin, post=post_a, worker=world.worker_a, on=date(2022, 3, 1), reason="公开招聘录用")
    post_a.refresh_from_db()
    world.worker_a.refresh_from_db()
    assert post_a.holder == world.worker_a and post_a.vacant_since is None
    assert PostHolding.objects.get(post=post_a).ended_on is None
    assert world.worker_a.post_title == "组建指导岗"
    assert AuditEvent.objects.filter(action="post.fill", target_id=str(post_a.pk)).exists()


def test_two_admins_filling_the_same_post_exactly_one_succeeds(world, post_a, another_worker):
    stale = Post.objects.get(pk=post_a.pk)  # the second admin loaded the page before the first saved
    services.post_fill(by=world.county_a_admin, post=post_a, worker=world.worker_a, on=date(2022, 3, 1), reason="录用")
    with pytest.raises(ValidationError) as exc:
        services.post_fill(by=world.county_a_admin, post=stale, worker=another_worker, on=date(2022, 3, 1), reason="录用")
    assert "其他管理员" in exc.value.messages[0]
    assert PostHolding.objects.filter(post=post_a, ended_on__isnull=True).count() == 1
    another_worker.refresh_from_db()
    assert another_worker.post_title == "组建指导岗"  # unchanged from creation: nothing was written for the loser
    assert not PostHolding.objects.filter(worker=another_worker).exists()


def test_the_database_refuses_a_second_open_holding_on_a_post(world, filled_a, another_worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostHolding.objects.create(post=filled_a, worker=another_worker, started_on=date(2023, 1, 1), start_reason="x")


def test_the_database_refuses_a_worker_on_two_posts(world, filled_a, post_a2):
    with pytest.raises(IntegrityError), transaction.atomic():
        PostHolding.objects.create(post=post_a2, worker=world.worker_a, started_on=date(2023, 1, 1), start_reason="x")


def test_a_rehired_worker_cannot_hold_a_ranked_post_but_may_hold_an_unranked_one(world, post_a, post_a2, rehired):
    with pytest.raises(ValidationError) as exc:
        services.post_fill(by=world.county_a_admin, post=post_a, worker=rehired, on=date(2022, 3, 1), reason="返聘")
    assert "返聘人员不纳入岗位等级序列" in exc.value.messages[0]
    services.post_fill(by=world.county_a_admin, post=post_a2, worker=rehired, on=date(2022, 3, 1), reason="返聘")
    assert Post.objects.get(pk=post_a2.pk).holder == rehired


def test_filling_refuses_a_date_before_hire_and_another_county(world, post_a, post_b):
    with pytest.raises(ValidationError) as exc:
        services.post_fill(by=world.county_a_admin, post=post_a, worker=world.worker_a, on=date(2020, 1, 1), reason="录用")
    assert "不能早于入职日期" in exc.value.messages[0]
    with pytest.raises(OutOfScope):
        services.post_fill(by=world.county_a_admin, post=post_b, worker=world.worker_a, on=date(2022, 3, 1), reason="录用")
    with pytest.raises(NotAllowed):
        services.post_fill(by=world.city_admin, post=post_a, worker=world.worker_a, on=date(2022, 3, 1), reason="录用")
    assert not PostHolding.objects.exists()


def test_post_rank_band_must_be_a_step_of_the_ladder(world, kinds):
    with pytest.raises(ValidationError) as exc:
        services.post_create(by=world.county_a_admin, unit=world.street_a, kind=kinds["组建指导岗"], rank_band="处长")
    assert "见习干事" in exc.value.messages[0]


def test_transfer_vacates_the_old_post_and_moves_the_worker(world, filled_a, post_a2):
    services.post_transfer(
        by=world.county_a_admin, worker=world.worker_a, post=post_a2, on=date(2024, 1, 1), reason="年度轮岗", kind="rotation"
    )
    filled_a.refresh_from_db()
    post_a2.refresh_from_db()
    world.worker_a.refresh_from_db()
    assert filled_a.holder is None and filled_a.vacant_since == date(2024, 1, 1)
    assert post_a2.holder == world.worker_a
    assert world.worker_a.org == world.street_a2 and world.worker_a.post_title == "维权服务岗"
    old = PostHolding.objects.get(post=filled_a)
    assert old.ended_on == date(2024, 1, 1) and old.end_kind == "rotation"
    assert Movement.objects.filter(worker=world.worker_a, kind="rotation", from_post=filled_a, to_post=post_a2).exists()


# ---------------------------------------------------------------- contracts


def test_draft_sign_deadline_is_劳动合同法第十条_one_month_and_none_when_a_policy_unsets_it(world):
    b = services.contract_draft_create(
        by=world.county_b_admin, worker=world.worker_b, kind="labour", start=date(2024, 1, 15), end=date(2027, 1, 14)
    )
    assert b.sign_deadline == date(2024, 2, 15)
    PolicyOverride.objects.create(
        org=world.city_a, key="contract_sign_limit_months", value=None, effective_from=date(2018, 1, 1), source="测试"
    )
    c = services.contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2024, 1, 15), end=date(2027, 1, 14)
    )
    assert c.sign_deadline is None and c.status == "draft"


def test_a_contract_cannot_overlap_another_of_the_same_worker(world, contract_a):
    with pytest.raises(ValidationError) as exc:
        services.contract_draft_create(
            by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2025, 2, 28), end=date(2028, 2, 27)
        )
    assert "期限重叠" in exc.value.messages[0]
    ok = services.contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2025, 3, 1), end=date(2028, 2, 28)
    )
    assert ok.pk and Contract.objects.filter(worker=world.worker_a).count() == 2


def test_bad_dates_are_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as exc:
        services.contract_draft_create(
            by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2024, 1, 1), end=date(2023, 1, 1)
        )
    assert exc.value.message_dict["ends_on"] == ["终止日期须晚于起始日期"]
    assert not Contract.objects.exists()


def test_rehired_workers_sign_only_a_service_agreement_and_only_once_insured(world, rehired):
    with pytest.raises(ValidationError) as exc:
        services.contract_draft_create(
            by=world.county_a_admin, worker=rehired, kind="labour", start=date(2024, 1, 1), end=date(2025, 1, 1)
        )
    assert "劳务协议" in exc.value.messages[0]
    c = services.contract_draft_create(
        by=world.county_a_admin, worker=rehired, kind="service", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        services.contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2024, 1, 1))
    assert "商业意外险" in exc.value.messages[0]
    assert Contract.objects.get(pk=c.pk).status == "draft"
    services.insurance_add(
        by=world.county_a_admin,
        worker=rehired,
        insurer="平安",
        policy_number="P1",
        starts_on=date(2024, 1, 2),
        ends_on=date(2024, 12, 31),
    )
    with pytest.raises(ValidationError):  # the policy must cover the first day
        services.contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2024, 1, 1))
    services.insurance_add(
        by=world.county_a_admin,
        worker=rehired,
        insurer="平安",
        policy_number="P2",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 12, 31),
    )
    assert services.contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2024, 1, 1)).status == "active"


def test_renewal_starts_the_day_after_and_dissolving_needs_a_listed_ground(world, contract_a):
    new = services.contract_renew(
        by=world.county_a_admin, contract=contract_a, ends_on=date(2028, 2, 28), signed_on=date(2025, 2, 20)
    )
    assert new.starts_on == date(2025, 3, 1) and new.renewal_of_id == contract_a.pk and new.status == "active"
    with pytest.raises(ValidationError):
        services.contract_renew(by=world.county_a_admin, contract=contract_a, ends_on=date(2030, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.contract_dissolve(by=world.county_a_admin, contract=new, on=date(2026, 1, 1), ground="art99", reason="x")
    assert "法定事由" in exc.value.messages[0]
    d = services.contract_dissolve(by=world.county_a_admin, contract=new, on=date(2026, 1, 1), ground="art36", reason="协商一致")
    assert d.status == "dissolved" and d.closed_on == date(2026, 1, 1) and d.ground == "art36"
    assert AuditEvent.objects.filter(action="contract.dissolve", target_id=str(d.pk)).exists()


def test_terminating_on_expiry_must_use_the_end_date(world, contract_a):
    with pytest.raises(ValidationError):
        services.contract_terminate(by=world.county_a_admin, contract=contract_a, on=date(2025, 1, 1), ground="art44_1")
    t = services.contract_terminate(by=world.county_a_admin, contract=contract_a, on=date(2025, 2, 28), ground="art44_1")
    assert t.status == "terminated"
    with pytest.raises(ValidationError):
        services.contract_terminate(by=world.county_a_admin, contract=t, on=date(2025, 2, 28), ground="art44_1")


def test_change_records_the_content_and_may_move_the_end_date(world, contract_a):
    services.contract_change(
        by=world.county_a_admin, contract=contract_a, on=date(2024, 5, 1), detail="工作地点变更", ends_on=date(2025, 6, 30)
    )
    contract_a.refresh_from_db()
    assert contract_a.ends_on == date(2025, 6, 30)
    assert contract_a.events.filter(kind="change", detail__contains="工作地点变更").exists()


def test_disputes_are_recorded_and_closed(world, contract_a):
    d = services.dispute_record(
        by=world.county_a_admin, contract=contract_a, raised_on=date(2024, 6, 1), channel="仲裁", summary="加班费"
    )
    with pytest.raises(ValidationError):
        services.dispute_close(by=world.county_a_admin, dispute=d, closed_on=date(2024, 5, 1), outcome="调解")
    services.dispute_close(by=world.county_a_admin, dispute=d, closed_on=date(2024, 7, 1), outcome="调解结案")
    d.refresh_from_db()
    assert d.status == "closed"


# ---------------------------------------------------------------- exit


def test_resignation_dissolves_the_contract_vacates_the_post_and_keeps_the_record(world, filled_a, contract_a):
    on = date(2024, 10, 31)
    services.worker_exit(by=world.county_a_admin, worker=world.worker_a, kind="resignation", on=on, reason="个人原因")
    world.worker_a.refresh_from_db()
    contract_a.refresh_from_db()
    filled_a.refresh_from_db()
    assert world.worker_a.status == "resigned" and world.worker_a.left_on == on
    assert contract_a.status == "dissolved" and contract_a.ground == "art37"
    assert filled_a.holder is None and filled_a.vacant_since == on
    assert PostHolding.objects.get(post=filled_a).end_kind == "resignation"
    assert world.worker_a.history.count() >= 3  # created, filled, exited: nothing deleted


def test_dissolution_exit_requires_a_ground_and_expiry_must_be_on_the_end_date(world, contract_a):
    with pytest.raises(ValidationError):
        services.worker_exit(
            by=world.county_a_admin, worker=world.worker_a, kind="dissolution", on=date(2024, 1, 1), reason="不合格", ground=""
        )
    with pytest.raises(ValidationError):
        services.worker_exit(by=world.county_a_admin, worker=world.worker_a, kind="expiry", on=date(2024, 1, 1), reason="期满")
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == "active"
    services.worker_exit(by=world.county_a_admin, worker=world.worker_a, kind="expiry", on=date(2025, 2, 28), reason="期满不续订")
    contract_a.refresh_from_db()
    assert contract_a.status == "terminated" and contract_a.ground == "art44_1"


def test_exit_refuses_future_dates_and_other_counties(world):
    with pytest.raises(ValidationError):
        services.worker_exit(
            by=world.county_a_admin,
            worker=world.worker_a,
            kind="retirement",
            on=timezone.localdate() + timedelta(days=1),
            reason="退休",
        )
    with pytest.raises(OutOfScope):
        services.worker_exit(
            by=world.county_b_admin, worker=world.worker_a, kind="retirement", on=date(2024, 1, 1), reason="退休"
        )
    with pytest.raises(NotAllowed):
        services.worker_exit(by=world.city_admin, worker=world.worker_a, kind="retirement", on=date(2024, 1, 1), reason="退休")
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == "active"


def test_an_exit_after_an_unclosed_expired_contract_records_its_expiry_first(world, contract_a):
    services.worker_exit(
        by=world.county_a_admin, worker=world.worker_a, kind="resignation", on=date(2025, 6, 30), reason="个人原因"
    )
    contract_a.refresh_from_db()
    world.worker_a.refresh_from_db()
    assert contract_a.status == "terminated" and contract_a.closed_on == date(2025, 2, 28) and contract_a.ground == "art44_1"
    assert world.worker_a.status == "resigned"


def test_the_accident_insurance_rule_is_shandongs_not_every_provinces(world, rehired):
    """必须为返聘人员购买商业意外险 is set by the Shandong opinion only (policy key rehired_accident_insurance)."""
    PolicyOverride.objects.create(
        org=world.city_a, key="rehired_accident_insurance", value=None, effective_from=date(2000, 1, 1), source="测试"
    )
    c = services.contract_draft_create(
        by=world.county_a_admin, worker=rehired, kind="service", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    assert services.contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2024, 1, 1)).status == "active"


def _jiangsu(world):
    from unionsw.orgs.models import PolicyProfile

    world.province.policy_profile = PolicyProfile.objects.filter(code="jiangsu").order_by("-effective_from").first()
    world.province.save(update_fields=["policy_profile"])


def test_江苏_以考核结果作为签订续聘合同的主要依据_a_fail_blocks_renewal_unless_a_reason(world, contract_a):
    from unionsw.assessment.models import Result
    from unionsw.core.models import AuditEvent

    _jiangsu(world)
    Result.objects.create(worker=world.worker_a, year=2024, grade="FAIL")
    with pytest.raises(ValidationError) as exc:
        services.contract_renew(by=world.county_a_admin, contract=contract_a, ends_on=date(2028, 2, 28))
    assert "2024 年度考核不合格" in str(exc.value) and "写明理由" in str(exc.value)
    assert not Contract.objects.filter(renewal_of=contract_a).exists()
    new = services.contract_renew(
        by=world.county_a_admin, contract=contract_a, ends_on=date(2028, 2, 28), override_reason="整改后复评合格，经党组研究"
    )
    assert new.renewal_of_id == contract_a.pk
    event = AuditEvent.objects.filter(action="contract.renew").latest("id")
    assert event.detail["soft_override"]["reason"] == "整改后复评合格，经党组研究"


def test_shandong_does_not_tie_renewal_to_the_assessment(world, contract_a):
    from unionsw.assessment.models import Result

    Result.objects.create(worker=world.worker_a, year=2024, grade="FAIL")
    assert services.contract_renew(by=world.county_a_admin, contract=contract_a, ends_on=date(2028, 2, 28)).pk


def test_劳动合同法第十四条_ten_years_of_service_raises_the_open_ended_alert(world, contract_a):
    from unionsw.employment import alerts

    world.worker_a.hired_on = date(2014, 1, 1)
    world.worker_a.save(update_fields=["hired_on"])
    kinds = [a.kind for a in alerts.collect(world.county_a_admin, date(2025, 1, 20))]
    assert "contract.ten_years" in kinds
    world.worker_a.hired_on = date(2016, 1, 1)
    world.worker_a.save(update_fields=["hired_on"])
    assert "contract.ten_years" not in [a.kind for a in alerts.collect(world.county_a_admin, date(2025, 1, 20))]


def _post_manager_only(world):
    """A role with post.manage and nothing else (issue 12): the county's post clerk."""
    from conftest import make_user
    from unionsw.accounts.models import DataScope, Role

    role = Role.objects.create(
        code="post_clerk", name="岗位管理员", data_scope=DataScope.ORG_AND_BELOW, permissions=["post.manage"]
    )
    return make_user("post_clerk", world.county_a, [role])


def test_post_manage_alone_fills_and_transfers_a_post(world, post_a, post_a2):
    clerk = _post_manager_only(world)
    assert not clerk.can("worker.change")
    services.post_fill(by=clerk, post=post_a, worker=world.worker_a, on=date(2022, 3, 1), reason="公开招聘录用")
    world.worker_a.refresh_from_db()
    assert Post.objects.get(pk=post_a.pk).holder == world.worker_a and world.worker_a.post_title == "组建指导岗"
    services.post_transfer(by=clerk, worker=world.worker_a, post=post_a2, on=date(2024, 1, 1), reason="轮岗")
    world.worker_a.refresh_from_db()
    assert world.worker_a.org == world.street_a2 and world.worker_a.post_title == "维权服务岗"
    assert world.worker_a.history.first().history_user == clerk


def test_post_manage_does_not_open_the_rest_of_the_worker_record(world):
    from unionsw.workers.services import worker_update

    clerk = _post_manager_only(world)
    with pytest.raises(ValueError):
        worker_update(by=clerk, worker=world.worker_a, data={"rank": ""}, version=world.worker_a.version, reason="x", permission="post.manage")
    with pytest.raises(NotAllowed):
        worker_update(by=clerk, worker=world.worker_a, data={"post_title": "x"}, version=world.worker_a.version, reason="x")


def test_the_post_chosen_on_the_worker_form_fills_moves_or_leaves_alone(world, post_a, post_a2, another_worker):
    from unionsw.core.errors import StaleVersion

    services.worker_post_assign(by=world.county_a_admin, worker=world.worker_a, post=post_a, on=date(2022, 3, 1), reason="录用")
    assert Post.objects.get(pk=post_a.pk).holder == world.worker_a
    assert services.worker_post_assign(by=world.county_a_admin, worker=world.worker_a, post=post_a, on=date(2023, 1, 1), reason="无变化") is None
    services.worker_post_assign(by=world.county_a_admin, worker=world.worker_a, post=post_a2, on=date(2024, 1, 1), reason="调整")
    assert Post.objects.get(pk=post_a.pk).holder is None and Post.objects.get(pk=post_a2.pk).holder == world.worker_a
    assert Movement.objects.filter(worker=world.worker_a, kind="transfer", from_post=post_a, to_post=post_a2).exists()
    with pytest.raises(StaleVersion) as exc:
        services.worker_post_assign(by=world.county_a_admin, worker=another_worker, post=post_a2, on=date(2024, 2, 1), reason="x")
    assert exc.value.messages == [services.FILL_CONFLICT]
