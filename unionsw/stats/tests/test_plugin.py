"""The plug-in: another app's BREAKDOWNS appear on /stats/ with shares, chart and export (assessment's)."""

import pytest

from unionsw.assessment.models import Result
from unionsw.stats import engine

pytestmark = pytest.mark.django_db


def test_the_assessment_grade_table_comes_from_the_assessment_app(world, login):
    Result.objects.create(worker=world.worker_a, year=2025, grade="EXCELLENT")
    Result.objects.create(worker=world.worker_b, year=2025, grade="FAIL")
    Result.objects.create(worker=world.worker_b, year=2024, grade="PASS")
    r = login(world.province_admin).get("/stats/")
    t = {t.key: t for t in r.context["tables"]}["assessment.grades"]
    assert t.title == "年度考核等次（2025年度）"
    assert {row.label: (row.value, str(row.share)) for row in t.rows} == {
        "优秀": (1, "50.00"),
        "合格": (0, "0.00"),
        "基本合格": (0, "0.00"),
        "不合格": (1, "50.00"),
    }
    county = {t.key: t for t in engine.collect(world.county_a_admin, r.context["on"], world.county_a)}
    assert county["assessment.grades"].total == 1  # 张三 only; 李四 is another county's
    assert "年度考核等次" in r.content.decode()
