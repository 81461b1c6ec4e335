"""Issue 11, "should fix" items done: 三员分立 password resets, and a re-import of our own export."""

from __future__ import annotations

import io

import pytest

from conftest import make_user
from unionsw.core import excel
from unionsw.core.errors import NotAllowed

pytestmark = pytest.mark.django_db


def test_the_system_admin_cannot_reset_the_security_admins_or_the_auditors_password(admins):
    from unionsw.accounts.services import password_change

    for target in (admins.secadmin, admins.auditor):
        with pytest.raises(NotAllowed, match="三员分立"):
            password_change(by=admins.sysadmin, user=target, new_password="Another#2026x")
    second = make_user("secadmin2", admins.province, [admins.roles["secadmin"]])
    password_change(by=second, user=admins.secadmin, new_password="Another#2026x")  # a second security admin
    password_change(by=admins.secadmin, user=admins.auditor, new_password="Another#2026y")
    password_change(by=admins.sysadmin, user=admins.county_a_admin, new_password="Another#2026z")  # ordinary: as before


def test_a_reimport_of_our_own_export_stores_the_original_text():
    exported = excel.export_xlsx(["姓名", "备注"], [["张三", "=1+1"], ["李四", "@home"]])
    rows = excel.read_rows(io.BytesIO(exported), [excel.Column("姓名", "name"), excel.Column("备注", "note")])
    assert [r[1]["note"] for r in rows] == ["=1+1", "@home"]
