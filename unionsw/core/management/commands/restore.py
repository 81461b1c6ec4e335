"""`manage.py restore <file>`: load a `manage.py backup` zip into an empty (freshly migrated) database.

All or nothing: the rows are loaded in one transaction, the row counts are compared with the
manifest and the audit hash chain is verified before commit; any mismatch rolls everything back.
Media files are written only after the data has committed.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from unionsw.core.audit import audit, publish_checkpoint, reset_checkpoints, verify_chain

from .backup import FORMAT, backup_models

# rows that only use of the database creates: with any of them present the database is not new
IN_USE = {"accounts.User", "core.AuditEvent"}


def _media_members(zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    members = []
    for info in zf.infolist():
        if not info.filename.startswith("media/") or info.is_dir():
            continue
        rel = PurePosixPath(info.filename[len("media/") :])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise CommandError(f"备份文件中含有不安全的路径：{info.filename}")
        members.append((info, rel))
    return members


def read_manifest(zf: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except KeyError:
        raise CommandError("这不是本系统的备份文件（缺少 manifest.json）") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"备份格式 {manifest.get('format')!r} 不受支持（应为 {FORMAT}）")
    return manifest


def restore_backup(path: Path, *, actor_name: str = "manage.py restore") -> dict:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CommandError(f"无法读取备份文件 {path}：{exc}") from None
    with zf:
        manifest = read_manifest(zf)
        media = _media_members(zf)
        models = backup_models()
        seeded = [m for m in models if m._default_manager.exists()]
        used = [m._meta.label for m in seeded if m._meta.label in IN_USE]
        if used:
            busy = "、".join(m._meta.label for m in seeded)
            raise CommandError("目标数据库不是空的，拒绝覆盖（已有数据：" + busy + "）。请先在新库上执行 migrate")
        with transaction.atomic():
            # a freshly migrated database holds the rows its data migrations seed (e.g. the default
            # post kinds); nobody has used it (no account, no audit event), so the backup's rows replace them
            with connection.cursor() as cur:
                for model in reversed(seeded):
                    cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            with connection.constraint_checks_disabled():
                deferred = []
                with zf.open("data.jsonl") as raw:
                    for line in raw:
                        if not line.strip():
                            continue
                        for obj in serializers.deserialize("python", [json.loads(line)], handle_forward_references=True):
                            obj.save()
                            if obj.deferred_fields:
                                deferred.append(obj)
                for obj in deferred:
                    obj.save_deferred_fields()
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            with connection.cursor() as cur:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cur.execute(sql)
            counts = {m._meta.label: m._default_manager.count() for m in models}
            expected = manifest.get("counts", {})
            wrong = {
                k: (expected.get(k, 0), counts.get(k, 0))
                for k in set(expected) | set(counts)
                if expected.get(k, 0) != counts.get(k, 0)
            }
            if wrong:
                detail = "；".join(f"{k} 应为 {a} 条，实为 {b} 条" for k, (a, b) in sorted(wrong.items()))
                raise CommandError("恢复后的记录数与备份不符，已全部撤销：" + detail)
            ok, checked, message = verify_chain(checkpoints=False)  # the checkpoints describe the replaced trail
            if not ok:
                raise CommandError("审计链校验失败，已全部撤销：" + message)
            audit(
                by=None,
                actor_name=actor_name,
                action="system.restore",
                detail={"file": path.name, "backup_created_at": manifest.get("created_at"), "audit_rows": checked},
            )
        # the restored trail replaces the old one: earlier checkpoints no longer apply
        reset_checkpoints(f"restore {path.name}")
        publish_checkpoint()
        root = Path(settings.MEDIA_ROOT)
        for info, rel in media:
            target = root.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
    return {"rows": sum(counts.values()), "media": len(media), "audit": message}


class Command(BaseCommand):
    help = "Restore a `manage.py backup` zip into an empty, migrated database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the zip file written by `manage.py backup`")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件 {path} 不存在")
        result = restore_backup(path)
        self.stdout.write(self.style.SUCCESS(f"已恢复 {result['rows']} 条记录、{result['media']} 个文件；{result['audit']}"))
