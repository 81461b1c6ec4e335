"""Issue 12: the host unit (实际用人单位) runs its workers' daily management where the policy says so.

Seed 001 (Jiangsu): 社会化工会工作者日常管理由实际用人单位具体负责 — profile key host_unit_daily_management on.
Seed 000 (Shandong, the test world's profile): 日常管理……由县(市、区)总工会负责 — off, the county confirms.
The township admin (ORG_ONLY) acts on the workers placed at its own unit only.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import host_daily_management, make_id, make_user, worker_data
from unionsw.accounts.api import issue_token
from unionsw.accounts.permissions import effective_codes
from unionsw.activity import services
from unionsw.activity.models import Review, VolunteerHours, WorkLogEntry
from unionsw.activity.tests.test_rules import jpeg
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.orgs.models import OrgLevel, PolicyProfile
from unionsw.orgs.policy import effective_policy
from unionsw.orgs.services import org_create, policy_override_add
from unionsw.stats import todo
from unionsw.workers.models import Worker
from unionsw.workers.services import worker_create

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log(user, description="走访企业"):
    return services.worklog_add(by=user, data={"category": "组建指导", "day": TODAY, "description": description, "beneficiaries": 5})


def hours(user):
    photo = SimpleUploadedFile("p.jpg", jpeg(20, 20), content_type="image/jpeg")
    return services.hours_log(by=user, data={"day": TODAY, "hours": "2", "note": "普法宣传"}, evidence=photo)


def other_host_worker(world):
    """A worker of 千佛山街道 (another host unit of the same county) with a self-service account."""
    w = worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="王五", id_number=make_id("370102")))
    user = make_user("worker_a2", world.street_a2, [world.roles["worker"]])
    Worker.objects.filter(pk=w.pk).update(user=user)
    return user


def fresh(user):
    """The same account as a new request would load it (permission codes are computed once per object)."""
    return type(user).objects.get(pk=user.pk)


# ---- the gate itself ----------------------------------------------------------------------------


def test_a_gated_code_counts_only_where_its_key_is_on():
    held = frozenset({"worklog.view", "worklog.host_review", "volunteer.host_manage"})
    on = effective_codes(held, lambda keys: {k: True for k in keys})
    off = effective_codes(held, lambda keys: {k: False for k in keys})
    unset = effective_codes(held, lambda keys: {})
    assert {"worklog.confirm", "volunteer.manage", "worklog.host_review"} <= on
    assert off == unset == frozenset({"worklog.view"})
    assert effective_codes(frozenset({"worklog.view"}), lambda keys: pytest.fail("no gated code: no policy read")) == {"worklog.view"}


def test_every_gate_names_a_policy_key_and_known_codes_outside_the_separated_ones():
    from unionsw.accounts.permissions import SEPARATED, all_permissions, policy_gates
    from unionsw.orgs.policy import POLICY_KEYS

    separated = {c for pair in SEPARATED for c in pair}
    gates = policy_gates()
    assert {"worklog.host_review", "volunteer.host_manage"} <= set(gates)
    for code, (key, carried) in gates.items():
        assert code in all_permissions() and key in POLICY_KEYS, code
        assert set(carried) <= set(all_permissions()) and not set(carried) & separated, code  # 三员分立 checks read role codes


def test_the_shipped_profiles_follow_the_seeds(world):
    values = {p.code: p.values.get("host_unit_daily_management") for p in PolicyProfile.objects.all()}
    assert values["jiangsu"] is True and values["shandong"] is False
    assert values["hebei"] is None and values["beijing"] is None  # the seeds are silent on daily management
    sources = {p.code: p.sources.get("host_unit_daily_management", "") for p in PolicyProfile.objects.all()}
    assert "日常管理由实际用人单位具体负责" in sources["jiangsu"]
    assert "由县(市、区)总工会负责" in sources["shandong"]


def test_a_jiangsu_street_admin_holds_the_host_actions_and_a_shandong_one_does_not(world):
    jiangsu = PolicyProfile.objects.filter(code="jiangsu").first()
    province = org_create(by=None, parent=None, level=OrgLevel.PROVINCE, skip_scope=True, data={"name": "江苏省总工会", "region_code": "320000", "policy_profile": jiangsu})
    city = org_create(by=None, parent=province, level=OrgLevel.CITY, skip_scope=True, data={"name": "南京市总工会", "region_code": "320100"})
    county = org_create(by=None, parent=city, level=OrgLevel.COUNTY, skip_scope=True, data={"name": "鼓楼区总工会", "region_code": "320106"})
    street = org_create(by=None, parent=county, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": "宁海路街道工会", "kind": "street"})
    assert effective_policy(street).get("host_unit_daily_management") is True
    host = make_user("ninghai", street, [world.roles["township_admin"]])
    assert host.can("worklog.confirm") and host.can("volunteer.manage")
    assert not world.township_admin.can("worklog.confirm") and not world.township_admin.can("volunteer.manage")
    assert world.county_a_admin.can("worklog.confirm")  # the county's own grant is not gated


# ---- services -----------------------------------------------------------------------------------


def test_the_host_confirms_and_returns_its_own_workers_log(world, host_daily):
    a, b = log(world.worker_a_user, "甲"), log(world.worker_a_user, "乙")
    host = fresh(world.township_admin)
    assert services.worklog_review(by=host, entries=[a], confirm=True) == 1
    assert services.worklog_review(by=host, entries=[b], confirm=False, note="请补充佐证") == 1
    got = {e.description: (e.status, e.reviewed_by_id, e.review_note) for e in WorkLogEntry.objects.all()}
    assert got == {"甲": (Review.CONFIRMED, host.pk, ""), "乙": (Review.RETURNED, host.pk, "请补充佐证")}


def test_another_host_units_worker_is_out_of_scope(world, host_daily):
    other_user = other_host_worker(world)
    other = log(other_user)
    with pytest.raises(OutOfScope):
        services.worklog_review(by=fresh(world.township_admin), entries=[other], confirm=True)
    with pytest.raises(OutOfScope):
        services.hours_review(by=fresh(world.township_admin), rows=[hours(other_user)], confirm=True)
    assert set(WorkLogEntry.objects.values_list("status", flat=True)) == {Review.SUBMITTED}
    assert set(VolunteerHours.objects.values_list("status", flat=True)) == {Review.SUBMITTED}


def test_where_the_county_runs_daily_management_the_host_is_refused(world):
    e, h = log(world.worker_a_user), hours(world.worker_a_user)
    with pytest.raises(NotAllowed):
        services.worklog_review(by=world.township_admin, entries=[e], confirm=True)
    with pytest.raises(NotAllowed):
        services.hours_review(by=world.township_admin, rows=[h], confirm=True)
    with pytest.raises(NotAllowed):
        services.activity_create(by=world.township_admin, org=world.street_a, data={"theme": "普法", "day": TODAY, "place": "社区"})
    assert services.worklog_review(by=world.county_a_admin, entries=[e], confirm=True) == 1  # seed 000: the county


def test_a_street_override_switching_it_off_wins_below(world, host_daily):
    e = log(world.worker_a_user)
    assert fresh(world.township_admin).can("worklog.confirm")
    policy_override_add(
        by=world.province_admin, org=world.street_a, key="host_unit_daily_management", value=False, effective_from=date(2001, 1, 1), source="测试"
    )
    with pytest.raises(NotAllowed):
        services.worklog_review(by=fresh(world.township_admin), entries=[e], confirm=True)


def test_the_host_confirms_its_workers_self_logged_hours(world, host_daily):
    h = hours(world.worker_a_user)
    assert services.hours_review(by=fresh(world.township_admin), rows=[h], confirm=True) == 1
    h.refresh_from_db()
    assert h.status == Review.CONFIRMED and h.reviewed_by_id == world.township_admin.pk


# ---- pages, API, to-do --------------------------------------------------------------------------


def test_the_host_sees_the_buttons_where_it_runs_daily_management(world, host_daily, login):
    log(world.worker_a_user)
    hours(world.worker_a_user)
    c = login(world.township_admin)
    page = c.get("/activity/worklog/").content.decode()
    assert 'name="entry"' in page and "确认所选" in page and "退回所选" in page
    assert "日常管理由县（市、区）总工会负责" not in page
    page = c.get("/activity/volunteer/").content.decode()
    assert 'name="row"' in page and "确认所选" in page and "登记志愿服务活动" in page


def test_elsewhere_the_host_reads_and_is_told_who_confirms(world, login):
    e = log(world.worker_a_user)
    c = login(world.township_admin)
    page = c.get("/activity/worklog/").content.decode()
    assert "走访企业" in page and 'name="entry"' not in page and "确认所选" not in page
    assert "日常管理由县（市、区）总工会负责" in page
    assert c.post("/activity/worklog/review/", {"entry": e.pk, "action": "confirm"}).status_code == 403
    assert WorkLogEntry.objects.get(pk=e.pk).status == Review.SUBMITTED


def test_the_host_confirms_from_the_page_and_the_page_takes_constant_queries(world, host_daily, login):
    c = login(world.township_admin)
    counts = []
    for n in (1, 6):
        while WorkLogEntry.objects.count() < n:
            log(world.worker_a_user)
        c.get("/activity/worklog/")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/activity/worklog/").status_code == 200
            assert c.get("/activity/volunteer/").status_code == 200
            assert c.get("/todo/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    ids = list(WorkLogEntry.objects.values_list("pk", flat=True))
    assert c.post("/activity/worklog/review/", {"entry": ids, "action": "confirm"}).status_code == 302
    assert set(WorkLogEntry.objects.values_list("status", flat=True)) == {Review.CONFIRMED}


def test_the_api_uses_the_same_gate(world, client):
    e = log(world.worker_a_user)
    url = "/api/v1/activity/worklog/review"
    r = client.post(url, {"entries": [e.pk]}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {issue_token(world.township_admin)}")
    assert r.status_code == 403
    host_daily_management(world)
    r = client.post(url, {"entries": [e.pk]}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {issue_token(world.township_admin)}")
    assert r.status_code == 200 and r.json() == {"count": 1}


def test_the_hosts_pending_confirmations_are_to_do_rows(world, host_daily):
    log(world.worker_a_user)
    log(other_host_worker(world))  # another unit's: not counted for this host
    hours(world.worker_a_user)
    rows = {i.title: i for i in todo.collect(fresh(world.township_admin), TODAY)}
    assert rows["工作日志待确认"].detail == "1 条工作日志待确认或退回" and rows["工作日志待确认"].url == "/activity/worklog/"
    assert rows["志愿服务时长待确认"].detail == "1 条志愿服务时长待确认或退回"
    county = {i.title: i for i in todo.collect(world.county_a_admin, TODAY)}
    assert county["工作日志待确认"].detail == "2 条工作日志待确认或退回"


def test_without_daily_management_the_host_has_no_confirmation_rows(world):
    log(world.worker_a_user)
    titles = {i.title for i in todo.collect(world.township_admin, TODAY)}
    assert "工作日志待确认" not in titles
    assert "工作日志待确认" in {i.title for i in todo.collect(world.county_a_admin, TODAY)}


@pytest.mark.parametrize("host_runs_it, who", [(False, "待县级总工会确认"), (True, "待岗位所在单位确认")])
def test_the_worker_is_told_who_confirms(world, login, host_runs_it, who):
    if host_runs_it:
        host_daily_management(world)
    c = login(world.worker_a_user)
    r = c.post("/activity/me/worklog/", {"category": "组建指导", "day": TODAY.isoformat(), "beneficiaries": "3", "description": "指导"}, follow=True)
    assert f"工作日志已提交，{who}" in r.content.decode()


def test_hours_at_another_organisers_activity_get_no_checkbox_for_the_host(world, host_daily, login):
    act = services.activity_create(by=world.county_a_admin, org=world.county_a, data={"theme": "区普法日", "day": TODAY, "place": "广场"})
    photo = SimpleUploadedFile("p.jpg", jpeg(20, 20), content_type="image/jpeg")
    at_county = services.hours_log(by=world.worker_a_user, data={"day": TODAY, "hours": "3"}, evidence=photo, activity=act)
    own = hours(world.worker_a_user)
    page = login(world.township_admin).get("/activity/volunteer/").content.decode()
    assert f'name="row" value="{own.pk}"' in page and f'name="row" value="{at_county.pk}"' not in page
    assert "由活动组织单位确认" in page
    with pytest.raises(OutOfScope):
        services.hours_review(by=fresh(world.township_admin), rows=[at_county], confirm=True)
    titles = {i.title: i.detail for i in todo.collect(fresh(world.township_admin), TODAY)}
    assert titles["志愿服务时长待确认"] == "1 条志愿服务时长待确认或退回"
