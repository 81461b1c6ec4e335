"""Issue 11, finding 9 — 500s on bad input: negative or huge offset/limit on list APIs, a JSON body over
20 MB, and impossible dates (2026-02-30) in the admonition, certification and promotion forms.

The date test is a crawler: it opens every page (list pages and every object page registered for the
scope sweep) as an all-permission administrator and as a worker, finds every form with a date input,
and posts it with 2026-02-30 in each date field. No answer may be a 500, and a POST must say in Chinese
that the date is wrong. A new form with a date field is covered without being listed here."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import make_user
from unionsw.accounts.api import issue_token
from unionsw.core import parsing
from unionsw.core.tests.test_scope_sweep import ROUTES, sweep_world  # noqa: F401 — the fixture

BAD_DATE = "2026-02-30"
DATE_ERRORS = ("不存在", "有效的日期", "日期格式", "日期不正确")


class TestTheSharedParsers:
    def test_dates(self):
        assert parsing.parse_date("2026-03-01").isoformat() == "2026-03-01"
        assert parsing.parse_date("") is None
        for bad, message in (("2026-02-30", "不存在"), ("2026-13-01", "不存在"), ("abc", "格式"), ("0001-01-01", "年份")):
            with pytest.raises(Exception, match=message):
                parsing.parse_date(bad, field="on", label="日期")

    def test_offset_and_limit(self):
        assert parsing.offset_limit(None, None, max_limit=100) == (0, 100)
        for offset, limit in ((-1, 10), (0, 0), (0, 101), (10**12, 10), ("x", 1), (0, "1e9")):
            with pytest.raises(Exception):  # noqa: B017 — a ValidationError with a Chinese message
                parsing.offset_limit(offset, limit, max_limit=100)


@pytest.mark.django_db
def test_list_api_offset_and_limit_are_4xx(world, client):
    from unionsw.recruitment.tests.test_services import reviewed_round

    rnd, _ = reviewed_round(world, n=1)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.county_a_admin)}"}
    url = f"/api/v1/recruitment/rounds/{rnd.pk}/applications"
    assert client.get(url, **headers).status_code == 200
    for query in ("offset=-5", "limit=-1", "offset=99999999999999999999", "limit=10000000", "offset=1e99"):
        r = client.get(f"{url}?{query}", **headers)
        assert 400 <= r.status_code < 500, (query, r.status_code)
        assert re.search(r"[\u4e00-\u9fff]", r.content.decode()), query


@pytest.mark.django_db
def test_a_json_body_over_20_mb_is_413(world, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.county_a_admin)}"}
    body = b'{"x": "' + b"a" * (21 * 1024 * 1024) + b'"}'
    r = client.patch(f"/api/v1/workers/{world.worker_a.pk}", body, content_type="application/json", **headers)
    assert r.status_code == 413 and "过大" in r.json()["detail"]
    r = client.post("/accounts/login/", body, content_type="application/json")
    assert r.status_code == 413


# ------------------------------------------------------------------------------------------------
# every form with a date field


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": [], "dates": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "date":
                self._form["dates"].append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((a["name"], a.get("value") or "on"))
            elif kind == "file":
                pass
            elif kind not in ("submit", "button", "reset"):
                self._form["fields"].append((a["name"], a.get("value") or ("1" if kind == "number" else "测试")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in a:
                self._select["selected"] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"].append((a["name"], "测试内容"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            value = self._select["selected"] or self._select["first"]
            if value:
                self._form["fields"].append((self._select["name"], value))
            self._select = None


def _page_urls(sweep_world):  # noqa: F811
    def walk(resolver, namespace=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("api/"):
                    continue
                ns = p.namespace or ""
                yield from walk(p, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.converters and "<" not in str(p.pattern):
                yield reverse(f"{namespace}{p.name}")

    urls = set(walk(get_resolver()))
    for name, kwargs in ROUTES.items():
        if not name.startswith("api:"):
            try:
                urls.add(reverse(name, kwargs=kwargs(sweep_world)))
            except Exception:  # noqa: S112 — a route whose fixture object this world lacks
                continue
    return sorted(u for u in urls if not u.startswith(("/accounts/logout", "/portal/logout")))


@pytest.fixture
def everyone(world):
    from unionsw.accounts.models import DataScope, Role
    from unionsw.accounts.permissions import all_permissions

    role = Role.objects.create(
        code="all_but_three",
        name="全权限（省）",
        data_scope=DataScope.ORG_AND_BELOW,
        permissions=sorted(set(all_permissions()) - {"audit.view", "role.grant", "user.manage", "security.manage"}),
    )
    return make_user("everyone", world.province, [role])


@pytest.mark.django_db
def test_every_form_with_a_date_field_answers_an_impossible_date_in_chinese(sweep_world, everyone):  # noqa: F811
    tried: list[str] = []
    for user in (everyone, sweep_world.worker_a_user):
        client = Client()
        client.force_login(user)
        for url in _page_urls(sweep_world):
            page = client.get(url)
            if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(page.content.decode())
            for form in parser.forms:
                if not form["dates"]:
                    continue
                action = form["action"] or url
                data = dict(form["fields"]) | {name: BAD_DATE for name in form["dates"]}
                send = client.post if form["method"] == "post" else client.get
                r = send(action, data, follow=True)
                assert r.status_code < 500, (url, action, r.status_code)
                if r.status_code in (403, 404):
                    continue  # another guessed field (e.g. a worker who holds no post) was refused first
                tried.append(f"{form['method'].upper()} {action} {form['dates']}")
                if form["method"] == "post":
                    body = r.content.decode()
                    assert any(e in body for e in DATE_ERRORS), (url, action, form["dates"], body[:1500])
    joined = "\n".join(tried)
    for must in ("admonition", "certification", "promotions"):
        assert must in joined, f"no date form of {must} was reached:\n{joined}"
