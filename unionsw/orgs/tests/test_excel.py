"""Excel import of the org tree: parents in scope or earlier in the file, all-or-nothing, via org_create."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_user
from unionsw.core.errors import NotAllowed
from unionsw.core.excel import xlsx_bytes
from unionsw.core.models import AuditEvent, Job
from unionsw.orgs import excel
from unionsw.orgs.models import Org

HEADERS = ["名称*", "上级组织*", "层级*", "类型", "行政区划代码", "所辖单独工会组织数", "职工人数"]


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.JOBS_SYNC = True
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def county_a_sysadmin(world):
    """Maintains the org tree of county A (org.manage), nothing above it."""
    return make_user("county_a_sys", world.county_a, [world.roles["sysadmin"]])


def upload(*rows, name="组织.xlsx") -> io.BytesIO:
    f = io.BytesIO(xlsx_bytes([HEADERS, *rows]))
    f.name = name
    return f


def test_template_has_level_and_kind_drop_downs(world):
    wb = load_workbook(io.BytesIO(excel.org_template()))
    ws = wb[excel.SHEET_TITLE]
    assert [c.value for c in ws[1]] == HEADERS + ["适用政策"]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        cells = dv.formula1.split("!")[1].replace("$", "")
        lists[ws[f"{str(dv.sqref)[0]}1"].value] = [r[0].value for r in wb["选项"][cells]]
    assert lists["层级*"] == ["省级", "市级", "县级", "乡镇（街道）级"]
    assert lists["类型"][:3] == ["总工会", "乡镇工会", "街道工会"]
    assert ws.column_dimensions["E"].number_format == "@"


def test_a_good_file_builds_a_subtree_parents_first(world):
    city_sysadmin = make_user("city_a_sys", world.city_a, [world.roles["sysadmin"]])
    result = excel.import_orgs(
        by=city_sysadmin,
        fileobj=upload(
            ["历城区总工会", "济南市总工会", "县级", "总工会", "370112", None, None],
            ["洪家楼街道工会", "历城区总工会", "乡镇（街道）级", "街道工会", "", 210, 5200],
            ["历城区建筑行业工会联合会", "历城区总工会", "乡镇（街道）级", "行业工会联合会", None, "0", None],
        ),
    )
    assert result.errors == [] and result.created == 3, result.errors
    county = Org.objects.get(name="历城区总工会")
    assert (county.parent, county.level, county.kind, county.region_code) == (world.city_a, 3, "federation", "370112")
    street = Org.objects.get(name="洪家楼街道工会")
    assert (street.parent, street.level, street.kind, street.union_count, street.member_count) == (county, 4, "street", 210, 5200)
    assert street.path == f"{world.city_a.path}{county.pk}/{street.pk}/"
    industry = Org.objects.get(name="历城区建筑行业工会联合会")
    assert (industry.parent, industry.kind, industry.union_count, industry.member_count) == (county, "industry", 0, 0)
    event = AuditEvent.objects.filter(action="org.import").first()
    assert event.result == "ok" and event.detail == {"file": "组织.xlsx", "rows": 3, "created": 3}
    assert AuditEvent.objects.filter(action="org.create").count() == 3


def test_a_child_of_a_row_in_the_file_must_not_be_above_its_level(world, county_a_sysadmin):
    result = excel.import_orgs(
        by=county_a_sysadmin,
        fileobj=upload(
            ["文东街道工会", "历下区总工会", "乡镇（街道）级", "街道工会", "", 1, 1],
            ["某县级单位", "文东街道工会", "县级", None, None, None, None],
        ),
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "层级")]
    assert not Org.objects.filter(name="文东街道工会").exists()


@pytest.mark.parametrize(
    "bad, column, reason",
    [
        (["新组织", "八大关街道工会", "乡镇（街道）级"], "上级组织", "不在您的管理范围内"),
        (["新组织", "济南市总工会", "县级"], "上级组织", "不在您的管理范围内"),
        (["新组织", "不存在的工会", "县级"], "上级组织", "不存在"),
        (["新组织", "历下区总工会", "市级"], "层级", "须低于上级"),
        (["新组织", "历下区总工会", "村级"], "层级", "不是可选值"),
        (["新组织", "历下区总工会", "乡镇（街道）级", "居委会"], "类型", "不是可选值"),
        (["新组织", "历下区总工会", "乡镇（街道）级", None, "37010"], "行政区划代码", "6、9或12位"),
        (["新组织", "历下区总工会", "乡镇（街道）级", None, None, -3], "所辖单独工会组织数", "不小于0"),
        (["新组织", "历下区总工会", "乡镇（街道）级", None, None, None, "很多"], "职工人数", "整数"),
        (["解放路街道工会", "历下区总工会", "乡镇（街道）级"], "名称", "已有名为"),
        ([None, "历下区总工会", "乡镇（街道）级"], "名称", "请填写名称"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_row_column_and_reason(world, county_a_sysadmin, bad, column, reason):
    before = Org.objects.count()
    good = ["文东街道工会", "历下区总工会", "乡镇（街道）级"]
    result = excel.import_orgs(by=county_a_sysadmin, fileobj=upload(good, bad + [None] * (7 - len(bad))))
    assert result.created == 0 and Org.objects.count() == before
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert reason in result.errors[0].message
    assert AuditEvent.objects.filter(action="org.import", result="failed").exists()


def test_a_parent_placed_after_its_child_is_named(world, county_a_sysadmin):
    result = excel.import_orgs(
        by=county_a_sysadmin,
        fileobj=upload(["某社区工会", "文东街道工会", "乡镇（街道）级"], ["文东街道工会", "历下区总工会", "乡镇（街道）级"]),
    )
    assert result.errors[0].row == 2 and "在第 3 行，须排在本行之前" in result.errors[0].message


def test_the_same_org_twice_in_a_file_is_an_error(world, county_a_sysadmin):
    row = ["文东街道工会", "历下区总工会", "乡镇（街道）级"]
    result = excel.import_orgs(by=county_a_sysadmin, fileobj=upload(row, row))
    assert [(e.row, e.column) for e in result.errors] == [(3, "名称")]


def test_an_unreadable_file_gives_one_chinese_message(world, county_a_sysadmin):
    result = excel.import_orgs(by=county_a_sysadmin, fileobj=io.BytesIO(xlsx_bytes([["名称", "上级"]])))
    assert len(result.errors) == 1 and "缺少列：上级组织" in result.errors[0].message


def test_org_import_needs_org_manage(world):
    with pytest.raises(NotAllowed):
        excel.import_orgs(by=world.county_a_admin, fileobj=upload(["x", "历下区总工会", "乡镇（街道）级"]))


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["orgs:import", "orgs:import_template"])
def test_anonymous_users_are_sent_to_login(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", ["orgs:import", "orgs:import_template"])
def test_users_who_may_not_manage_orgs_get_403(login, world, name):
    assert login(world.county_a_admin).get(reverse(name)).status_code == 403


def test_the_import_page_creates_the_orgs_and_shows_the_result(login, world, county_a_sysadmin):
    client = login(county_a_sysadmin)
    assert client.get(reverse("orgs:import")).status_code == 200
    assert client.get(reverse("orgs:import_template")).content.startswith(b"PK")
    f = SimpleUploadedFile("组织.xlsx", xlsx_bytes([HEADERS, ["文东街道工会", "历下区总工会", "乡镇（街道）级", "街道工会"]]))
    response = client.post(reverse("orgs:import"), {"file": f})
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk]) and job.status == "done"
    assert Org.objects.get(name="文东街道工会").parent == world.county_a
    assert "已导入 1 条组织" in client.get(response["Location"]).content.decode()


def test_an_upload_into_another_county_is_rejected_on_the_result_page(login, world, county_a_sysadmin):
    client = login(county_a_sysadmin)
    f = SimpleUploadedFile("组织.xlsx", xlsx_bytes([HEADERS, ["新组织", "八大关街道工会", "乡镇（街道）级"]]))
    response = client.post(reverse("orgs:import"), {"file": f})
    page = client.get(response["Location"]).content.decode()
    assert "第 2 行" in page and "不在您的管理范围内" in page
    assert not Org.objects.filter(name="新组织").exists()


def test_a_file_that_is_not_excel_stays_on_the_page(login, world, county_a_sysadmin):
    response = login(county_a_sysadmin).post(reverse("orgs:import"), {"file": SimpleUploadedFile("a.xlsx", b"hello")})
    assert response.status_code == 400 and "不是 Excel" in response.content.decode()


def test_every_problem_of_a_row_is_reported_at_once(world, county_a_sysadmin):
    result = excel.import_orgs(
        by=county_a_sysadmin,
        fileobj=upload(["某街道工会", "不存在的上级", "乡镇（街道）级", None, "1234", None, "很多"]),
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "职工人数"), (2, "上级组织"), (2, "行政区划代码")]
