"""Excel import in the browser: a file with one bad row writes nothing and offers the error file;
the corrected file imports every row."""

import pytest

from unionsw.workers.models import Worker
from unionsw.workers.tests.test_excel import row, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_bad_row_rejects_the_whole_file_with_an_error_file_then_the_fixed_file_imports(world, page_as, tmp_path):
    page = page_as(world.county_a_admin)
    before = Worker.objects.count()
    bad = tmp_path / "社工-有错.xlsx"
    good_rows = [row(**{"姓名*": "赵一"}), row(**{"姓名*": "钱二"})]
    bad.write_bytes(workbook(good_rows[0], row(**{"姓名*": "孙三", "身份证号*": "370102199001011234"})))

    page.goto("/workers/")
    page.click("text=导入")
    page.set_input_files("input[name=file]", str(bad))
    page.click("text=上传并导入")
    page.wait_for_load_state()
    errors = page.locator("#job-errors").inner_text()
    assert "第 3 行" in errors and "校验位不正确" in errors  # header is row 1, the bad person row 3
    assert Worker.objects.count() == before  # all-or-nothing

    with page.expect_download() as download:
        page.click("text=下载错误明细")
    saved = tmp_path / "错误明细.xlsx"
    download.value.save_as(saved)
    from openpyxl import load_workbook

    cells = [c for r in load_workbook(saved).active.iter_rows(values_only=True) for c in r if c]
    assert any("校验位" in str(c) for c in cells)

    fixed = tmp_path / "社工.xlsx"
    fixed.write_bytes(workbook(*[{**r} for r in good_rows]))
    page.goto("/workers/import/")
    page.set_input_files("input[name=file]", str(fixed))
    page.click("text=上传并导入")
    page.wait_for_load_state()
    assert Worker.objects.count() == before + 2
    assert set(Worker.objects.filter(name__in=["赵一", "钱二"]).values_list("org__name", flat=True)) == {"解放路街道工会"}
    assert "完成" in page.locator("#job-progress").inner_text()
