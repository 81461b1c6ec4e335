from django.core.management.base import BaseCommand

from unionsw.core.audit import publish_checkpoint


class Command(BaseCommand):
    help = (
        "Publish a signed checkpoint of the audit chain's head (count, newest id and hash) to "
        "AUDIT_CHECKPOINT_FILE and the log, outside the database. Run it from cron, e.g. hourly."
    )

    def handle(self, *args, **options):
        entry = publish_checkpoint()
        self.stdout.write(self.style.SUCCESS(f"已发布审计链检查点：共 {entry['count']} 条，最新 ID {entry['id']}"))
