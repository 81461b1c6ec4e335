"""Daily (cron / Celery beat): queue the to-do email of every subscribed user."""

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "发送每日待办邮件摘要（每个订阅用户一个任务）"

    def handle(self, *args, **options):
        from unionsw.stats.jobs import enqueue_daily

        n = enqueue_daily(timezone.localdate())
        self.stdout.write(f"已为 {n} 位用户排入待办邮件任务")
