"""`manage.py backup <file>`: one consistent zip of all application data and media files.

The zip holds `manifest.json` (format, time, row counts, the audit chain's head), `data.jsonl`
(one Django-serialised row per line, streamed both ways, of every model except what is rebuilt or transient: content types and
permissions come from `migrate`; sessions, API tokens and lockout counters are not carried over, so
everyone logs in again after a restore) and `media/...` (uploaded documents). All rows are read in
one transaction (REPEATABLE READ on PostgreSQL), so the dump is a single point in time.

The file contains password hashes, TOTP keys and encrypted personal data: store it like the
database itself. Restoring needs the same FIELD_ENCRYPTION_KEY to read the encrypted fields.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from unionsw.core.audit import audit
from unionsw.core.models import AuditChainHead

FORMAT = "unionsw-backup/1"
EXCLUDED = frozenset(
    {
        "contenttypes.contenttype",  # rebuilt by migrate
        "auth.permission",  # rebuilt by migrate
        "sessions.session",  # transient: everyone logs in again
        "accounts.apitoken",  # credentials: not carried into another database
        "axes.accessattempt",  # lockout counters
        "axes.accessattemptexpiration",
        "axes.accesslog",
        "axes.accessfailurelog",
    }
)


def backup_models() -> list:
    """Every concrete model holding application data, in an order that loads cleanly."""
    by_app: dict = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.label_lower in EXCLUDED or meta.proxy or not meta.managed:
            continue
        by_app.setdefault(meta.app_config, []).append(model)
    return serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)


class ExactEncoder(DjangoJSONEncoder):
    """Full microseconds: DjangoJSONEncoder keeps milliseconds only, which would change the audit
    events' timestamps and so break their hash chain."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _rows(models):
    """Serialised rows, one dict per object, a chunk at a time."""
    for model in models:
        qs = model._default_manager.order_by(model._meta.pk.name)
        chunk = []
        for obj in qs.iterator(chunk_size=2000):
            chunk.append(obj)
            if len(chunk) == 2000:
                yield from serializers.serialize("python", chunk, use_natural_foreign_keys=True)
                chunk = []
        if chunk:
            yield from serializers.serialize("python", chunk, use_natural_foreign_keys=True)


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def write_backup(path: Path, *, actor_name: str = "manage.py backup") -> dict:
    models = backup_models()
    outermost = not connection.in_atomic_block  # inside a caller's transaction the snapshot is theirs
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # audited first, inside the snapshot, so the backup carries the record of its own making
        audit(by=None, actor_name=actor_name, action="system.backup", detail={"file": path.name})
        counts = {m._meta.label: m._default_manager.count() for m in models}
        head = AuditChainHead.objects.filter(pk=1).first()
        files = media_files()
        root = Path(settings.MEDIA_ROOT)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            with zf.open("data.jsonl", "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8")
                for row in _rows(models):
                    text.write(json.dumps(row, cls=ExactEncoder, ensure_ascii=False) + "\n")
                text.flush()
                text.detach()
            for file in files:
                zf.write(file, "media/" + file.relative_to(root).as_posix())
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "django": django.get_version(),
                "database": connection.vendor,
                "counts": counts,
                "audit": {"rows": counts.get("core.AuditEvent", 0), "last_hash": head.last_hash if head else ""},
                "media": len(files),
            }
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


class Command(BaseCommand):
    help = "Back up all application data and media files into one zip file (restore with `manage.py restore`)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the zip file to write, e.g. backup-2026-11-23.zip")
        parser.add_argument("--force", action="store_true", help="overwrite the file if it exists")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if path.exists() and not options["force"]:
            raise CommandError(f"文件 {path} 已存在；如需覆盖请加 --force")
        if not path.parent.is_dir():
            raise CommandError(f"目录 {path.parent} 不存在")
        manifest = write_backup(path)
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"已备份 {rows} 条记录、{manifest['media']} 个文件到 {path}"))
