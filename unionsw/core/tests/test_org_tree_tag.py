"""The org tree beside the registry lists, rendered by the `org_tree` tag (issue 13: it replaced a recursive
include that took ~4 ms of a province's list page)."""

from django.template import Context, Template
from django.test import RequestFactory

from unionsw.orgs.models import Org


def _render(query: str, current=None) -> str:
    county = Org(id=3, name="市南区<script>总工会", is_active=True)
    street = Org(id=4, name="八大关街道工会", is_active=False)
    tree = [{"org": county, "children": [{"org": street, "children": []}], "open": True}]
    request = RequestFactory().get("/workers/" + query)
    template = Template("{% org_tree tree current_org %}")  # no context processors: no database
    return template.render(Context({"tree": tree, "current_org": current, "request": request}))


def test_links_keep_the_other_filters_and_drop_the_page():
    html = _render("?status=active&page=7&org=9&q=%E7%8E%8B")
    assert 'href="?status=active&amp;q=%E7%8E%8B&amp;org=4"' in html
    assert "page=" not in html and "org=9" not in html


def test_names_are_escaped_and_the_current_org_marked():
    html = _render("", current=4)
    assert "<script>" not in html and "市南区&lt;script&gt;总工会" in html
    assert '<a href="?org=4" class="current">八大关街道工会</a> <span class="tag muted">已停用</span>' in html
    assert "<details open><summary><a href=\"?org=3\">" in html


def test_a_query_string_cannot_break_out_of_the_attribute():
    html = _render('?x="><script>alert(1)</script>')
    assert "<script>" not in html and '"><' not in html.replace('"><script', "")


def test_select_options_escapes_and_marks_the_selected_value():
    template = Template("{% select_options options selected %}")
    html = template.render(Context({"options": [(3, "市南区<b>"), (4, "　八大关\"街道")], "selected": 4}))
    assert html == '<option value="3">市南区&lt;b&gt;</option><option value="4" selected>　八大关&quot;街道</option>'
    assert Template("{% select_options options %}").render(Context({"options": []})) == ""
