"""Demo data for the work log, volunteer service and honours (示例数据), through the services: the `worker`
login's log entries (some confirmed by the `county` login — in Shandong the county runs daily management, seed 000 —
some waiting), a volunteer activity of 历下区
with participants, a self-logged hour waiting for confirmation, honours, and 济南市's excellent-worker
selection with a nomination by `county`."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unionsw.workers.models import Worker

from . import services

CATEGORIES = ["组建指导", "维权服务", "法律援助", "劳动争议调解", "困难帮扶", "职工培训", "文体活动", "职工频道"]


def _photo(width: int = 64, height: int = 48) -> SimpleUploadedFile:
    """A small real PNG (a red picture) written with zlib alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xc8\x28\x28" * width for _ in range(height))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return SimpleUploadedFile("photo.png", png, content_type="image/png")


def load(ctx) -> None:
    today = timezone.localdate()
    me = ctx.users.get("worker")
    worker = Worker.objects.filter(user=me).select_related("org").first() if me else None
    county, city = ctx.users["county"], ctx.users["city"]
    if worker is not None:
        entries = []
        for i in range(12):
            day = today - timedelta(days=3 * i + 1)
            if day.year != today.year:
                break
            entries.append(
                services.worklog_add(
                    by=me,
                    data={
                        "category": CATEGORIES[i % len(CATEGORIES)],
                        "day": day,
                        "place": worker.org.name,
                        "served": f"示例企业{i + 1}工会",
                        "beneficiaries": 10 + 7 * i,
                        "description": f"{CATEGORIES[i % len(CATEGORIES)]}（示例）：走访企业，了解职工诉求并协助解决。",
                    },
                    evidence=_photo() if i % 3 == 0 else None,
                )
            )
        if entries[3:]:
            services.worklog_review(by=county, entries=entries[3:], confirm=True)
        services.hours_log(by=me, data={"day": today - timedelta(days=2), "hours": "3", "note": "社区普法宣传（示例）"}, evidence=_photo())
    act = services.activity_create(
        by=county,
        org=ctx.counties["历下区"],
        data={"theme": "“工会在你身边”普法宣传（示例）", "day": today - timedelta(days=5), "place": "泉城广场", "organiser": "历下区工会社工志愿服务队"},
    )
    workers = list(Worker.objects.filter(org__path__startswith=ctx.counties["历下区"].path, status="active").order_by("pk")[:8])
    services.participants_set(by=county, activity=act, hours_by_worker={w.pk: "4" for w in workers})
    if workers:
        services.honour_add(
            by=county,
            worker=workers[0],
            data={"level": "county", "title": "优秀工会积极分子", "body": "历下区总工会（示例）", "awarded_on": today - timedelta(days=30)},
        )
    sel = services.selection_create(by=city, org=ctx.cities["济南市"], year=today.year, title="优秀工会社会工作专业人才（示例）")
    for w in workers[:2]:
        services.nominate(by=county, selection=sel, worker=w, reason="扎根基层，组建工会和维权服务成效突出（示例）")
    if len(workers) > 1:
        services.part_time_add(
            by=county,
            worker=workers[1],
            data={"title": "兼职讲师（示例）", "organisation": "区职工学校", "starts_on": today - timedelta(days=90)},
        )
