from django.core.management.base import BaseCommand

from unionsw.orgs.policy_loader import load_policy_profiles


class Command(BaseCommand):
    help = "Load or refresh the shipped policy profiles (山东、江苏、河北、北京)."

    def handle(self, *args, **options):
        self.stdout.write(f"已载入 {load_policy_profiles()} 套政策配置")
