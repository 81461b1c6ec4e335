"""POST /api/v1/workers/import: shape and permission checks only.

The importer itself (unionsw/workers/excel.py, `import_workers(*, by, fileobj) -> ImportResult`) is
built separately; these tests stand a fake module in for it, so they check what the endpoint does
with its result, not the import. An end-to-end test with a real workbook belongs beside the importer.
"""

from __future__ import annotations

import io
import sys
import types
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from unionsw.accounts.api import issue_token
from unionsw.workers.models import Worker

pytestmark = pytest.mark.django_db

URL = "/api/v1/workers/import"


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int
    errors: list[RowError] = field(default_factory=list)


@pytest.fixture
def importer(monkeypatch):
    """A stand-in for unionsw.workers.excel: records its calls and returns `importer.result`."""
    module = types.ModuleType("unionsw.workers.excel")
    module.RowError, module.ImportResult = RowError, ImportResult
    module.calls = []
    module.result = ImportResult(created=0)

    def import_workers(*, by, fileobj):
        module.calls.append((by, fileobj.read()))
        if isinstance(module.result, Exception):
            raise module.result
        return module.result

    module.import_workers = import_workers
    monkeypatch.setitem(sys.modules, "unionsw.workers.excel", module)
    return module


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["王五", "370102199003070012"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, user, content: bytes | None, name="社工.xlsx"):
    data = {"file": SimpleUploadedFile(name, content)} if content is not None else {}
    return client.post(URL, data, HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def test_a_clean_workbook_reports_how_many_were_created(world, client, importer):
    importer.result = ImportResult(created=12)
    content = xlsx()
    r = upload(client, world.county_a_admin, content)
    assert r.status_code == 200
    assert r.json() == {"created": 12}
    assert importer.calls == [(world.county_a_admin, content)]


def test_row_errors_are_a_400_listing_row_column_and_message(world, client, importer):
    importer.result = ImportResult(
        created=0, errors=[RowError(3, "身份证号", "校验位不正确"), RowError(7, "岗位等级", "岗位等级须为：见习干事、初级干事")]
    )
    r = upload(client, world.county_a_admin, xlsx())
    assert r.status_code == 400
    assert r.json() == {
        "detail": "导入失败，未写入任何数据",
        "errors": [
            {"row": 3, "column": "身份证号", "message": "校验位不正确"},
            {"row": 7, "column": "岗位等级", "message": "岗位等级须为：见习干事、初级干事"},
        ],
    }


def test_a_user_without_worker_import_gets_403_and_the_importer_is_not_called(world, client, importer):
    r = upload(client, world.township_admin, xlsx())
    assert r.status_code == 403 and r.json()["detail"] == "您没有此操作的权限"
    assert importer.calls == []


def test_anonymous_gets_401(world, client, importer):
    r = client.post(URL, {"file": SimpleUploadedFile("a.xlsx", xlsx())})
    assert r.status_code == 401 and importer.calls == []


@pytest.mark.parametrize("content", [b"", b"name,id\n", b"%PDF-1.4", b"PK"])
def test_a_file_that_is_not_an_xlsx_is_refused_before_the_importer(world, client, importer, content):
    r = upload(client, world.county_a_admin, content, name="社工.csv")
    assert r.status_code == 400
    assert r.json()["detail"] in ("请上传 .xlsx 格式的 Excel 文件", "请求格式不正确")
    assert importer.calls == [] and Worker.objects.count() == 2


def test_a_missing_file_is_a_400(world, client, importer):
    r = upload(client, world.county_a_admin, None)
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "file", "message": "必填"}]


def test_a_file_over_the_limit_is_refused(world, client, importer, monkeypatch):
    monkeypatch.setattr("unionsw.workers.api.MAX_IMPORT_BYTES", 100)
    r = upload(client, world.county_a_admin, xlsx())
    assert r.status_code == 400 and r.json()["detail"] == "文件不能超过 10 MB"
    assert importer.calls == []


def test_a_damaged_workbook_is_a_400_not_a_500(world, client, importer):
    import zipfile

    importer.result = zipfile.BadZipFile("File is not a zip file")
    r = upload(client, world.county_a_admin, b"PK\x03\x04" + b"\x00" * 100)
    assert r.status_code == 400 and r.json()["detail"] == "文件无法读取，请确认是未损坏的 .xlsx 文件"


def test_an_importer_validation_error_is_a_chinese_400(world, client, importer):
    from django.core.exceptions import ValidationError

    importer.result = ValidationError("第一行须为表头：姓名、身份证号……")
    r = upload(client, world.county_a_admin, xlsx())
    assert r.status_code == 400 and r.json()["detail"] == "第一行须为表头：姓名、身份证号……"
