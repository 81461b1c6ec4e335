"""Excel import of the org tree: all-or-nothing, through `services.org_create`.

A row's 上级组织 is an org the user can see (by name, or 上级名称/名称 when names repeat) or an org
created by an earlier row of the same file, so a county can load its townships and their industry
federations in one file, parents first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from unionsw.core import excel
from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed
from unionsw.core.excel import Column, ImportResult, RowError
from unionsw.core.scope import visible_orgs

from .models import Org, OrgKind, OrgLevel, PolicyProfile
from .services import _check_level, _validate_fields, org_create

# The template (headers, which are also the parsing keys, help, notes, example) is an official document and the
# row errors below are stored in the import job and written to its error file: all stay Chinese (issue 12).
SHEET_TITLE = "组织信息"
LEVELS = {label: value for value, label in OrgLevel.choices}
KINDS = {label: value for value, label in OrgKind.choices}

COLUMNS = [
    Column("名称", "name", required=True, parse=excel.text_max(100), width=30),
    Column(
        "上级组织",
        "parent",
        required=True,
        parse=excel.text,
        width=30,
        help="您管理范围内已有的组织，或本文件中排在前面的行；重名时写成“上级名称/名称”",
    ),
    Column(
        "层级",
        "level",
        required=True,
        parse=excel.choice(LEVELS),
        choices=[label for value, label in OrgLevel.choices if value != OrgLevel.NATIONAL],
        width=16,
        help="须低于上级组织的层级",
    ),
    Column(
        "类型",
        "kind",
        parse=excel.choice(KINDS),
        choices=OrgKind.labels,
        default=OrgKind.FEDERATION,
        width=20,
        help="留空为总工会；开发区、行业工会联合会按实际选择",
    ),
    Column(
        "行政区划代码",
        "region_code",
        parse=excel.text,
        text=True,
        default="",
        width=14,
        help="GB/T 2260，6、9或12位数字，没有则留空",
    ),
    Column("所辖单独工会组织数", "union_count", parse=excel.parse_count, default=0, width=20, help="不小于0的整数，留空为0"),
    Column("职工人数", "member_count", parse=excel.parse_count, default=0, width=12, help="不小于0的整数，留空为0"),
    Column(
        "适用政策",
        "policy_profile",
        parse=excel.text,
        default="",
        width=16,
        help="只在省级组织填写：政策配置的代码或名称（如 hebei、河北省）；下级组织留空（继承）",
        may_be_absent=True,
    ),
]

NOTES = [
    "1. 在第一个工作表“组织信息”中逐行填写，一行一个组织；不要修改、删除表头。",
    "2. 上级组织须是您管理范围内已有的组织，或本文件中排在前面的行（先填上级，再填下级）。",
    "3. 导入是“全部或全不”：只要有一行有错，整个文件都不导入，系统给出错误明细（行号、列、原因）。",
    "4. 所辖单独工会组织数、职工人数用于测算社工配备标准，请如实填写。",
]


def org_template() -> bytes:
    example = {
        "name": "解放路街道工会",
        "parent": "历下区总工会",
        "level": "乡镇（街道）级",
        "kind": "街道工会",
        "region_code": "",
        "union_count": 120,
        "member_count": 3000,
    }
    return excel.build_template(COLUMNS, SHEET_TITLE, NOTES, example=example)


@dataclass
class _Pending:
    """A row that will become an org; `parent` is an Org or the row number of an earlier row."""

    row: int
    name: str
    level: int
    parent: Org | int
    data: dict


def import_org_rows(*, by, rows, filename: str = "", progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    if not by.can("org.manage"):
        raise NotAllowed(gettext("您没有维护组织的权限"))
    existing = list(visible_orgs(by).filter(is_active=True).select_related("parent"))
    known: dict[str, list[Org | _Pending]] = {}

    def remember(key: str, item) -> None:
        known.setdefault(key, []).append(item)

    for org in existing:
        remember(org.name, org)
        if org.parent_id:
            remember(f"{org.parent.name}/{org.name}", org)
    siblings = {(o.parent_id, o.name) for o in existing}
    profiles: dict[str, PolicyProfile] = {}
    for p in PolicyProfile.objects.order_by("code", "-effective_from"):  # newest version of each code
        profiles.setdefault(p.code.lower(), p)
        profiles.setdefault(p.name, p)
    file_names = {raw.get("name"): row for row, raw in rows if raw.get("name")}

    def validate(row: int, values: dict) -> _Pending:
        errors: dict[str, list[str]] = {}
        parent = None
        key = (values["parent"] or "").replace("／", "/").strip()
        found = known.get(key, []) if key else []
        if key and not found:
            later = file_names.get(key)
            if later and later > row:
                errors["parent"] = [f"上级组织“{key}”在第 {later} 行，须排在本行之前"]
            else:
                errors["parent"] = [f"上级组织“{key}”不存在、已停用或不在您的管理范围内"]
        elif len(found) > 1:
            errors["parent"] = [f"有多个名为“{key}”的组织，请写成“上级名称/{key}”"]
        elif found:
            parent = found[0]
        parent_id = None if parent is None else parent.pk if isinstance(parent, Org) else f"row{parent.row}"
        if parent is not None and values["name"] and (parent_id, values["name"]) in siblings:
            errors["name"] = [f"“{key}”下已有名为“{values['name']}”的组织"]
        data = {k: values[k] for k in ("name", "kind", "region_code", "union_count", "member_count")}
        profile_text = (values.get("policy_profile") or "").strip()
        if profile_text:
            profile = profiles.get(profile_text) or profiles.get(profile_text.lower())
            if profile is None:
                errors["policy_profile"] = [f"没有名为“{profile_text}”的政策配置"]
            elif values["level"] != OrgLevel.PROVINCE:
                errors["policy_profile"] = ["适用政策只在省级组织填写，下级组织继承"]
            else:
                data["policy_profile"] = profile
        elif values["level"] == OrgLevel.PROVINCE:
            errors["policy_profile"] = ["省级组织须填写适用政策"]
        checks = [lambda: _validate_fields({k: v for k, v in data.items() if v is not None and k != "policy_profile"})]
        if parent is not None and values["level"] is not None:
            checks.append(lambda: _check_level(values["level"], Org(level=parent.level)))
        for check in checks:
            try:
                check()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.setdefault(field, messages)
        if errors:
            raise ValidationError(errors)
        pending = _Pending(
            row=row,
            name=values["name"],
            level=values["level"],
            parent=parent if isinstance(parent, Org) else parent.row,
            data=data,
        )
        siblings.add((parent_id, values["name"]))
        remember(values["name"], pending)
        remember(f"{parent.name}/{values['name']}", pending)
        return pending

    created: dict[int, Org] = {}

    def write(row: int, pending: _Pending) -> None:
        parent = pending.parent if isinstance(pending.parent, Org) else created[pending.parent]
        created[row] = org_create(by=by, parent=parent, level=pending.level, data=pending.data)

    detail = {"file": filename, "rows": len(rows)}

    def finish(result: ImportResult) -> None:  # inside the write transaction
        audit(by=by, action="org.import", detail=detail | {"created": result.created})

    result = excel.run_import(rows=rows, columns=COLUMNS, validate=validate, write=write, progress=progress, finish=finish)
    if result.errors:
        audit(by=by, action="org.import", result="failed", detail=detail | {"errors": len(result.errors)})
    return result


def read_org_rows(fileobj):
    return excel.read_rows(fileobj, COLUMNS)


def import_orgs(*, by, fileobj, filename: str | None = None, progress=None) -> ImportResult:
    """All-or-nothing import of one file: errors → nothing written (an unreadable file is one error on row 0)."""
    if not by.can("org.manage"):
        raise NotAllowed(gettext("您没有维护组织的权限"))
    filename = filename if filename is not None else getattr(fileobj, "name", "") or ""
    try:
        rows = read_org_rows(fileobj)
    except excel.ExcelFormatError as exc:
        audit(by=by, action="org.import", result="failed", detail={"file": filename, "reason": exc.messages[0]})
        return ImportResult(created=0, errors=[RowError(0, "", exc.messages[0])])
    return import_org_rows(by=by, rows=rows, filename=filename, progress=progress)
