"""Issue 12: core's shared messages (refusals, Excel and ID-number reasons, audit action names) follow the chosen
language where they are shown, and what is stored (audit reasons, job results) stays Chinese."""

import io

import pytest
from django.utils import translation

from unionsw.core import audit_labels, excel, idnumber
from unionsw.core.errors import NotAllowed, OutOfScope


def test_default_refusals_are_translated_when_raised():
    with translation.override("en"):
        assert NotAllowed().messages == ["You do not have permission for this action"]
        assert OutOfScope().messages == ["Not found, or outside your area"]
    assert NotAllowed().messages == ["您没有此操作的权限"]


def test_an_id_number_reason_is_english_in_english():
    with translation.override("en"), pytest.raises(idnumber.InvalidIdNumber, match="^Please enter the ID number$"):
        idnumber.parse("")
    with pytest.raises(idnumber.InvalidIdNumber, match="^请填写身份证号码$"):
        idnumber.parse("")


def test_an_excel_format_error_is_shown_translated_but_keeps_its_chinese_for_the_record():
    with translation.override("en"), pytest.raises(excel.ExcelFormatError) as exc:
        excel.read_rows(io.BytesIO(b"not a spreadsheet"), [excel.Column("姓名", "name")])
    with translation.override("en"):
        assert exc.value.shown.startswith("The file is not an Excel (.xlsx) file")
    assert exc.value.messages == ["文件不是 Excel（.xlsx）格式，请使用下载的模板填写后上传"]


def test_a_cell_parser_reason_follows_the_language():
    with translation.override("en"), pytest.raises(excel.CellError, match="^No such date: “2026-02-30”$"):
        excel.parse_date("2026-02-30")
    with pytest.raises(excel.CellError, match="^日期不存在：“2026-02-30”$"):
        excel.parse_date("2026-02-30")


def test_audit_action_names_are_chinese_for_the_export_and_translated_for_the_page():
    assert audit_labels.label("audit.export") == "导出审计日志"
    assert audit_labels.label("org.create") == "新增组织"
    with translation.override("en"):
        assert audit_labels.label("audit.export") == "导出审计日志"
        assert audit_labels.display_label("audit.export") == "Export audit log"
        assert "组织" not in audit_labels.display_label("org.create")
