"""The English interface, Python side (issue 12, SPEC §14): a refusal, validation error or flash message that the
code hands to a page or to the API is marked for translation — a Chinese literal or f-string passed straight to one
of those calls fails here. The templates' side is test_i18n.py; the catalogue test there makes every marked msgid
translated."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# calls whose message reaches a user: exceptions the views and the API turn into a page message or a JSON detail,
# form errors and Django's messages framework
CALLS = {
    "ValidationError", "NotAllowed", "OutOfScope", "PermissionDenied", "Refused", "Conflict", "StaleVersion",
    "HttpError", "ServiceError", "ExcelFormatError", "CellError", "add_error", "success", "error", "info", "warning",
    "create_response",
}  # fmt: skip
# what stays Chinese on purpose (docs/decisions.md): tests, migrations, demo data and command-line output
SKIPPED_PARTS = {"tests", "browser_tests", "migrations", "management"}
SKIPPED_NAMES = {"demo.py"}


def _has_chinese_literal(node) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(CHINESE.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_chinese_literal(v) for v in node.values)
    if isinstance(node, ast.BinOp):  # "…" % x, "…" + x
        return _has_chinese_literal(node.left) or _has_chinese_literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _has_chinese_literal(node.func.value)
    if isinstance(node, ast.IfExp):
        return _has_chinese_literal(node.body) or _has_chinese_literal(node.orelse)
    if isinstance(node, ast.Dict):  # the API's {"detail": "…"}
        return any(v is not None and _has_chinese_literal(v) for v in node.values)
    return False


def unmarked_messages(source: str) -> list[tuple[int, str]]:
    """(line, call) for each user-facing call given a Chinese literal that no gettext wraps."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in CALLS and any(_has_chinese_literal(a) for a in [*node.args, *(k.value for k in node.keywords)]):
                found.append((node.lineno, name))
    return found


def test_the_checker_finds_unmarked_messages_and_passes_marked_ones():
    assert unmarked_messages('raise ValidationError("岗位已满")') == [(1, "ValidationError")]
    assert unmarked_messages('messages.success(request, f"已保存{n}条")') == [(1, "success")]
    assert unmarked_messages('raise Refused("缺少" + x)') and unmarked_messages('form.add_error(None, "无效")')
    assert unmarked_messages('raise Conflict("%s已变更" % x if a else "无")')
    assert unmarked_messages('api.create_response(request, {"detail": "接口不存在"}, status=404)')
    marked = (
        'raise ValidationError(_("岗位已满"))\n'
        'messages.success(request, gettext("已保存%(n)s条") % {"n": n})\n'
        'raise Refused(gettext_lazy("缺少"))\n'
        'raise ValidationError("no Chinese here")\n'
    )
    assert unmarked_messages(marked) == []


def test_every_message_handed_to_a_user_is_marked_for_translation():
    files = [
        p for p in sorted([*ROOT.rglob("*.py"), *(ROOT.parent / "config").rglob("*.py")])
        if not SKIPPED_PARTS & set(p.relative_to(ROOT.parent).parts) and p.name not in SKIPPED_NAMES
    ]  # fmt: skip
    assert len(files) > 100
    bad = [f"{p.relative_to(ROOT.parent)}:{line}: {call}" for p in files for line, call in unmarked_messages(p.read_text())]
    assert not bad, "a Chinese message reaches the user without gettext:\n" + "\n".join(bad)


def test_the_api_answers_in_the_chosen_language(client):
    """config/api.py's own answers (unknown operation, wrong method, bad token) follow the language cookie."""
    assert client.get("/api/v1/no-such-thing").json()["detail"] == "接口不存在，请查看 /api/v1/docs"
    client.cookies["django_language"] = "en"
    assert client.get("/api/v1/no-such-thing").json()["detail"] == "No such API operation; see /api/v1/docs"
