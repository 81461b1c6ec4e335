"""Excel for the registry: template with drop-downs, all-or-nothing import, masked export, and pages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_id, worker_data
from unionsw.core import excel as core_excel
from unionsw.core.errors import NotAllowed
from unionsw.core.models import AuditEvent, Job
from unionsw.workers import excel
from unionsw.workers.models import Worker
from unionsw.workers.services import worker_create

HEADERS = [
    "姓名*",
    "身份证号*",
    "手机号",
    "民族",
    "政治面貌*",
    "学历*",
    "专业",
    "用工方式*",
    "岗位所在单位*",
    "岗位",
    "岗位等级",
    "现等级起始日期",
    "状态",
    "入职日期*",
    "离职日期",
]
CERT_HEADERS = ["证书类别", "证书名称", "证书编号", "证书取得日期", "证书有效期至"]
POST_HEADERS = ["到岗岗位", "到岗日期"]
CONTRACT_HEADERS = ["合同类型", "合同起始日期", "合同终止日期", "用人单位", "合同签订日期"]


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.JOBS_SYNC = True
    settings.MEDIA_ROOT = tmp_path


def row(**over) -> dict:
    values = {
        "姓名*": "王五",
        "身份证号*": make_id("370102"),
        "手机号": "13912345678",
        "民族": "汉族",
        "政治面貌*": "中共党员",
        "学历*": "本科",
        "专业": "社会工作",
        "用工方式*": "公开招聘",
        "岗位所在单位*": "解放路街道工会",
        "岗位": "组建指导岗",
        "岗位等级": "见习干事",
        "现等级起始日期": None,
        "状态": None,
        "入职日期*": "2023-03-01",
        "离职日期": None,
    }
    values.update(over)
    return values


def workbook(*rows: dict) -> bytes:
    return core_excel.xlsx_bytes([HEADERS] + [[r[h] for h in HEADERS] for r in rows])


def upload(*rows: dict, name="社工.xlsx") -> io.BytesIO:
    f = io.BytesIO(workbook(*rows))
    f.name = name
    return f


def errors_of(result) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in result.errors]


# --- template ----------------------------------------------------------------------------------


def _dropdowns(content: bytes) -> dict[str, list[str]]:
    wb = load_workbook(io.BytesIO(content))
    ws = wb[excel.SHEET_TITLE]
    headers = {c.column_letter: c.value.rstrip("*") for c in ws[1]}
    result = {}
    for dv in ws.data_validations.dataValidation:
        column = str(dv.sqref)[0]
        cells = dv.formula1.split("!")[1].replace("$", "")
        result[headers[column]] = [r[0].value for r in wb["选项"][cells]]
    return result


def test_template_offers_the_registry_drop_downs(world):
    content = excel.worker_template()
    wb = load_workbook(io.BytesIO(content))
    # issue 9 appended optional certificate columns (files without them still import)
    assert [c.value for c in wb[excel.SHEET_TITLE][1]] == HEADERS + CERT_HEADERS + POST_HEADERS + CONTRACT_HEADERS
    dropdowns = _dropdowns(content)
    assert dropdowns["政治面貌"] == [
        "中共党员",
        "中共预备党员",
        "共青团员",
        "民革",
        "民盟",
        "民建",
        "民进",
        "农工党",
        "致公党",
        "九三学社",
        "台盟",
        "民主党派",
        "无党派人士",
        "群众",
    ]
    assert dropdowns["学历"] == ["大专", "本科", "研究生", "硕士研究生", "博士研究生"]
    assert dropdowns["用工方式"] == ["公开招聘", "购买服务", "返聘", "公益性岗位"]
    assert "在岗" in dropdowns["状态"]
    assert dropdowns["合同类型"] == ["劳动合同", "劳务协议"]
    assert dropdowns["到岗岗位"][:2] == ["组建指导岗", "维权服务岗"]  # the post kinds of 岗位与空缺
    assert "岗位所在单位" not in dropdowns  # without a user there is no scope to list


def test_template_for_a_user_lists_their_units_and_their_ladder(world):
    dropdowns = _dropdowns(excel.worker_template(by=world.county_a_admin))
    assert dropdowns["岗位所在单位"] == ["历下区总工会", "解放路街道工会", "千佛山街道工会"]
    assert dropdowns["岗位等级"] == ["见习干事", "初级干事", "中级干事", "高级干事"]


def test_the_template_filled_in_with_its_own_example_imports(world):
    wb = load_workbook(io.BytesIO(excel.worker_template(by=world.county_a_admin)))
    ws = wb[excel.SHEET_TITLE]
    ws.append([make_id("370102"), None])  # placeholder replaced below
    ws.delete_rows(2)
    ws.append(
        [
            "赵六",
            make_id("370102"),
            "13700000000",
            "回族",
            "群众",
            "大专",
            "",
            "购买服务",
            "千佛山街道工会",
            "",
            "",
            "",
            "在岗",
            "2024-01-02",
            "",
        ]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_workers(by=world.county_a_admin, fileobj=buffer, filename="模板.xlsx")
    assert result.errors == []
    worker = Worker.objects.get(name="赵六")
    assert (worker.org, worker.ethnicity, worker.employment_mode, worker.education) == (
        world.street_a2,
        "回族",
        "purchased_service",
        "junior_college",
    )


# --- import ------------------------------------------------------------------------------------


def test_a_good_file_creates_every_worker_with_the_same_rules_as_the_form(world):
    ids = [make_id("370102") for _ in range(3)]
    rows = [
        row(**{"姓名*": "甲", "身份证号*": ids[0]}),
        row(**{"姓名*": "乙", "身份证号*": ids[1], "岗位所在单位*": "历下区总工会/千佛山街道工会", "学历*": "硕士"}),
        row(
            **{
                "姓名*": "丙",
                "身份证号*": ids[2].lower(),
                "状态": "辞职",
                "离职日期": "2024/6/30",
                "岗位等级": "初级干事",
                "现等级起始日期": "2023-09-01",
            }
        ),
    ]
    before = Worker.objects.count()
    result = excel.import_workers(by=world.county_a_admin, fileobj=upload(*rows))
    assert result.errors == [] and result.created == 3
    assert Worker.objects.count() == before + 3
    c = Worker.objects.get(name="丙")
    assert (c.status, c.left_on, c.rank, c.rank_since, c.org) == (
        "resigned",
        date(2024, 6, 30),
        "初级干事",
        date(2023, 9, 1),
        world.street_a,
    )
    assert c.id_number == ids[2]
    b = Worker.objects.get(name="乙")
    assert (b.org, b.education, b.rank_since) == (world.street_a2, "master", date(2023, 3, 1))
    assert b.history.first().history_change_reason == "Excel导入（社工.xlsx 第3行）"
    event = AuditEvent.objects.filter(action="worker.import").first()
    assert event.result == "ok" and event.detail == {"file": "社工.xlsx", "rows": 3, "created": 3}
    assert AuditEvent.objects.filter(action="worker.create", target_id__in=[str(w.pk) for w in (b, c)]).count() == 2


@pytest.mark.parametrize(
    "bad, column, reason",
    [
        ({"身份证号*": "370102199005170015"}, "身份证号", "校验位"),
        ({"身份证号*": 370102199005170014}, "身份证号", "文本"),
        ({"岗位所在单位*": "不存在的街道工会"}, "岗位所在单位", "不在您的管理范围内"),
        ({"岗位所在单位*": "八大关街道工会"}, "岗位所在单位", "不在您的管理范围内"),
        ({"入职日期*": "2023-02-30"}, "入职日期", "日期不存在"),
        ({"入职日期*": "去年三月"}, "入职日期", "日期格式"),
        ({"入职日期*": None}, "入职日期", "请填写入职日期"),
        ({"政治面貌*": "无党派"}, "政治面貌", "不是可选值"),
        ({"岗位等级": "处长"}, "岗位等级", "见习干事"),
        ({"手机号": "12345"}, "手机号", "11位"),
        ({"状态": "辞职"}, "离职日期", "须填写离职日期"),
        ({"用工方式*": "返聘"}, "岗位等级", "返聘人员"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_row_column_and_reason(world, bad, column, reason):
    before = Worker.objects.count()
    result = excel.import_workers(by=world.county_a_admin, fileobj=upload(row(), row(**bad), row()))
    assert result.created == 0
    assert Worker.objects.count() == before
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert reason in result.errors[0].message
    event = AuditEvent.objects.filter(action="worker.import").first()
    assert event.result == "failed" and event.detail["errors"] == 1


def test_a_duplicate_id_in_the_file_is_an_error_on_the_later_row(world):
    ident = make_id("370102")
    result = excel.import_workers(
        by=world.county_a_admin, fileobj=upload(row(**{"身份证号*": ident}), row(), row(**{"身份证号*": ident}))
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [(4, "身份证号", "与第 2 行重复")]
    assert not Worker.objects.filter(name="王五").exists()


def test_an_id_already_in_the_registry_is_refused(world):
    result = excel.import_workers(by=world.county_a_admin, fileobj=upload(row(**{"身份证号*": world.worker_a.id_number})))
    assert errors_of(result) == [(2, "身份证号")]
    assert "已登记在册" in result.errors[0].message


def test_every_bad_row_is_reported_not_only_the_first(world):
    result = excel.import_workers(
        by=world.county_a_admin,
        fileobj=upload(row(**{"姓名*": None}), row(), row(**{"学历*": "高中", "入职日期*": "2099-01-01"})),
    )
    assert errors_of(result) == [(2, "姓名"), (4, "学历"), (4, "入职日期")]
    assert result.errors[0].message == "请填写姓名"  # not also the rule's own "请填写姓名"
    assert result.errors[2].message == "入职日期不能晚于今天"
    assert Worker.objects.filter(name="王五").count() == 0


def test_an_ambiguous_unit_name_asks_for_the_parent(world):
    from unionsw.orgs.services import org_create

    org_create(by=None, parent=world.county_a, level=4, skip_scope=True, data={"name": "千佛山街道工会"})  # a namesake
    result = excel.import_workers(by=world.county_a_admin, fileobj=upload(row(**{"岗位所在单位*": "千佛山街道工会"})))
    assert "上级组织名称/千佛山街道工会" in result.errors[0].message


def test_the_template_offers_a_repeated_unit_name_with_its_parent(world):
    from unionsw.orgs.services import org_create

    org_create(by=None, parent=world.province, level=2, skip_scope=True, data={"name": "历下区总工会"})  # odd, but possible
    dropdowns = _dropdowns(excel.worker_template(by=world.province_admin))
    assert "济南市总工会/历下区总工会" in dropdowns["岗位所在单位"]
    assert "山东省总工会/历下区总工会" in dropdowns["岗位所在单位"]
    assert "解放路街道工会" in dropdowns["岗位所在单位"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not excel at all", "不是 Excel"),
        (core_excel.xlsx_bytes([["姓名", "身份证号"], ["张三", "1"]]), "缺少列"),
        (core_excel.xlsx_bytes([HEADERS]), "没有数据行"),
        (core_excel.xlsx_bytes([]), "文件是空的"),
    ],
)
def test_an_unreadable_file_gives_one_chinese_message_and_writes_nothing(world, content, message):
    before = Worker.objects.count()
    result = excel.import_workers(by=world.county_a_admin, fileobj=io.BytesIO(content), filename="x.xlsx")
    assert result.created == 0 and len(result.errors) == 1 and message in result.errors[0].message
    assert Worker.objects.count() == before
    assert AuditEvent.objects.filter(action="worker.import", result="failed").exists()


def test_import_needs_the_import_permission(world):
    with pytest.raises(NotAllowed):
        excel.import_workers(by=world.township_admin, fileobj=upload(row()))


# --- export ------------------------------------------------------------------------------------


def _sheet(content: bytes) -> list[list]:
    return [[c.value for c in r] for r in load_workbook(io.BytesIO(content)).active.iter_rows()]


def test_export_is_masked_and_escapes_formula_injection(world):
    evil = worker_create(
        by=world.county_a_admin, data=worker_data(world.street_a, name="=cmd|' /C calc'!A0", major="@SUM(1+1)*cmd|' /C calc'!A0")
    )
    rows = _sheet(excel.export_workers(by=world.county_a_admin, queryset=Worker.objects.filter(pk=evil.pk), filename="x.xlsx"))
    assert rows[0] == excel.EXPORT_HEADERS
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["姓名"] == "'=cmd|' /C calc'!A0"
    assert line["专业"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    ident = evil.id_number
    assert line["身份证号"] == ident[:4] + "**********" + ident[-4:]
    assert line["手机号"] == "138****5678"
    assert ident not in str(rows)


def test_export_contains_exactly_the_filtered_rows_in_scope(world, login):
    worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="千佛山社工"))
    worker_create(
        by=world.county_a_admin, data=worker_data(world.street_a2, name="离职社工", status="resigned", left_on=date(2024, 1, 1))
    )
    client = login(world.county_a_admin)
    response = client.get(reverse("workers:export"), {"org": world.street_a2.pk, "status": "active"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [r[0] for r in _sheet(response.content)[1:]] == ["千佛山社工"]
    everything = _sheet(client.get(reverse("workers:export")).content)
    assert sorted(r[0] for r in everything[1:]) == sorted(["张三", "千佛山社工", "离职社工"])  # never 李四 of county B
    event = AuditEvent.objects.filter(action="worker.export").first()
    assert event.actor == world.county_a_admin and event.detail["rows"] == 3


def test_export_of_another_countys_unit_is_empty(world, login):
    content = login(world.county_a_admin).get(reverse("workers:export"), {"org": world.street_b.pk}).content
    assert _sheet(content) == [excel.EXPORT_HEADERS]


def test_export_narrows_any_queryset_to_the_users_scope(world):
    rows = _sheet(excel.export_workers(by=world.county_a_admin, queryset=Worker.objects.all()))
    assert [r[0] for r in rows[1:]] == ["张三"]


def test_export_needs_the_export_permission(world, login):
    with pytest.raises(NotAllowed):
        excel.export_workers(by=world.township_admin, queryset=Worker.objects.all())
    assert login(world.township_admin).get(reverse("workers:export")).status_code == 403


def test_export_runs_a_constant_number_of_queries(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            excel.export_workers(by=world.county_a_admin, queryset=Worker.objects.all())
        return len(ctx)

    few = queries()
    for i in range(15):
        worker_create(by=world.county_a_admin, data=worker_data(world.street_a, name=f"社工{i}"))
    assert queries() == few


# --- pages -------------------------------------------------------------------------------------

PAGES = ["workers:import", "workers:import_template", "workers:export"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_login(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_read_only_users_get_403(login, world, name):
    assert login(world.township_admin).get(reverse(name)).status_code == 403


def test_import_page_offers_the_template(login, world):
    client = login(world.county_a_admin)
    page = client.get(reverse("workers:import"))
    assert page.status_code == 200 and reverse("workers:import_template") in page.content.decode()
    template = client.get(reverse("workers:import_template"))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    assert "filename*=utf-8''" in template["Content-Disposition"]


def test_a_good_upload_creates_workers_and_shows_the_count(login, world):
    client = login(world.county_a_admin)
    f = SimpleUploadedFile("名单.xlsx", workbook(row(**{"姓名*": "页面导入"}), row(**{"姓名*": "页面导入2"})))
    response = client.post(reverse("workers:import"), {"file": f})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert (job.status, job.created_by, job.source_name, job.done, job.total) == ("done", world.county_a_admin, "名单.xlsx", 2, 2)
    assert Worker.objects.filter(name__startswith="页面导入").count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "已导入 2 条社工信息" in page


def test_a_bad_upload_shows_the_errors_and_offers_the_error_file_to_its_owner_only(login, world, client):
    f = SimpleUploadedFile("名单.xlsx", workbook(row(), row(**{"身份证号*": "370102199005170015"})))
    response = login(world.county_a_admin).post(reverse("workers:import"), {"file": f})
    job = Job.objects.get()
    assert job.status == "rejected" and not Worker.objects.filter(name="王五").exists()
    page = client.get(response["Location"]).content.decode()
    assert "第 3 行" in page and "校验位" in page
    download = client.get(reverse("core:job_download", args=[job.pk, "errors"]))
    assert download.status_code == 200
    assert _sheet(b"".join(download.streaming_content))[1][:2] == [3, "身份证号"]
    assert AuditEvent.objects.filter(action="job.download", target_id=str(job.pk)).exists()
    client.force_login(world.city_admin)  # sees county A's workers, but not this user's files
    assert client.get(reverse("core:job_download", args=[job.pk, "errors"])).status_code == 404


@pytest.mark.parametrize(
    "content, message",
    [(b"a,b,c\n", "不是 Excel"), (core_excel.xlsx_bytes([["姓名"], ["x"]]), "缺少列")],
)
def test_an_unreadable_upload_stays_on_the_page_with_the_reason(login, world, content, message):
    response = login(world.county_a_admin).post(reverse("workers:import"), {"file": SimpleUploadedFile("a.csv", content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Job.objects.exists()


def test_an_upload_without_a_file_is_refused(login, world):
    response = login(world.county_a_admin).post(reverse("workers:import"), {})
    assert response.status_code == 400 and "请选择" in response.content.decode()


def test_a_large_export_becomes_a_job_with_a_download(login, world, settings):
    settings.EXCEL_EXPORT_INLINE_MAX_ROWS = 0
    client = login(world.county_a_admin)
    response = client.get(reverse("workers:export"), {"q": "张三"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    assert (job.kind, job.status, job.total, job.done) == ("worker_export", "done", 1, 1)
    download = client.get(reverse("core:job_download", args=[job.pk, "result"]))
    assert [r[0] for r in _sheet(b"".join(download.streaming_content))] == ["姓名", "张三"]


def test_an_unknown_unit_and_a_bad_cell_of_the_same_row_are_both_reported(world):
    result = excel.import_workers(
        by=world.county_a_admin, fileobj=upload(row(**{"岗位所在单位*": "八大关街道工会", "入职日期*": "2023-13-01"}))
    )
    assert errors_of(result) == [(2, "入职日期"), (2, "岗位所在单位")]


# --- a roster in one file: certificate, post and contract columns (issue 12) ---------------------

ROSTER_HEADERS = HEADERS + CERT_HEADERS + POST_HEADERS + CONTRACT_HEADERS


def roster_row(**over) -> dict:
    values = row(**{h: None for h in CERT_HEADERS + POST_HEADERS + CONTRACT_HEADERS})
    values.update(
        {
            "证书类别": "助理社会工作师",
            "证书编号": "2023A0001",
            "证书取得日期": "2023-06-01",
            "到岗岗位": "组建指导岗",
            "合同类型": "劳动合同",
            "合同起始日期": "2023-03-01",
            "合同终止日期": "2026-02-28",
            "合同签订日期": "2023-03-01",
        }
    )
    values.update(over)
    return values


def roster(*rows: dict) -> io.BytesIO:
    f = io.BytesIO(core_excel.xlsx_bytes([ROSTER_HEADERS] + [[r[h] for h in ROSTER_HEADERS] for r in rows]))
    f.name = "花名册.xlsx"
    return f


@pytest.fixture
def posts(world):
    """Two vacant 组建指导岗 at 解放路 (the earlier-vacant one first) and one 维权服务岗 at 千佛山."""
    from unionsw.employment.models import Post, PostKind
    from unionsw.employment.services import post_create

    kinds = {k.name: k for k in PostKind.objects.all()}
    first = post_create(by=world.county_a_admin, unit=world.street_a, kind=kinds["组建指导岗"], rank_band="见习干事")
    second = post_create(by=world.county_a_admin, unit=world.street_a, kind=kinds["组建指导岗"])
    Post.objects.filter(pk=first.pk).update(vacant_since=date(2020, 1, 1))
    other = post_create(by=world.county_a_admin, unit=world.street_a2, kind=kinds["维权服务岗"])
    return first, second, other


def _nothing_written(before: int) -> None:
    from unionsw.employment.models import Contract, PostHolding
    from unionsw.workers.models import Certificate

    assert Worker.objects.count() == before
    assert not Contract.objects.exists() and not PostHolding.objects.exists()
    assert not Certificate.objects.filter(number="2023A0001").exists()


def test_a_roster_fills_the_posts_and_creates_the_contracts_and_certificates(world, posts):
    from unionsw.employment.models import Contract, Post, PostHolding

    first, second, other = posts
    ids = [make_id("370102") for _ in range(3)]
    result = excel.import_workers(
        by=world.county_a_admin,
        fileobj=roster(
            roster_row(**{"姓名*": "甲", "身份证号*": ids[0], "用人单位": "历下区总工会（示例）"}),
            roster_row(**{"姓名*": "乙", "身份证号*": ids[1], "岗位等级": None, "到岗日期": "2023-04-01", "合同终止日期": "无固定期限", "合同签订日期": None}),
            roster_row(**{"姓名*": "丙", "身份证号*": ids[2], "岗位所在单位*": "千佛山街道工会", "岗位": "旧岗位名", "到岗岗位": "维权服务岗"}),
        ),
    )
    assert result.errors == [] and result.created == 3
    a, b, c = (Worker.objects.get(name=n) for n in "甲乙丙")
    # the earlier-vacant post goes to the first row, the other to the next row of the same unit and kind
    assert [Post.objects.get(pk=p.pk).holder for p in posts] == [a, b, c]
    assert PostHolding.objects.get(worker=b).started_on == date(2023, 4, 1)
    assert PostHolding.objects.get(worker=a).started_on == date(2023, 3, 1)  # blank 到岗日期 = 入职日期
    assert (c.post_title, c.org) == ("维权服务岗", world.street_a2)  # the post's kind wins over the free-text column
    ca = Contract.objects.get(worker=a)
    assert (ca.kind, ca.starts_on, ca.ends_on, ca.status, ca.signed_on, ca.employer, ca.post_id) == (
        "labour",
        date(2023, 3, 1),
        date(2026, 2, 28),
        "active",
        date(2023, 3, 1),
        "历下区总工会（示例）",
        first.pk,
    )
    cb = Contract.objects.get(worker=b)
    assert (cb.term_type, cb.ends_on, cb.status, cb.employer) == ("open", None, "draft", "历下区总工会")
    assert [(x.level, x.number, x.issued_on) for x in a.certificates.all()] == [("assistant", "2023A0001", date(2023, 6, 1))]
    assert AuditEvent.objects.filter(action="post.fill").count() == 3
    assert AuditEvent.objects.filter(action="contract.sign").count() == 2


@pytest.mark.parametrize(
    "bad, column, reason",
    [
        ({"到岗岗位": "不存在岗"}, "到岗岗位", "没有“不存在岗”岗位"),
        ({"到岗岗位": "维权服务岗"}, "到岗岗位", "解放路街道工会没有"),  # 千佛山 has one; the row's unit has none
        ({"合同终止日期": "2022-12-31"}, "合同终止日期", "须晚于起始日期"),
        ({"合同起始日期": "2023-02-30"}, "合同起始日期", "日期不存在"),
        ({"合同终止日期": None}, "合同终止日期", "无固定期限"),
        ({"合同起始日期": None}, "合同起始日期", "请填写合同起始日期"),
        ({"合同签订日期": "2099-01-01"}, "合同签订日期", "不能晚于今天"),
        ({"到岗日期": "2023-01-01"}, "到岗日期", "不能早于入职日期"),
        ({"合同类型": "劳务协议"}, "合同类型", "签订劳动合同"),
        ({"用工方式*": "返聘", "岗位等级": None, "合同类型": None, "到岗岗位": None}, "合同签订日期", "商业意外险"),
        ({"用工方式*": "返聘", "岗位等级": None, "合同签订日期": None, "合同类型": None}, "到岗岗位", "返聘人员"),
    ],
)
def test_a_bad_post_or_contract_cell_is_reported_and_nothing_is_written(world, posts, bad, column, reason):
    before = Worker.objects.count()
    good = roster_row(**{"到岗岗位": None})
    result = excel.import_workers(by=world.county_a_admin, fileobj=roster(good, roster_row(**bad)))
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert reason in result.errors[0].message
    _nothing_written(before)


def test_a_post_already_held_is_refused_with_its_holder(world, posts):
    from unionsw.employment.services import post_fill

    post_fill(by=world.county_a_admin, post=posts[2], worker=world.worker_a, on=date(2023, 1, 1), reason="录用")
    before = Worker.objects.count()
    result = excel.import_workers(
        by=world.county_a_admin, fileobj=roster(roster_row(**{"岗位所在单位*": "千佛山街道工会", "到岗岗位": "维权服务岗"}))
    )
    assert errors_of(result) == [(2, "到岗岗位")]
    assert "已有在岗社工（张三）" in result.errors[0].message and "一人在岗" in result.errors[0].message
    assert Worker.objects.count() == before


def test_two_rows_cannot_take_the_last_vacant_post(world, posts):
    before = Worker.objects.count()
    rows = [roster_row(**{"岗位所在单位*": "千佛山街道工会", "到岗岗位": "维权服务岗"}) for _ in range(2)]
    result = excel.import_workers(by=world.county_a_admin, fileobj=roster(*rows))
    assert errors_of(result) == [(3, "到岗岗位")]
    assert "本文件第 2 行" in result.errors[0].message
    _nothing_written(before)


def test_a_post_filled_by_someone_else_during_the_import_rolls_the_whole_file_back(world, posts, monkeypatch):
    """The single-holder rule holds in phase 2 too: another admin fills the post between validation and
    writing; the import reports post_fill's conflict message on the cell and writes nothing."""
    from unionsw.employment.services import FILL_CONFLICT, post_fill

    take = excel._PostIndex.take

    def take_and_lose_the_race(self, row, unit, name):
        post = take(self, row, unit, name)
        post_fill(by=world.county_a_admin, post=post, worker=world.worker_a, on=date(2023, 1, 1), reason="另一管理员")
        return post

    monkeypatch.setattr(excel._PostIndex, "take", take_and_lose_the_race)
    before = Worker.objects.count()
    result = excel.import_workers(
        by=world.county_a_admin, fileobj=roster(roster_row(**{"岗位所在单位*": "千佛山街道工会", "到岗岗位": "维权服务岗"}))
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "到岗岗位", FILL_CONFLICT)]
    assert Worker.objects.count() == before


def test_post_and_contract_columns_need_their_own_permissions(world, posts):
    from conftest import make_user
    from unionsw.accounts.models import DataScope, Role

    role = Role.objects.create(
        code="registrar", name="登记员", data_scope=DataScope.ORG_AND_BELOW, permissions=["worker.import", "worker.change"]
    )
    registrar = make_user("registrar", world.county_a, [role])
    result = excel.import_workers(by=registrar, fileobj=roster(roster_row()))
    assert errors_of(result) == [(2, "到岗岗位"), (2, "合同起始日期")]
    assert "安排到岗的权限" in result.errors[0].message and "拟订合同的权限" in result.errors[1].message
    ok = excel.import_workers(by=registrar, fileobj=roster(roster_row(**{h: None for h in POST_HEADERS + CONTRACT_HEADERS})))
    assert ok.errors == [] and Worker.objects.get(name="王五").certificates.count() == 1


def test_a_roster_costs_the_same_queries_for_every_further_row(world, posts, monkeypatch):
    """Posts are looked up once per file, not per row: each further row adds the same number of queries."""
    loads = []
    init = excel._PostIndex.__init__
    monkeypatch.setattr(excel._PostIndex, "__init__", lambda self, by: (loads.append(1), init(self, by))[1])
    from unionsw.employment.models import Post, PostKind
    from unionsw.employment.services import post_create

    kind = PostKind.objects.get(name="帮扶救助岗")
    for _ in range(6):
        post_create(by=world.county_a_admin, unit=world.street_a, kind=kind)
    Post.objects.exclude(kind=kind).update(is_active=False)

    def queries(n: int) -> int:
        rows = [roster_row(**{"身份证号*": make_id("370102"), "到岗岗位": "帮扶救助岗", "岗位等级": None}) for _ in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            result = excel.import_workers(by=world.county_a_admin, fileobj=roster(*rows))
        assert result.errors == []
        return len(ctx)

    one, two, three = queries(1), queries(2), queries(3)
    assert three - two == two - one
    assert len(loads) == 3  # one post index per file
