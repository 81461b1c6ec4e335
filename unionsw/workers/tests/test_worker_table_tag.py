"""The worker list's rows, rendered by the `worker_rows` tag (issue 13: as template nodes they were a quarter of
the list page's CPU). Same cells as before, escaped, in Chinese or English."""

from datetime import date

from django.template import Context, Template
from django.utils import translation

from unionsw.orgs.models import Org
from unionsw.workers.models import FilingStatus, Worker, WorkerStatus


def _worker(**kw) -> Worker:
    values = dict(
        pk=7, name="王<i>芳", gender="F", birth_date=date(1990, 5, 1), id_number_masked="3702**********1234",
        phone_masked="138****0000", org=Org(id=2, name="市南区总工会&"), rank="", employment_mode="public_hire",
        status=WorkerStatus.ACTIVE, filing_status=FilingStatus.FILED,
    )  # fmt: skip
    values.update(kw)
    return Worker(**values)


def _render(rows, can_change=True) -> str:
    template = Template("{% load worker_table %}{% worker_rows page url can_change %}")
    return template.render(Context({"page": rows, "url": "/workers/", "can_change": can_change}))


def test_a_row_has_every_cell_escaped():
    html = _render([_worker()])
    assert '<a href="/workers/7/">王&lt;i&gt;芳</a>' in html and "<i>" not in html
    assert "市南区总工会&amp;" in html and "3702**********1234" in html and "138****0000" in html
    assert "<td>女</td>" in html and "<td>公开招聘</td>" in html
    assert "未定级" in html and '<span class="tag ok">已备案</span>' in html
    assert f"<td>{_worker().age_on(date.today())}</td>" in html
    assert '<a href="/workers/7/edit/">修改</a>' in html


def test_no_edit_link_without_the_right_and_an_empty_page_says_so():
    html = _render([_worker(status=WorkerStatus.RESIGNED, filing_status=FilingStatus.UNFILED, rank="二级")], False)
    assert "edit/" not in html and '<span class="tag muted">' in html and "未备案" in html and "二级" in html
    assert "没有符合条件的社工" in _render([])


def test_the_labels_follow_the_language():
    with translation.override("en"):
        html = _render([_worker()])
    assert "已备案" not in html and "查看" not in html
