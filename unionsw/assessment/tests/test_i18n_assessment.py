"""English for the assessment's Python texts (issue 12): a service's refusal and a page's flash message come out in
English for a user who chose English and stay Chinese by default; the results Excel stays Chinese either way."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from unionsw.assessment import services
from unionsw.assessment.models import Grade, Result, Round
from unionsw.assessment.tests.conftest import SETUP

pytestmark = pytest.mark.django_db


def _refusal(world, language):
    result = Result.objects.create(worker=world.worker_a, year=2023, grade=Grade.PASS)
    with translation.override(language), pytest.raises(ValidationError) as exc:
        services.admonition_add(by=world.county_a_admin, result=result, talked_on=date(2024, 1, 5), talker="李", content="x" * 20)
    return exc.value.messages


def test_a_service_refusal_is_english_when_english_is_active(world):
    assert _refusal(world, "en") == ["An admonition talk is recorded only for a Fail"]


def test_the_same_refusal_stays_chinese_by_default(world):
    assert _refusal(world, settings.LANGUAGE_CODE) == ["只有考核不合格的才需诫勉谈话记录"]


def test_the_round_form_error_follows_the_chosen_language(world, login, hebei):
    c = login(world.city_admin)
    bad = {"org": world.city_a.pk, "year": "2025", **(SETUP | {"w_report": "50"})}
    body = c.post(reverse("assessment:rounds"), bad, follow=True).content.decode()
    assert "各项权重之和须为 100（现为 110.00）" in body
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = c.post(reverse("assessment:rounds"), bad, follow=True).content.decode()
    assert "The weights must add up to 100 (now 110.00)" in body and "权重之和" not in body
    assert not Round.objects.exists()


def test_the_results_excel_stays_chinese_on_an_english_page(world, login):
    Result.objects.create(worker=world.worker_a, year=2023, grade=Grade.PASS)
    c = login(world.county_a_admin)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = c.get(reverse("assessment:results"), {"format": "xlsx"}).content
    cells = [cell.value for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]
    assert "等次" in cells and "合格" in cells and "Pass" not in cells
