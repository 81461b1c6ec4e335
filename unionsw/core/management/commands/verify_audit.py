from django.core.management.base import BaseCommand, CommandError

from unionsw.core.audit import verify_trail


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's keyed hash chain, compare it with the chain head (hash and count) and "
        "with the signed checkpoints published outside the database; report each kind of tampering."
    )

    def handle(self, *args, **options):
        report = verify_trail()
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"[{problem.kind}] {problem.message}")
            raise CommandError(report.message())
        self.stdout.write(self.style.SUCCESS(report.message()))
