"""The alert centre (/employment/alerts/) as of a day: 截至 any date through core/parsing, a bad date is a
Chinese error (400), never a 500; the API takes the same date."""

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract_a(world):
    from unionsw.employment.services import contract_draft_create, contract_sign

    c = contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2022, 3, 1), end=date(2025, 2, 28)
    )
    return contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2022, 3, 1))


def kinds(response):
    return sorted(a.kind for a in response.context["alerts"] if a.kind.startswith("contract."))


def test_the_alerts_are_computed_as_of_the_day_asked_for(world, login, contract_a):
    c = login(world.county_a_admin)
    # today (2026 or later) the contract ending 2025-02-28 is overdue
    r = c.get("/employment/alerts/?scope=all")
    assert r.status_code == 200 and kinds(r) == ["contract.overdue"]
    assert r.context["is_today"]
    r = c.get("/employment/alerts/?scope=all&on=2024-12-29")  # 61 days before the end
    assert r.status_code == 200 and kinds(r) == []
    r = c.get("/employment/alerts/?scope=all&on=2024-12-30")
    assert kinds(r) == ["contract.expiring60"]
    body = r.content.decode()
    assert "截至2024年12月30日" in body and 'value="2024-12-30"' in body and "回到今天" in body
    # the 本月/全部 links keep the day
    assert "scope=month&amp;on=2024-12-30" in body
    r = c.get("/employment/alerts/?on=2025-01-29")
    assert kinds(r) == ["contract.expiring30"]
    # the other county sees none of it on any day
    assert kinds(login(world.county_b_admin).get("/employment/alerts/?scope=all&on=2025-01-29")) == []


@pytest.mark.parametrize("bad", ["2025-02-30", "abc", "1800-01-01"])
def test_a_bad_date_is_a_chinese_error_not_a_500(world, login, contract_a, bad):
    r = login(world.county_a_admin).get(f"/employment/alerts/?on={bad}")
    assert r.status_code == 400
    body = r.content.decode()
    assert "截至日期" in body and ("不存在" in body or "格式不正确" in body or "年份" in body)
    assert 'aria-invalid="true"' in body


def test_the_api_takes_the_same_date(world, client, contract_a):
    from .test_api import bearer

    h = bearer(world.county_a_admin)
    r = client.get("/api/v1/employment/alerts?on=2024-12-30", **h)
    assert r.status_code == 200
    assert [a["kind"] for a in r.json() if a["kind"].startswith("contract.")] == ["contract.expiring60"]
    r = client.get("/api/v1/employment/alerts?on=2024-13-01", **h)
    assert r.status_code == 400 and "截至日期" in r.content.decode()
