"""Issue 12: the training app's refusals, flash messages and compliance labels follow the chosen language;
zh-hans (the default) still gives the Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from unionsw.training import rules, services

pytestmark = pytest.mark.django_db


def test_a_duplicate_plan_is_refused_in_the_request_language(world, plan_a):
    def refusal():
        with pytest.raises(ValidationError) as exc:
            services.plan_create(by=world.county_a_admin, org=world.county_a, year=plan_a.year, title="重复")
        return exc.value.message_dict["year"][0]

    with translation.override("en"):
        assert refusal() == f"{world.county_a.name} already has a training plan for {plan_a.year}"
    with translation.override("zh-hans"):
        assert refusal() == f"{world.county_a.name}已有 {plan_a.year} 年度培训计划"


def test_the_compliance_label_is_translated_when_shown():
    c = rules.compliance(hired_on=date(2024, 1, 1), months=None, kinds=None, attended=[], today=date(2024, 6, 1))
    with translation.override("en"):
        assert c.label == "Not set"
    with translation.override("zh-hans"):
        assert c.label == "未规定"


def test_the_enrol_flash_is_english_with_the_language_cookie(world, login, make_session):
    session = make_session()
    c = login(world.county_a_admin)
    c.cookies["django_language"] = "en"
    page = c.post(f"/training/sessions/{session.pk}/enrol/", {"worker": [world.worker_a.pk]}, follow=True).content.decode()
    assert "1 enrolled" in page and "已报名" not in page
