from django.core.management.base import BaseCommand, CommandError

from unionsw.core.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and report the first broken row."

    def handle(self, *args, **options):
        ok, checked, message = verify_chain()
        if not ok:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))
