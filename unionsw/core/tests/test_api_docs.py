"""The API documentation works offline: the docs page loads nothing from outside the platform."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_and_everything_it_loads_come_from_the_platform(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    page = r.content.decode()
    assert "cdn" not in page.lower() and "//" not in page.replace("<!DOCTYPE html>", "")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert len(assets) == 3
    for url in assets:
        assert url.startswith("/api/v1/docs/")
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset["Content-Type"] in ("text/css", "text/javascript")
        assert len(b"".join(asset.streaming_content)) > 1000


def test_the_openapi_document_is_served_and_in_chinese(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["info"]["title"] == "工会社工管理平台 API"
    assert "/api/v1/workers" in doc["paths"] and "/api/v1/orgs" in doc["paths"]
    assert doc["paths"]["/api/v1/workers/{id}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]["required"] == [
        "version",
        "reason",
    ]


def test_an_unknown_api_path_is_a_json_404(client):
    for url in ("/api/v1/nothing", "/api/v1/workers/1/unknown", "/api/v1/workers/"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.json() == {"detail": "接口不存在，请查看 /api/v1/docs"}


def test_a_wrong_method_is_a_json_405_that_names_the_allowed_ones(client):
    r = client.delete("/api/v1/workers")
    assert r.status_code == 405
    assert r.json()["detail"].startswith("不支持该请求方法")
    assert "GET" in r["Allow"] and "POST" in r["Allow"]
    assert client.get("/api/v1/auth/token").status_code == 405
