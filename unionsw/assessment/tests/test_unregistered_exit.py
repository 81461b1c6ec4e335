"""Seed 004: 不报名者视同放弃资格认证，应当退出专职工会社会工作者队伍 — after a sitting's registration closes, the
to-do row and the sitting's list of non-registrants lead to the exit form, prefilled with that ground."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from unionsw.assessment import rules, services
from unionsw.employment.models import Movement

from .test_certification import beijing  # noqa: F401 — the Beijing-profile federation fixture

pytestmark = pytest.mark.django_db


def closed_sitting(bj, *, days_after_deadline=3):
    today = timezone.localdate()
    return services.cert_round_create(
        by=bj["admin"],
        org=bj["city"],
        data={
            "name": "首次资格认证",
            "attempt": 1,
            "register_from": today - timedelta(days=30),
            "register_until": today - timedelta(days=days_after_deadline),
            "w_written": "40",
            "w_performance": "30",
            "w_daily": "30",
            "pass_line": "60",
        },
    )


@pytest.fixture
def clerk(beijing, world):  # noqa: F811
    """The federation's admin who also carries out exits (Beijing's 区县总工会 do the county's work)."""
    return make_user("bj_clerk", beijing["city"], [world.roles["city_admin"], world.roles["county_admin"]])


def test_the_exit_reason_names_the_sitting_and_the_seed():
    reason = rules.unregistered_exit_reason("首次资格认证", timezone.localdate())
    assert reason.startswith("视同放弃资格认证：首次资格认证") and "应当退出专职工会社会工作者队伍" in reason
    assert len(reason) <= 300


def test_不报名者视同放弃资格认证_应当退出_each_one_leads_to_a_prefilled_exit(beijing, clerk, login):  # noqa: F811
    cr = closed_sitting(beijing)
    client = login(clerk)
    page = client.get(reverse("assessment:cert_round", args=[cr.pk]))
    assert page.context["exit_rule"] and page.context["may_exit"]
    html = page.content.decode()
    links = [a.split('"')[0] for a in html.split('href="')[1:] if "/exit/" in a.split('"')[0]]
    assert len(links) == len(beijing["workers"])  # one per worker who did not register
    target = links[0].replace("&amp;", "&")
    params = parse_qs(urlparse(target).query)
    assert params["kind"] == ["dissolution"] and params["reason"][0].startswith("视同放弃资格认证")
    form = client.get(target)
    assert form.status_code == 200
    assert form.context["post"]["kind"] == "dissolution"
    assert "视同放弃资格认证" in form.content.decode()
    # the clerk completes the exit from there: the ground stays on the record
    worker = beijing["workers"][0]
    response = client.post(
        reverse("employment:worker_exit", args=[worker.pk]),
        {"kind": "dissolution", "on": f"{timezone.localdate():%Y-%m-%d}", "reason": params["reason"][0], "ground": "art36"},
    )
    assert response.status_code == 302
    move = Movement.objects.get(worker=worker, kind="dissolution")
    assert move.reason.startswith("视同放弃资格认证")


def test_before_the_deadline_there_is_no_exit_link(beijing, clerk, login):  # noqa: F811
    cr = closed_sitting(beijing, days_after_deadline=-5)  # deadline in five days
    page = login(clerk).get(reverse("assessment:cert_round", args=[cr.pk]))
    assert not page.context["exit_rule"] and "/exit/" not in page.content.decode()


def test_a_user_who_may_not_carry_out_exits_is_told_who_does(beijing, login):  # noqa: F811
    cr = closed_sitting(beijing)
    page = login(beijing["admin"]).get(reverse("assessment:cert_round", args=[cr.pk]))
    html = page.content.decode()
    assert page.context["exit_rule"] and not page.context["may_exit"]
    assert "/exit/" not in html and "办理离岗" in html


def test_the_to_do_row_after_the_deadline_leads_to_the_exit_list(beijing, clerk):  # noqa: F811
    from unionsw.stats import todo

    cr = closed_sitting(beijing)
    rows = [r for r in todo.collect(clerk, timezone.localdate()) if r.key == f"certification.unregistered:{cr.pk}"]
    assert len(rows) == 1
    assert rows[0].title.endswith("待办理退出") and rows[0].url.endswith("#unregistered")
    assert "逐人办理退出" in rows[0].detail


def test_the_exit_form_ignores_an_unknown_prefilled_kind(beijing, clerk, login):  # noqa: F811
    worker = beijing["workers"][0]
    url = reverse("employment:worker_exit", args=[worker.pk]) + "?kind=bogus&reason=x"
    form = login(clerk).get(url)
    assert form.status_code == 200 and form.context["post"] == {"kind": "", "reason": "x"}
