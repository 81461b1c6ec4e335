"""`manage.py setup`: first install of a real (non-demo) system. Idempotent; never loads the demo.

Steps: migrate; the built-in roles and their permissions; the shipped policy profiles; the root org(s)
— an optional national federation (中华全国总工会) with provinces under it, or provinces as roots —
each province with its policy profile; the first system admin and security admin (三员 need TOTP),
who must change the initial password and enrol TOTP at their first login.

Non-interactive (automation) from flags or the environment:

    manage.py setup --no-input --national 中华全国总工会 \
        --province 河北省总工会:hebei:130000 --province 山东省总工会:shandong:370000 \
        --sysadmin sysadmin --secadmin secadmin        # passwords: SETUP_SYSADMIN_PASSWORD / SETUP_SECADMIN_PASSWORD

    SETUP_NATIONAL, SETUP_PROVINCES ("名称:代码:区划;名称:代码:区划"), SETUP_SYSADMIN, SETUP_SECADMIN,
    SETUP_ADMIN_ORG, SETUP_SYSADMIN_PASSWORD, SETUP_SECADMIN_PASSWORD

A password not given is generated and printed once. Running it again changes nothing that exists:
an existing org keeps its place (a changed profile for a root province is applied — setup is the
level above a root), an existing account keeps its password and roles.
"""

from __future__ import annotations

import getpass
import os
import secrets
import string
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

SHIPPED_HINT = "shandong（山东）、jiangsu（江苏）、hebei（河北）、beijing（北京）"


def parse_province(text: str) -> tuple[str, str, str]:
    """ "名称:政策代码[:区划代码]" → (name, profile code, region code)."""
    parts = [p.strip() for p in text.replace("：", ":").split(":")]
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        raise CommandError(f"省份应写成“名称:政策代码[:行政区划代码]”，例如 河北省总工会:hebei:130000，而不是 {text!r}")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def generated_password() -> str:
    """16 characters with every class the complexity validator asks for."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(14))
        candidate = body + secrets.choice("@#%&*!") + secrets.choice(string.digits)
        if any(c.islower() for c in candidate) and any(c.isupper() for c in candidate):
            return candidate


class Command(BaseCommand):
    help = "首次安装：迁移数据库、内置角色、政策配置、根组织（可选全国级）及首个系统管理员和安全管理员。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="不提问（自动化部署）")
        parser.add_argument("--national", default=os.environ.get("SETUP_NATIONAL", ""), help="全国级组织名称（可选）")
        parser.add_argument(
            "--province",
            action="append",
            default=None,
            help="省级组织：名称:政策代码[:区划代码]，可重复",
        )
        parser.add_argument("--sysadmin", default=os.environ.get("SETUP_SYSADMIN", ""), help="系统管理员账号")
        parser.add_argument("--secadmin", default=os.environ.get("SETUP_SECADMIN", ""), help="安全管理员账号")
        parser.add_argument(
            "--admin-org", default=os.environ.get("SETUP_ADMIN_ORG", ""), help="管理员所属组织（默认：全国级，或唯一的省）"
        )
        parser.add_argument("--skip-migrate", action="store_true", help="不运行 migrate（已迁移时）")

    # ------------------------------------------------------------------------------------------
    def handle(self, *args, **options):
        interactive = options["interactive"] and sys.stdin.isatty()
        if not options["skip_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("✓ 数据库迁移完成")

        from unionsw.accounts.roles import ensure_builtin_roles
        from unionsw.orgs.models import Org
        from unionsw.orgs.policy_loader import load_policy_profiles

        roles = ensure_builtin_roles()
        self.stdout.write(f"✓ 内置角色 {len(roles)} 个（含权限）")
        self.stdout.write(f"✓ 政策配置 {load_policy_profiles()} 套")

        national = options["national"].strip()
        provinces_text = options["province"]
        if provinces_text is None:
            env = os.environ.get("SETUP_PROVINCES", "")
            provinces_text = [p for p in env.split(";") if p.strip()]
        provinces = [parse_province(p) for p in provinces_text]
        sysadmin, secadmin = options["sysadmin"].strip(), options["secadmin"].strip()

        already = Org.objects.filter(parent__isnull=True, is_demo=False).exists()
        if interactive and not (national or provinces) and not already:
            national, provinces = self._ask_orgs()
        if interactive and not already and not sysadmin:
            sysadmin = self._ask("系统管理员账号", "sysadmin")
            secadmin = self._ask("安全管理员账号", "secadmin")
        if Org.objects.filter(is_demo=True).exists():
            self.stdout.write(self.style.WARNING("注意：数据库中有示例数据（示例省份）。正式部署请使用新的空数据库。"))
        if not (national or provinces) and not already:
            raise CommandError("请至少给出一个省级组织（--province 名称:政策代码[:区划代码]，或环境变量 SETUP_PROVINCES）")

        with transaction.atomic():
            roots = self._orgs(national, provinces)
            for username, role_code, label, env in (
                (sysadmin, "sysadmin", "系统管理员", "SETUP_SYSADMIN_PASSWORD"),
                (secadmin, "secadmin", "安全管理员", "SETUP_SECADMIN_PASSWORD"),
            ):
                if username:
                    org = self._admin_org(options["admin_org"], roots)
                    self._admin(username, roles[role_code], org, label, env, interactive)
        self.stdout.write(self.style.SUCCESS("初始化完成。管理员首次登录须修改初始密码并绑定动态口令（TOTP）。"))

    # ------------------------------------------------------------------------------------------
    def _ask(self, prompt: str, default: str = "") -> str:
        answer = input(f"{prompt}{f'（默认 {default}）' if default else ''}：").strip()
        return answer or default

    def _ask_orgs(self) -> tuple[str, list[tuple[str, str, str]]]:
        national = ""
        if self._ask("是否设全国级（中华全国总工会）？y/N", "N").lower().startswith("y"):
            national = self._ask("全国级组织名称", "中华全国总工会")
        provinces = []
        self.stdout.write(f"可用的政策配置：{SHIPPED_HINT}")
        while True:
            name = self._ask("省级组织名称（直接回车结束）" if provinces else "省级组织名称", "" if provinces else "")
            if not name:
                if provinces:
                    break
                continue
            code = self._ask("适用政策代码")
            region = self._ask("行政区划代码（6位，可留空）")
            provinces.append((name, code, region))
            if not national:
                break  # without a national level a deployment has one root province per admin org
        return national, provinces

    def _orgs(self, national: str, provinces: list[tuple[str, str, str]]) -> list:
        from unionsw.orgs.models import Org, OrgLevel, PolicyProfile
        from unionsw.orgs.services import org_create, org_set_profile

        parent = None
        roots = list(Org.objects.filter(parent__isnull=True, is_demo=False).order_by("pk"))
        if national:
            parent = Org.objects.filter(parent__isnull=True, level=OrgLevel.NATIONAL, name=national).first()
            if parent is None:
                if any(r.level == OrgLevel.PROVINCE for r in roots):
                    names = "、".join(r.name for r in roots)
                    raise CommandError(f"已有省级根组织（{names}），不能再在其上增设全国级：请在新的数据库上初始化")
                parent = org_create(by=None, parent=None, level=OrgLevel.NATIONAL, skip_scope=True, data={"name": national})
                self.stdout.write(f"✓ 新建全国级组织：{national}")
                roots = [parent]
            else:
                self.stdout.write(f"· 全国级组织已存在：{national}")
        elif any(r.level == OrgLevel.NATIONAL for r in roots):
            parent = next(r for r in roots if r.level == OrgLevel.NATIONAL)  # a later run that names only provinces
        for name, code, region in provinces:
            profile = PolicyProfile.objects.filter(code=code).order_by("-effective_from").first()
            if profile is None:
                raise CommandError(f"没有代码为“{code}”的政策配置（可用：{SHIPPED_HINT}）")
            existing = Org.objects.filter(parent=parent, name=name).first()
            if existing is None:
                try:
                    org = org_create(
                        by=None,
                        parent=parent,
                        level=OrgLevel.PROVINCE,
                        skip_scope=True,
                        data={"name": name, "region_code": region, "policy_profile": profile},
                    )
                except ValidationError as exc:
                    raise CommandError(f"{name}：{'；'.join(exc.messages)}") from None
                self.stdout.write(f"✓ 新建省级组织：{name}（适用政策：{profile.name}）")
                if parent is None:
                    roots.append(org)
            elif existing.policy_profile_id and existing.policy_profile.code == code:
                self.stdout.write(f"· 省级组织已存在：{name}（适用政策：{existing.policy_profile.name}）")
            else:
                org_set_profile(by=None, org=existing, profile=profile)
                self.stdout.write(f"✓ {name} 的适用政策改为：{profile.name}")
        return [r for r in Org.objects.filter(parent__isnull=True, is_demo=False).order_by("pk")]

    def _admin_org(self, name: str, roots: list):
        from unionsw.orgs.models import Org

        if name:
            org = Org.objects.filter(name=name, is_demo=False).first()
            if org is None:
                raise CommandError(f"管理员所属组织“{name}”不存在")
            return org
        if len(roots) == 1:
            return roots[0]
        names = "、".join(r.name for r in roots)
        raise CommandError(f"有多个根组织（{names}）：请用 --admin-org 指定管理员所属组织，或设全国级（--national）")

    def _admin(self, username: str, role, org, label: str, env: str, interactive: bool) -> None:
        from unionsw.accounts.models import User
        from unionsw.core.audit import audit

        user = User.objects.filter(username=username).first()
        if user is not None:
            if not user.roles.filter(pk=role.pk).exists():
                raise CommandError(f"账号 {username} 已存在但不是{label}：请换一个账号名")
            self.stdout.write(f"· {label} {username} 已存在（密码、角色不变）")
            return
        password = os.environ.get(env, "")
        shown = False
        if not password and interactive:
            password = getpass.getpass(f"{label} {username} 的初始密码（直接回车则自动生成）：")
        if not password:
            password, shown = generated_password(), True
        candidate = User(username=username, display_name=label, org=org)
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(f"{label}的初始密码不符合要求：{'；'.join(exc.messages)}") from None
        user = User.objects.create_user(username=username, password=password, org=org, display_name=label)
        user.must_change_password = True
        user.password_changed_at = None
        user.save(update_fields=["must_change_password", "password_changed_at"])
        user.roles.set([role])
        audit(
            by=None,
            action="setup.admin_create",
            target=user,
            actor_name="manage.py setup",
            detail={"role": role.code, "org": org.name},
        )
        line = f"✓ 新建{label}：{username}（{org.name}）"
        if shown:
            line += f"  初始密码：{password}  （只显示这一次）"
        self.stdout.write(line)
