"""社工年报1表: fixed layout, exported per unit, imported and summed by the level above."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from unionsw.core.excel import xlsx_bytes
from unionsw.stats import annual
from unionsw.workers.models import FilingStatus

from .test_dashboard import bulk_workers

pytestmark = pytest.mark.django_db


def _export(client, **params):
    r = client.get("/stats/annual/", params)
    assert r.status_code == 200
    return r.content


def _upload(content, name):
    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_the_cities_files_sum_to_the_provinces_own_figures(world, login):
    bulk_workers(world.street_a, 3, filing=FilingStatus.FILED, template=world.worker_a)
    bulk_workers(world.street_b, 2, filing=FilingStatus.FILED, template=world.worker_a)
    bulk_workers(world.street_b, 4, template=world.worker_a)
    jinan = _export(login(world.city_admin))
    p = login(world.province_admin)
    qingdao = _export(p, org=world.city_b.pk)
    province = _export(p)
    ws = load_workbook(io.BytesIO(province)).active
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    assert grid[0][:2] == [annual.FORM_CODE, annual.FORM_TITLE]
    assert grid[2][1:] == annual.CODES
    own = next(row for row in grid if row[0] == "合计")[1:]
    assert own[0] == 5 and own[1] == 5 and own[2] == 6  # filed only (Shandong); 6 unfiled incl. 张三, 李四
    r = p.post("/stats/annual/import/", {"files": [_upload(jinan, "jinan.xlsx"), _upload(qingdao, "qingdao.xlsx")]})
    assert r.status_code == 200, r.content.decode()[:500]
    assert r.context["total"] == own
    assert [f["org"] for f in r.context["files"]] == ["济南市总工会", "青岛市总工会"]


def test_a_file_of_another_layout_is_a_400_with_a_message(world, login):
    c = login(world.city_admin)
    r = c.post("/stats/annual/import/", {"files": [_upload(xlsx_bytes([["姓名"], ["张三"]]), "x.xlsx")]})
    assert r.status_code == 400 and "不是社工年报1表" in r.content.decode()
    r = c.post("/stats/annual/import/", {"files": [_upload(b"not excel at all", "y.xlsx")]})
    assert r.status_code == 400
    assert c.post("/stats/annual/import/", {}).status_code == 400


def test_files_of_different_days_are_not_summed(world, login):
    c = login(world.city_admin)
    a = _export(c, on="2025-12-31")
    b = _export(c, on="2024-12-31")
    r = c.post("/stats/annual/import/", {"files": [_upload(a, "a.xlsx"), _upload(b, "b.xlsx")]})
    assert r.status_code == 400 and "不一致" in r.content.decode()
