"""issue 12: eligibility reasons and promotion refusals follow the chosen language on pages and in messages,
while the explanation stored with a promotion stays Chinese."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from unionsw.careers import rules, services
from unionsw.careers.models import Promotion

pytestmark = pytest.mark.django_db

THREE_PASSES = {2023: "PASS", 2024: "PASS", 2025: "EXCELLENT"}


@pytest.fixture
def eligible(world, add_worker):
    """Four eligible 初级干事 in county A: five workers there, so 中级干事 ≤ 20% × 5 = 1."""
    return [add_worker(name=f"候选{i}", rank="初级干事", rank_since=date(2020, 1, 1), results=THREE_PASSES) for i in range(4)]


def test_a_reason_is_chinese_as_a_value_and_translated_when_printed():
    e = rules.eligibility(
        rank="初级干事",
        rank_since=date(2020, 1, 1),
        employment_mode="public_hire",
        status="active",
        results={2024: "BASIC", 2025: "PASS"},
        cert_levels=set(),
        on=date(2026, 6, 1),
        ladder=["初级干事", "中级干事"],
        min_years=3,
        recent=2,
        min_grade="PASS",
        rank_certificate={"中级干事": "助理社会工作师等"},
    )
    grades, cert = e.checks[1].detail, e.checks[2].detail
    assert grades == "近 2 年考核：2025 合格、2024 基本合格，须均为合格以上"
    assert cert == "中级干事须持助理社会工作师等证书，未持有"
    with translation.override("en"):
        assert str(grades) == "Assessments of the last 2 years: 2025 Pass, 2024 Basic pass; all must be Pass or better"
        assert str(cert) == (
            "中级干事 requires the Assistant social work practitioner or equivalent certificate, which is not held"
        )
        assert f"{cert}" == cert and json.dumps(cert, ensure_ascii=False) == f'"{cert}"'  # stored texts keep the Chinese
        assert str(e.summary).startswith("Assessments of the last 2 years") and "; 中级干事 requires" in str(e.summary)
    assert str(grades) == grades


def test_a_promotion_refusal_is_english_when_chosen_and_the_stored_explanation_chinese(world, eligible):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.promotion_propose(by=world.county_a_admin, worker=world.worker_a)
    assert exc.value.messages[0].startswith("张三 is not eligible for promotion: ")
    with pytest.raises(ValidationError) as exc:
        services.promotion_propose(by=world.county_a_admin, worker=world.worker_a)
    assert exc.value.messages[0].startswith("张三 不符合晋升条件：")

    with translation.override("en"):
        services.promotion_propose(by=world.county_a_admin, worker=eligible[0])
    explanation = Promotion.objects.get(worker=eligible[0]).explanation
    assert any(c["detail"].startswith("近 3 年考核：") for c in explanation)


def test_the_eligibility_page_and_the_flash_messages_in_english(world, login, eligible):
    c = login(world.county_a_admin)
    c.cookies["django_language"] = "en"
    body = c.get(reverse("careers:eligibility")).content.decode()
    assert "Assessments of the last 3 years" in body and "近 3 年考核" not in body
    r = c.post(reverse("careers:propose", args=[eligible[0].pk]), follow=True)
    assert "候选0 nominated for promotion, awaiting approval" in r.content.decode()
    city = login(world.city_admin)
    promotion = Promotion.objects.get(worker=eligible[0])
    r = city.post(reverse("careers:decide", args=[promotion.pk]), {"decision": "refuse", "note": ""}, follow=True)
    assert "Enter the reason for not approving" in r.content.decode()
