"""Error pages are Chinese, inside the layout where a request exists, with a way back (issue 12)."""

from django.template.loader import render_to_string
from django.urls import reverse


def test_404_is_chinese_inside_the_layout_with_a_way_home(world, login):
    r = login(world.county_a_admin).get("/no-such-page/", HTTP_REFERER="/workers/")
    body = r.content.decode()
    assert r.status_code == 404
    assert "页面不存在" in body and "不在您的管理范围内" in body and 'class="sidebar"' in body
    assert 'href="/workers/"' in body and "Not Found" not in body


def test_an_out_of_scope_record_is_the_same_chinese_404(world, login):
    r = login(world.county_b_admin).get(reverse("workers:detail", args=[world.worker_a.pk]))
    assert r.status_code == 404 and "页面不存在" in r.content.decode()


def test_403_says_why_in_chinese_inside_the_layout(world, login):
    r = login(world.township_admin).get(reverse("core:audit"))
    body = r.content.decode()
    assert r.status_code == 403
    assert "无权访问" in body and "权限" in body and 'class="sidebar"' in body and "Forbidden" not in body


def test_500_and_400_and_csrf_pages_render_without_a_request():
    assert "系统出错" in render_to_string("500.html") and "您的数据未被修改" in render_to_string("500.html")
    assert "请求有误" in render_to_string("400.html")
    assert "页面已过期" in render_to_string("403_csrf.html")


def test_csrf_failure_is_the_chinese_page(world, client):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    r = c.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert r.status_code == 403 and "页面已过期" in r.content.decode()


def test_make_run_serves_without_debug():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=$${DEBUG:-false}" in run and "runserver" in run


def test_static_files_are_served_with_debug_off(client, settings):
    assert settings.DEBUG is False
    r = client.get("/static/css/app.css")
    assert r.status_code == 200 and b".error-page" in b"".join(r.streaming_content)
