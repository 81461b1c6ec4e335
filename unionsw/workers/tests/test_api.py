"""The workers API: same permissions, scope and rules as the pages, errors as Chinese JSON."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_id, worker_data
from unionsw.accounts.api import issue_token
from unionsw.core.models import AuditEvent
from unionsw.workers import services
from unionsw.workers.models import FilingStatus, Worker

pytestmark = pytest.mark.django_db

URL = "/api/v1/workers"


class Api:
    """The Django test client with a bearer token and JSON bodies."""

    def __init__(self, client, user):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def post(self, url, body=None, raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(url, data, content_type="application/json", **self.headers)

    def patch(self, url, body=None, raw=None):
        data = raw if raw is not None else json.dumps(body)
        return self.client.patch(url, data, content_type="application/json", **self.headers)


@pytest.fixture
def api(client):
    return lambda user: Api(client, user)


def new_body(org, **overrides):
    body = {
        "name": "王五",
        "id_number": make_id("370102"),
        "phone": "13912345678",
        "political_status": "cpc",
        "education": "master",
        "employment_mode": "public_hire",
        "org": org.pk,
        "post_title": "组建指导岗",
        "rank": "见习干事",
        "hired_on": "2023-01-01",
    }
    body.update(overrides)
    return body


def errors_of(response) -> dict:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# ---- authentication, permission, scope --------------------------------------------------------


def test_anonymous_gets_a_json_401_everywhere(client, world):
    for method, url in [("get", URL), ("get", f"{URL}/{world.worker_a.pk}"), ("post", URL), ("patch", f"{URL}/1")]:
        r = getattr(client, method)(url)
        assert r.status_code == 401, url
        assert r.json() == {"detail": "未登录或令牌无效、已过期"}


def test_worker_role_cannot_list_but_reads_their_own_record(world, api):
    me = api(world.worker_a_user)
    assert me.get(URL).status_code == 403
    r = me.get(f"{URL}/{world.worker_a.pk}")
    assert r.status_code == 200 and r.json()["name"] == "张三"
    assert me.get(f"{URL}/{world.worker_b.pk}").status_code == 404


def test_other_county_gets_404_on_every_operation_with_an_id(world, api):
    b = api(world.county_b_admin)
    pk = world.worker_a.pk
    assert b.get(f"{URL}/{pk}").status_code == 404
    assert b.patch(f"{URL}/{pk}", {"version": 1, "reason": "x", "name": "改名"}).status_code == 404
    # even a malformed body does not reveal that the record exists
    assert b.patch(f"{URL}/{pk}", raw="{oops").status_code == 404
    assert b.post(f"{URL}/{pk}/reveal", {"field": "id_number"}).status_code == 404
    assert api(world.province_admin).get(f"{URL}/{pk}").status_code == 200
    assert Worker.objects.get(pk=pk).name == "张三"


def test_read_only_user_gets_403_on_every_write_and_nothing_changes(world, api):
    ro = api(world.township_admin)
    pk = world.worker_a.pk
    before = Worker.objects.count()
    assert ro.get(f"{URL}/{pk}").status_code == 200
    assert ro.post(URL, new_body(world.street_a)).status_code == 403
    r = ro.patch(f"{URL}/{pk}", {"version": 1, "reason": "x", "name": "改名"})
    assert r.status_code == 403 and r.json()["detail"] == "您没有此操作的权限"
    assert ro.post(f"{URL}/{pk}/file").status_code == 403
    assert ro.post(f"{URL}/{pk}/reveal", {"field": "phone"}).status_code == 403
    assert Worker.objects.count() == before
    assert Worker.objects.get(pk=pk).name == "张三" and Worker.objects.get(pk=pk).filing_status == FilingStatus.UNFILED


# ---- list -------------------------------------------------------------------------------------


def test_list_is_scoped_and_masked(world, api):
    r = api(world.county_a_admin).get(URL)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1 and [w["name"] for w in body["results"]] == ["张三"]
    text = r.content.decode()
    assert world.worker_a.id_number not in text and world.worker_a.phone not in text
    assert body["results"][0]["id_number_masked"] == world.worker_a.id_number_masked
    assert body["results"][0]["phone_masked"] == "138****5678"
    assert body["results"][0]["org"] == {"id": world.street_a.pk, "name": "解放路街道工会"}


def test_list_filters_like_the_page(world, api):
    admin = world.province_admin
    services.worker_create(by=admin, data=worker_data(world.street_a2, name="王小明", employment_mode="purchased_service"))
    services.worker_create(by=admin, data=worker_data(world.street_a2, name="赵六", rank="初级干事"))
    services.worker_file(by=admin, worker=world.worker_b)
    c = api(admin)

    def names(**params):
        r = c.get(URL, **params)
        assert r.status_code == 200, r.content
        return sorted(w["name"] for w in r.json()["results"])

    assert names(q="小明") == ["王小明"]
    assert names(q=world.worker_b.id_number) == ["李四"]
    assert names(org=world.street_a2.pk) == ["王小明", "赵六"]
    assert names(org=world.county_a.pk) == ["张三", "王小明", "赵六"]
    assert names(rank="初级干事") == ["赵六"]
    assert names(employment_mode="purchased_service") == ["王小明"]
    assert names(filing_status="filed") == ["李四"]
    assert names(status="resigned") == []
    # an org outside the caller's scope filters to nothing, it is not an error
    assert api(world.county_a_admin).get(URL, org=world.county_b.pk).json() == {"count": 0, "results": []}


def test_list_pages_with_page_and_page_size(world, api):
    for i in range(4):
        services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name=f"甲{i}"))
    c = api(world.county_a_admin)
    first = c.get(URL, page=1, page_size=2).json()
    second = c.get(URL, page=2, page_size=2).json()
    last = c.get(URL, page=3, page_size=2).json()
    assert first["count"] == second["count"] == last["count"] == 5
    assert len(first["results"]) == 2 and len(second["results"]) == 2 and len(last["results"]) == 1
    ids = [w["id"] for w in first["results"] + second["results"] + last["results"]]
    assert len(set(ids)) == 5


@pytest.mark.parametrize("page", ["4", "1000000", str(10**18), str(10**40)])
def test_a_page_past_the_end_is_empty_not_an_error(world, api, page):
    r = api(world.county_a_admin).get(URL, page=page)
    assert r.status_code == 200 and r.json() == {"count": 1, "results": []}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "0"}, "page", "不能小于 1"),
        ({"page": "abc"}, "page", "应为整数"),
        ({"page_size": "101"}, "page_size", "不能大于 100"),
        ({"page_size": "0"}, "page_size", "不能小于 1"),
        ({"org": "x"}, "org", "应为整数"),
        ({"status": "gone"}, "status", None),
        ({"q": "张\x00三"}, "q", "不能包含控制字符"),
    ],
)
def test_bad_list_parameters_are_a_chinese_400(world, api, params, field, message):
    r = api(world.county_a_admin).get(URL, **params)
    assert r.status_code == 400
    assert r.json()["detail"] == "请求格式不正确"
    errors = errors_of(r)
    assert field in errors
    if message:
        assert errors[field] == message


def test_page_size_100_is_accepted(world, api):
    assert api(world.county_a_admin).get(URL, page_size=100).status_code == 200


def _bulk_workers(org, n, prefix):
    """Many rows fast (no encryption): only the list's query count is under test."""
    template = Worker.objects.first()
    rows = []
    for i in range(n):
        number = make_id("370102")
        rows.append(
            Worker(
                name=f"{prefix}{i}",
                id_number_enc="",
                id_number_index=number,
                id_number_masked=number,
                birth_date=template.birth_date,
                gender="M",
                political_status="masses",
                education="bachelor",
                employment_mode="public_hire",
                org=org,
                hired_on=template.hired_on,
            )
        )
    Worker.objects.bulk_create(rows)


def _list_queries(c, **params):
    from django.core.cache import cache

    from unionsw.core import counts

    counts.reset()  # every measurement with a cold list count (core/counts.py caches it)
    cache.clear()  # and cold visible orgs (cached until an org changes): every query the list can do
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(URL, **params)
    assert r.status_code == 200
    return len(ctx.captured_queries), r.json()


def test_the_list_does_the_same_number_of_queries_for_10_and_200_rows(world, api):
    c = api(world.province_admin)
    _bulk_workers(world.street_a, 8, "甲")
    small, body = _list_queries(c, page_size=100)
    assert body["count"] == 10 and len(body["results"]) == 10
    _bulk_workers(world.street_a2, 190, "乙")
    large, body = _list_queries(c, page_size=100)
    assert body["count"] == 200 and len(body["results"]) == 100
    assert small == large, f"{small} queries for 10 rows, {large} for 200"
    filtered_small, _ = _list_queries(c, org=world.city_a.pk, q="甲", page_size=100)
    _bulk_workers(world.street_a, 50, "甲甲")
    filtered_large, body = _list_queries(c, org=world.city_a.pk, q="甲", page_size=100)
    assert body["count"] == 58
    assert filtered_small == filtered_large


# ---- create -----------------------------------------------------------------------------------


def test_create_returns_201_with_the_record_and_writes_an_audit_event(world, api):
    body = new_body(world.street_a2)
    r = api(world.county_a_admin).post(URL, body)
    assert r.status_code == 201, r.content
    out = r.json()
    worker = Worker.objects.get(pk=out["id"])
    assert worker.name == "王五" and worker.org == world.street_a2 and worker.rank == "见习干事"
    assert worker.id_number == body["id_number"] and worker.phone == "13912345678"
    assert out["id_number_masked"] == worker.id_number_masked and body["id_number"] not in r.content.decode()
    assert out["birth_date"] == worker.birth_date.isoformat() and out["version"] == 1
    assert AuditEvent.objects.filter(action="worker.create", target_id=str(worker.pk), actor=world.county_a_admin).exists()


def test_create_with_bad_values_lists_every_problem_and_writes_nothing(world, api):
    before = Worker.objects.count()
    r = api(world.county_a_admin).post(
        URL, new_body(world.street_a, id_number="370102199001011234", phone="12345", rank="局长", hired_on="2099-01-01")
    )
    assert r.status_code == 400
    assert r.json()["detail"] == "输入有误"
    errors = errors_of(r)
    assert "校验位不正确" in errors["id_number"]
    assert errors["phone"] == "手机号应为11位数字，以1开头"
    assert errors["hired_on"] == "入职日期不能晚于今天"
    assert errors["rank"].startswith("岗位等级须为：见习干事")
    assert Worker.objects.count() == before


def test_create_refuses_a_duplicate_id_number(world, api):
    r = api(world.county_a_admin).post(URL, new_body(world.street_a, id_number=world.worker_a.id_number))
    assert r.status_code == 400
    assert errors_of(r)["id_number"] == "该身份证号已登记在册，同一人只能有一条记录"


@pytest.mark.parametrize("org", ["county_b", "missing"])
def test_create_in_an_org_outside_scope_is_refused_like_a_missing_org(world, api, org):
    target = getattr(world, org).pk if org != "missing" else 999999
    before = Worker.objects.count()
    r = api(world.county_a_admin).post(URL, new_body(world.street_a) | {"org": target})
    assert r.status_code == 400
    assert errors_of(r)["org"] == "所选单位不存在、已停用或不在您的管理范围内"
    assert Worker.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": 123}, "name", "应为字符串"),
        ({"org": "济南"}, "org", "应为整数"),
        ({"hired_on": "2023/01/01"}, "hired_on", "日期格式应为 2024-03-01"),
        ({"education": "小学"}, "education", None),
        ({"salary": 3000}, "salary", "不允许的字段"),
        ({"name": "张" * 51}, "name", "不超过 50 个字符"),
        ({"name": "张\x00三"}, "name", "不能包含控制字符"),
        ({"org": 10**30}, "org", None),
    ],
)
def test_create_refuses_wrong_types_and_unknown_fields(world, api, change, field, message):
    before = Worker.objects.count()
    r = api(world.county_a_admin).post(URL, new_body(world.street_a) | change)
    assert r.status_code == 400
    assert r.json()["detail"] == "请求格式不正确"
    errors = errors_of(r)
    assert field in errors
    if message:
        assert errors[field] == message
    else:
        assert errors[field]
    assert Worker.objects.count() == before


def test_create_refuses_a_missing_field(world, api):
    body = new_body(world.street_a)
    del body["hired_on"]
    r = api(world.county_a_admin).post(URL, body)
    assert r.status_code == 400 and errors_of(r) == {"hired_on": "必填"}


@pytest.mark.parametrize("raw", ["{not json", "", "[]", "null", '"text"', "\xff\xfe"])
def test_create_with_a_malformed_body_is_a_chinese_400(world, api, raw):
    r = api(world.county_a_admin).post(URL, raw=raw)
    assert r.status_code == 400
    assert r.json()["detail"] in ("请求体不是有效的 JSON", "请求格式不正确")


# ---- get --------------------------------------------------------------------------------------


def test_get_one_returns_masked_detail_with_certificates(world, api):
    from datetime import date

    services.certificate_add(by=world.county_a_admin, worker=world.worker_a, level="assistant", issued_on=date(2021, 6, 1))
    r = api(world.township_admin).get(f"{URL}/{world.worker_a.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["certificates"] == [
        {
            "level": "assistant",
            "level_display": "助理社会工作师",
            "name": "",
            "number": "",
            "issued_on": "2021-06-01",
            "expires_on": None,
        }
    ]
    assert world.worker_a.id_number not in r.content.decode()


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1.5", str(2**63), str(10**30)])
def test_a_non_integer_or_out_of_range_id_is_a_400_never_a_500(world, api, bad):
    r = api(world.county_a_admin).get(f"{URL}/{bad}")
    assert r.status_code == 400 and "id" in errors_of(r)


def test_a_missing_id_is_a_404(world, api):
    assert api(world.county_a_admin).get(f"{URL}/{2**63 - 1}").status_code == 404


# ---- patch ------------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent_and_records_the_reason(world, api):
    pk = world.worker_a.pk
    r = api(world.county_a_admin).patch(
        f"{URL}/{pk}", {"version": 1, "reason": "结婚改名", "name": "张三丰", "org": world.street_a2.pk}
    )
    assert r.status_code == 200, r.content
    assert r.json()["version"] == 2 and r.json()["org"]["id"] == world.street_a2.pk
    worker = Worker.objects.get(pk=pk)
    assert (worker.name, worker.org, worker.version) == ("张三丰", world.street_a2, 2)
    assert (worker.phone, worker.rank, worker.education) == ("13812345678", "见习干事", "bachelor")
    assert worker.history.first().history_change_reason == "结婚改名"
    event = AuditEvent.objects.filter(action="worker.update", target_id=str(pk)).get()
    assert event.detail["fields"] == ["name", "org"] and event.detail["reason"] == "结婚改名"


def test_patch_can_clear_a_nullable_field_and_the_phone(world, api):
    pk = world.worker_a.pk
    r = api(world.county_a_admin).patch(f"{URL}/{pk}", {"version": 1, "reason": "更正", "phone": "", "rank_since": None})
    assert r.status_code == 200, r.content
    worker = Worker.objects.get(pk=pk)
    assert worker.phone == "" and worker.phone_masked == ""


def test_patch_with_a_stale_version_is_a_409_and_changes_nothing(world, api):
    pk = world.worker_a.pk
    c = api(world.county_a_admin)
    assert c.patch(f"{URL}/{pk}", {"version": 1, "reason": "第一次", "major": "心理学"}).status_code == 200
    r = c.patch(f"{URL}/{pk}", {"version": 1, "reason": "第二次", "major": "法学"})
    assert r.status_code == 409
    assert r.json() == {"detail": "该记录已被其他人修改，请刷新页面后重新编辑（您的修改未保存）"}
    assert Worker.objects.get(pk=pk).major == "心理学"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"reason": "x", "name": "甲"}, "version", "必填"),
        ({"version": 1, "name": "甲"}, "reason", "必填"),
        ({"version": "one", "reason": "x"}, "version", "应为整数"),
        ({"version": 1, "reason": "x", "name": None}, "name", "应为字符串"),
        ({"version": 1, "reason": "x", "id_number": "370102199001011237"}, "id_number", "不允许的字段"),
        ({"version": 1, "reason": "x", "nmae": "甲"}, "nmae", "不允许的字段"),
        ({"version": 10**20, "reason": "x"}, "version", None),
    ],
)
def test_patch_refuses_a_malformed_body(world, api, body, field, message):
    r = api(world.county_a_admin).patch(f"{URL}/{world.worker_a.pk}", body)
    assert r.status_code == 400
    assert field in errors_of(r)
    if message:
        assert errors_of(r)[field] == message
    assert Worker.objects.get(pk=world.worker_a.pk).version == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"reason": "  "}, "reason", "请填写变更原因（记入档案变更记录）"),
        ({"reason": "x", "rank": "处长"}, "rank", None),
        ({"reason": "x", "org": "county_b"}, "org", "所选单位不存在、已停用或不在您的管理范围内"),
        ({"reason": "x", "status": "resigned"}, "left_on", "离岗状态须填写离职日期"),
    ],
)
def test_patch_applies_the_same_rules_as_the_page(world, api, body, field, message):
    if body.get("org") == "county_b":
        body["org"] = world.county_b.pk
    r = api(world.county_a_admin).patch(f"{URL}/{world.worker_a.pk}", {"version": 1} | body)
    assert r.status_code == 400
    errors = errors_of(r)
    assert field in errors
    if message:
        assert errors[field] == message
    worker = Worker.objects.get(pk=world.worker_a.pk)
    assert (worker.version, worker.org, worker.status) == (1, world.street_a, "active")


@pytest.mark.parametrize("raw", ["{bad", "", "[1]"])
def test_patch_with_a_malformed_body_is_a_400(world, api, raw):
    r = api(world.county_a_admin).patch(f"{URL}/{world.worker_a.pk}", raw=raw)
    assert r.status_code == 400 and r.json()["detail"] in ("请求体不是有效的 JSON", "请求格式不正确")


# ---- reveal -----------------------------------------------------------------------------------


def test_reveal_returns_the_full_number_and_is_audited(world, api):
    pk = world.worker_a.pk
    r = api(world.county_a_admin).post(f"{URL}/{pk}/reveal", {"field": "id_number"})
    assert r.status_code == 200
    assert r.json() == {"field": "id_number", "value": world.worker_a.id_number}
    assert AuditEvent.objects.filter(
        action="worker.reveal", result="ok", target_id=str(pk), actor=world.county_a_admin, detail__field="id_number"
    ).exists()


def test_reveal_without_permission_is_a_403_and_the_attempt_is_audited(world, api):
    pk = world.worker_a.pk
    r = api(world.township_admin).post(f"{URL}/{pk}/reveal", {"field": "phone"})
    assert r.status_code == 403 and "13812345678" not in r.content.decode()
    assert AuditEvent.objects.filter(action="worker.reveal", result="denied", actor=world.township_admin).exists()


def test_a_worker_may_reveal_their_own_phone(world, api):
    r = api(world.worker_a_user).post(f"{URL}/{world.worker_a.pk}/reveal", {"field": "phone"})
    assert r.status_code == 200 and r.json()["value"] == "13812345678"


@pytest.mark.parametrize("body", [{"field": "password"}, {}, {"field": "phone", "extra": 1}, {"field": 1}])
def test_reveal_of_an_unsupported_field_is_a_400(world, api, body):
    r = api(world.county_a_admin).post(f"{URL}/{world.worker_a.pk}/reveal", body)
    assert r.status_code == 400
    assert not AuditEvent.objects.filter(action="worker.reveal").exists()


# ---- file (备案) ------------------------------------------------------------------------------


def test_province_files_a_worker(world, api):
    pk = world.worker_a.pk
    r = api(world.province_admin).post(f"{URL}/{pk}/file")
    assert r.status_code == 200
    assert r.json()["filing_status"] == "filed" and r.json()["filing_status_display"] == "已备案"
    worker = Worker.objects.get(pk=pk)
    assert worker.is_filed and worker.filed_at is not None
    assert AuditEvent.objects.filter(action="worker.file", target_id=str(pk)).exists()
    again = api(world.province_admin).post(f"{URL}/{pk}/file")
    assert again.status_code == 400 and again.json()["detail"] == "该社工已备案"


def test_county_admin_cannot_file(world, api):
    r = api(world.county_a_admin).post(f"{URL}/{world.worker_a.pk}/file")
    assert r.status_code == 403
    assert not Worker.objects.get(pk=world.worker_a.pk).is_filed
