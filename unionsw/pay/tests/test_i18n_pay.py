"""English for the pay app (issue 12): refusals, validation and flash messages follow the chosen language; the
Excel lists stay Chinese (official documents)."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from unionsw.pay import rules, runs, services


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def approved(world):
    admin = world.county_a_admin
    run = runs.run_open(by=admin, org=world.county_a, month=date(2026, 1, 1))
    return runs.run_approve(by=admin, run=runs.run_review(by=admin, run=runs.run_compute(by=admin, run=run)))


def test_a_locked_run_is_refused_in_the_chosen_language(pay_world):
    run = approved(pay_world)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        runs.run_compute(by=pay_world.county_a_admin, run=run)
    assert "has been approved and locked" in exc.value.messages[0] and "锁定" not in exc.value.messages[0]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        runs.run_compute(by=pay_world.county_a_admin, run=run)
    assert "该工资表已审批并锁定" in exc.value.messages[0]


def test_validation_messages_carry_translated_labels_and_placeholders():
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        rules.parse_ratio("150%", label="x")
    assert exc.value.messages == ["x must be between 0 and 100%"]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services._clean_amounts({"8": "abc"}, list(range(1, 11)), "Post pay")
    assert exc.value.messages == ["Post pay, grade 8 must be a number, e.g. 3250.00"]
    with pytest.raises(ValidationError) as exc:
        services._clean_amounts({"8": "abc"}, list(range(1, 11)), "岗位工资")
    assert exc.value.messages == ["岗位工资8级应为数字，例如 3250.00"]


def test_pages_flash_and_refuse_in_english_with_the_language_cookie(pay_world, login):
    client = english(login(pay_world.county_a_admin))
    url = reverse("pay:worker", args=[pay_world.worker_a.pk])
    page = client.post(url, {"what": "account", "bank": "工商银行", "account": "12ab"}).content.decode()
    assert "The bank account number must be 8–30 digits" in page and "位数字" not in page
    response = client.post(reverse("pay:runs"), {"org": pay_world.county_a.pk, "month": "2026-01"}, follow=True)
    assert "Created " in response.content.decode()
    run = pay_world.county_a.payroll_runs.get()
    act = reverse("pay:run_act", args=[run.pk])
    page = client.post(act, {"action": "review", "version": run.version}, follow=True).content.decode()
    assert "Only a “Computed” payroll can be reviewed" in page
    # the same refusal in Chinese without the cookie
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    page = client.post(act, {"action": "review", "version": run.version}, follow=True).content.decode()
    assert "只有“已计算”的工资表可以复核" in page


def test_the_excel_register_stays_chinese_on_an_english_page(pay_world, login):
    from openpyxl import load_workbook

    run = approved(pay_world)
    client = english(login(pay_world.county_a_admin))
    ws = load_workbook(io.BytesIO(client.get(reverse("pay:run_xlsx", args=[run.pk])).content)).active
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["类型"] == "薪酬标准" and row["管理岗位等级"].endswith("级")
    # while the page shows the same choice labels in English
    page = client.get(reverse("pay:run", args=[run.pk])).content.decode()
    assert "Approved (locked)" in page


def test_a_stored_reason_stays_chinese_and_the_english_page_translates_it(pay_world, login, add_worker):
    admin = pay_world.county_a_admin
    add_worker(rank="初级干事", name="李四")  # no 薪级 yet: the run cannot compute that worker
    run = runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 1, 1))
    with translation.override("en"):
        run = runs.run_compute(by=admin, run=run)
    run.refresh_from_db()
    assert [p["reason"] for p in run.problems] == ["未核定薪级"]
    page = english(login(admin)).get(reverse("pay:run", args=[run.pk])).content.decode()
    assert "李四" in page and "No salary grade set" in page and "未核定薪级" not in page
