from django.conf import settings
from django.core.management.base import BaseCommand

from unionsw.demo.province import demo_logins, load_demo
from unionsw.orgs.models import Org
from unionsw.orgs.policy_loader import load_policy_profiles


class Command(BaseCommand):
    help = "Load the demo province if the database has no orgs, then print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=400)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the address the server answers on")

    def handle(self, *args, **options):
        load_policy_profiles()
        if not Org.objects.exists():
            self.stdout.write("正在载入示例省份（示例数据）……")
            load_demo(workers=options["workers"])
        rows = demo_logins()
        if not rows:
            self.stdout.write("数据库已有数据（非示例），不载入示例省份。")
            return
        self.stdout.write("")
        self.stdout.write("示例账号（仅供演示）  密码：" + settings.DEMO_PASSWORD)
        for username, role, org, secret in rows:
            line = f"  {username:<11} {role:<14} {org}"
            if secret:
                line += f"   TOTP 密钥：{secret}"
            self.stdout.write(line)
        self.stdout.write(f"  招聘报名门户 {options['base_url'].rstrip('/')}/portal/ 示例报名人：身份证号 370112199806019997，密码同上")
        self.stdout.write("")
