"""Daily (cron / Celery beat, like send_todo_digests): make the promotions approved for a later date effective
on their day (careers.services.apply_due_promotions)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "使到期的“已批准、待生效”晋升生效（每日运行）"

    def handle(self, *args, **options):
        from unionsw.careers.services import apply_due_promotions

        done = apply_due_promotions()
        self.stdout.write(f"已生效 {done['effective']} 人，到期未生效 {done['lapsed']} 人")
