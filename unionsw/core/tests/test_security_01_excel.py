"""Issue 11, finding 1 — hostile .xlsx files, and the fuzz job: every generated hostile file goes to
every import (pages and API); each answer is a clear Chinese refusal (4xx, or the import page's
redirect with the message), memory stays bounded, and no row changes."""

from __future__ import annotations

import io
import re
import resource
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionsw.accounts.api import issue_token
from unionsw.core import excel
from unionsw.core import hostile_xlsx as hostile
from unionsw.orgs.models import Org
from unionsw.workers.models import Worker

CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")
WORKER_HEADERS = ["姓名", "身份证号"]


def read(data: bytes):
    return excel.read_grid(io.BytesIO(data))


class TestBoundsBeforeParsing:
    """Each of these cost a naive reader gigabytes (or aborted the process); now each is refused in
    well under a second, by a message that names the limit."""

    def test_a_cell_at_xfd1048576_is_refused_naming_the_row_limit(self):
        with pytest.raises(excel.ExcelFormatError, match=f"一次最多导入 {excel.MAX_ROWS} 行"):
            read(hostile.huge_dimension(WORKER_HEADERS))

    def test_a_huge_declared_dimension_is_refused_before_reading(self):
        with pytest.raises(excel.ExcelFormatError, match=f"超过 {excel.MAX_COLUMNS} 列"):
            read(hostile.declared_dimension(WORKER_HEADERS))

    def test_one_cell_at_a1048576_is_refused(self):
        with pytest.raises(excel.ExcelFormatError, match="行"):
            read(hostile.far_row(WORKER_HEADERS))

    def test_a_zip_bomb_is_refused_by_its_declared_unzipped_size(self):
        with pytest.raises(excel.ExcelFormatError, match=f"解压后超过 {excel.MAX_UNZIPPED_BYTES // 2**20} MB"):
            read(hostile.zip_bomb(WORKER_HEADERS))

    def test_a_zip_that_lies_about_its_size_is_refused_as_damaged(self):
        with pytest.raises(excel.ExcelFormatError, match="损坏"):
            read(hostile.lying_size(WORKER_HEADERS))

    def test_rows_beyond_the_limit_stop_the_reader(self):
        with pytest.raises(excel.ExcelFormatError, match="一次最多导入 5 行"):
            excel.read_grid(io.BytesIO(hostile.too_many_rows(WORKER_HEADERS, 20)), max_rows=5)
        columns = [excel.Column("姓名", "name")]
        assert len(excel.read_rows(io.BytesIO(hostile.too_many_rows(WORKER_HEADERS, 5)), columns, max_rows=5)) == 5
        with pytest.raises(excel.ExcelFormatError, match="一次最多导入 5 行"):
            excel.read_rows(io.BytesIO(hostile.too_many_rows(WORKER_HEADERS, 6)), columns, max_rows=5)

    def test_the_parse_runs_under_a_memory_cap(self, settings):
        """The cap is the backstop for whatever the checks miss: a reader that needs more than the cap
        is stopped in its own process, and the user is told the limit."""
        settings.EXCEL_READ_MEMORY_MB = 256  # lower than the default only to keep the test fast
        with pytest.raises(excel.ExcelFormatError, match="内存超过 256 MB"):
            read(hostile.shared_string_amplification(WORKER_HEADERS))
        assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 <= excel.READ_MEMORY_MB

    def test_dates_and_numbers_survive_the_child_process(self):
        from openpyxl import Workbook

        when = datetime.fromisoformat("2024-03-01T08:30:00")
        wb = Workbook()
        wb.active.append(["a", "b", "c", "d"])
        wb.active.append([when, date(2024, 3, 2), 3.5, "文字"])
        out = io.BytesIO()
        wb.save(out)
        grid = read(out.getvalue())
        assert grid[1][0] == when and grid[1][2] == 3.5 and grid[1][3] == "文字"
        assert grid[1][1] in (date(2024, 3, 2), datetime.fromisoformat("2024-03-02"))


# ------------------------------------------------------------------------------------------------
# the fuzz job: every hostile file to every import


@pytest.fixture(scope="module")
def files():
    return {name: make(WORKER_HEADERS) for name, make in hostile.ALL.items()}


def _written_round(world):
    from unionsw.recruitment import services
    from unionsw.recruitment.tests.test_services import reviewed_round

    rnd, _ = reviewed_round(world, n=1)
    services.round_start_written(by=world.county_a_admin, round=rnd, rooms=[{"name": "1", "capacity": 10}])
    return rnd


def _state():
    from unionsw.recruitment.models import Application

    return (
        Worker.objects.count(),
        Org.objects.count(),
        Application.objects.filter(written_score__isnull=False).count(),
    )


def test_every_hostile_file_to_every_import(world, client, login, files, settings):
    settings.JOBS_SYNC = True
    settings.EXCEL_READ_MEMORY_MB = 128  # the amplification file reaches any cap; a low one stops it sooner
    rnd = _written_round(world)
    token = issue_token(world.county_a_admin)
    from django.test import Client

    from conftest import make_user

    county = login(world.county_a_admin)  # imports workers
    sysadmin = Client()  # maintains the org tree (org.manage, 三员: needs OTP)
    sys_user = make_user("county_a_sys", world.county_a, [world.roles["sysadmin"]])
    sysadmin.force_login(sys_user)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=sys_user, name="t", confirmed=True)
    session = sysadmin.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    before = _state()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answers = []

    def upload(url, data, *, api=False, as_user=None):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if api else {}
        response = (as_user or county).post(url, {"file": SimpleUploadedFile("上传.xlsx", data)}, follow=not api, **extra)
        return response

    imports = {
        "workers page": lambda d: upload(reverse("workers:import"), d),
        "orgs page": lambda d: upload(reverse("orgs:import"), d, as_user=sysadmin),
        "workers API": lambda d: upload("/api/v1/workers/import", d, api=True),
        "scores API": lambda d: upload(f"/api/v1/recruitment/rounds/{rnd.pk}/scores", d, api=True),
    }
    for name, data in files.items():
        for where, send in imports.items():
            response = send(data)
            body = response.content.decode()
            answers.append((name, where, response.status_code))
            final = response.redirect_chain[-1][1] if getattr(response, "redirect_chain", None) else response.status_code
            if where.endswith("API"):
                assert 400 <= response.status_code < 500, (name, where, response.status_code, body[:300])
            else:
                assert response.status_code in (200, 400) and final in (200, 400, 302), (name, where, body[:300])
            assert CHINESE.search(body), (name, where, body[:300])
    # the scores page redirects back with the message (the recruitment pages' pattern)
    for name, data in files.items():
        response = county.post(
            reverse("recruitment:round_action", args=[rnd.pk, "scores"]), {"file": SimpleUploadedFile("s.xlsx", data)}, follow=True
        )
        assert response.status_code == 200 and "已导入" not in response.content.decode(), name
        answers.append((name, "scores page", response.status_code))

    assert _state() == before  # no row changed
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mb < 200, f"the server process grew by {grown_mb:.0f} MB"
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert children_mb <= excel.READ_MEMORY_MB
    assert len(answers) == len(files) * 5
