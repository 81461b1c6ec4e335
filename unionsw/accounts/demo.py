"""Demo accounts for 账号管理 / 角色授权 / 登录日志 (示例数据), made through the account services."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from unionsw.accounts import services
from unionsw.accounts.models import DataScope, LoginRecord, User

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/128.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.50",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) Chrome/109.0 Safari/537.36 QIHU 360SE",
]


def load(ctx) -> None:
    rng = ctx.rng
    sysadmin, secadmin = ctx.users["sysadmin"], ctx.users["secadmin"]
    password = settings.DEMO_PASSWORD

    clerk_role = services.role_create(
        by=secadmin,
        code="archive_clerk",
        name="档案管理员",
        data_scope=DataScope.ORG_AND_BELOW,
        permissions=["dashboard.view", "org.view", "worker.view", "worker.document"],
        description="县级总工会受托管理社工个人档案（示例）",
    )
    accounts = [
        ("lixia_archive", "历下区档案管理员", ctx.counties["历下区"], [clerk_role]),
        ("shinan_archive", "市南区档案管理员", ctx.counties["市南区"], [clerk_role]),
        ("jinan_staff", "济南市总工会干事", ctx.cities["济南市"], []),
    ]
    made: dict[str, User] = {}
    for username, name, org, roles in accounts:
        made[username] = services.user_create(by=sysadmin, username=username, display_name=name, org=org, password=password)
        if roles:
            services.user_set_roles(by=secadmin, user=made[username], roles=roles)
    services.user_set_active(by=sysadmin, user=made["jinan_staff"], active=False)

    # a lockout in progress (5 wrong passwords a few minutes ago) for the 安全管理员 to lift
    AccessAttempt.objects.create(
        username="shinan_archive",
        ip_address="10.37.2.41",
        user_agent=AGENTS[0],
        http_accept="text/html",
        path_info="/accounts/login/",
        get_data="",
        post_data="username=shinan_archive",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )

    # a month of login history (the login view writes these in real use)
    now = timezone.now()
    people = [
        ctx.users[k] for k in ("province", "city", "county", "county2", "township", "worker", "sysadmin", "secadmin", "auditor")
    ]
    rows = []
    for day in range(30, -1, -1):
        for user in rng.sample(people, k=rng.randint(3, 6)):
            at = now - timedelta(days=day, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
            ip = f"10.37.{rng.randint(1, 9)}.{rng.randint(2, 250)}"
            if rng.random() < 0.15:
                rows.append((at - timedelta(minutes=1), user.username, user, ip, False, "用户名或密码错误"))
            rows.append((at, user.username, user, ip, True, ""))
        if rng.random() < 0.2:
            rows.append(
                (
                    now - timedelta(days=day, hours=2),
                    rng.choice(["admin", "root", "test"]),
                    None,
                    "203.0.113.7",
                    False,
                    "用户名或密码错误",
                )
            )
    for i in range(5):
        rows.append(
            (now - timedelta(minutes=9 - i), "shinan_archive", made["shinan_archive"], "10.37.2.41", False, "用户名或密码错误")
        )
    created = LoginRecord.objects.bulk_create(
        LoginRecord(username=u, user=user, ip=ip, success=ok, reason=reason, user_agent=rng.choice(AGENTS))
        for _, u, user, ip, ok, reason in rows
    )
    for record, row in zip(created, rows, strict=True):
        record.at = row[0]  # auto_now_add ignores a value on create; bulk_update writes it as given
    LoginRecord.objects.bulk_update(created, ["at"], batch_size=500)
    for user in people:
        last = max((r[0] for r in rows if r[2] is user and r[4]), default=None)
        if last:
            User.objects.filter(pk=user.pk).update(last_login=last)
