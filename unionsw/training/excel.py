"""Enrolment from Excel (issue 9: 报名 by the organiser, or import from Excel): one worker per row by ID number,
all-or-nothing through core/excel.py (sandboxed reader, row errors with row, column and reason)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from unionsw.core import crypto, excel, idnumber
from unionsw.core.audit import audit
from unionsw.core.excel import ImportResult, RowError

from . import services

SHEET_TITLE = "报名名单"
MAX_ROWS = 5000


def _id_number(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        raise excel.CellError(gettext("身份证号须按文本填写，请重新输入"))
    return idnumber.normalize(excel.text(value))


def columns() -> list[excel.Column]:
    return [
        excel.Column("身份证号", "id_number", required=True, parse=_id_number, unique=True, text=True, width=22),
        excel.Column("姓名", "name", parse=excel.text_max(50), width=10, help="用于核对；与档案不符时报错"),
    ]


def template() -> bytes:
    return excel.build_template(
        columns(),
        SHEET_TITLE,
        ["1. 一行一名社工，按身份证号报名；姓名用于核对。", "2. 只能报名本计划制定单位辖区内的在岗社工。", "3. 导入“全部或全不”：任何一行有误则不报名任何人。"],
        example={"id_number": "370102199005170014", "name": "张三"},
    )


def import_enrolments(*, by, session, fileobj) -> ImportResult:
    from unionsw.workers.selectors import worker_list_visible_to

    try:
        rows = excel.read_rows(fileobj, columns(), max_rows=MAX_ROWS)
    except excel.ExcelFormatError as exc:
        return ImportResult(created=0, errors=[RowError(0, "", exc.messages[0])])
    base = worker_list_visible_to(by).filter(status="active", org__path__startswith=session.plan.org.path)

    def validate(row: int, values: dict):
        if not values.get("id_number"):
            raise ValidationError({"id_number": [gettext("请填写身份证号")]})
        worker = base.filter(id_number_index=crypto.blind_index(values["id_number"], purpose="id_number")).first()
        if worker is None:
            raise ValidationError({"id_number": [gettext("本计划辖区内没有此身份证号的在岗社工")]})
        if values.get("name") and values["name"] != worker.name:
            raise ValidationError({"name": [gettext("姓名与档案不符（档案为 %(name)s）") % {"name": worker.name}]})
        return worker

    def write(row: int, worker) -> None:
        services.enrol(by=by, session=session, workers=[worker])

    def finish(result: ImportResult) -> None:
        audit(by=by, action="training.enrol_import", target=session, detail={"rows": len(rows)})

    return excel.run_import(rows=rows, columns=columns(), validate=validate, write=write, finish=finish)
