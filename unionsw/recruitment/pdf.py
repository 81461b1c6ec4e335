"""Admission tickets (准考证) as ONE printable PDF, two per A4 page, with Chinese text (reportlab's CID
font STSong-Light, no font file) and the applicant's photo. Built as a queued job (recruitment/jobs.py);
progress is kept in the cache (and the Job row) so the page can show a progress bar."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache

RUN_IN_THREAD = True
FONT = "STSong-Light"


def _path(rnd) -> Path:
    return Path(settings.MEDIA_ROOT) / "recruitment" / "tickets" / f"round-{rnd.pk}.pdf"


def _key(rnd) -> str:
    return f"recruitment:tickets:{rnd.pk}"


def tickets_ready(rnd) -> Path | None:
    path = _path(rnd)
    return path if path.exists() and not (cache.get(_key(rnd)) or {}).get("running") else None


def tickets_progress(rnd) -> dict:
    return cache.get(_key(rnd)) or {"done": 0, "total": 0, "running": False}


def tickets_start(rnd, *, by) -> None:
    from unionsw.core.audit import audit

    from .models import RoundStatus

    if not rnd.reached(RoundStatus.WRITTEN):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        raise ValidationError(gettext("编排考场后才能生成准考证"))
    if tickets_progress(rnd).get("running"):
        return
    audit(by=by, action="recruitment.tickets", target=rnd)
    cache.set(_key(rnd), {"done": 0, "total": 0, "running": True}, 3600)
    # a queued job (core/jobs.py, "recruitment.tickets" in recruitment/jobs.py): a worker builds the PDF,
    # this page polls the progress; RUN_IN_THREAD=False (tests) builds it in the request
    from unionsw.core.jobs import job_enqueue

    from . import jobs as _recruitment_jobs  # noqa: F401 — registers the job

    job_enqueue(
        by=by,
        task="recruitment.tickets",
        args={"round_id": rnd.pk},
        kind="recruitment_tickets",
        label=f"生成准考证：{rnd.title}"[:100],  # stored with the job: Chinese, like the tickets themselves
        total=rnd.applications.exclude(ticket_no="").count(),
        background=RUN_IN_THREAD,
    )


def _register_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def render_tickets(rnd, out: Path, *, progress=None, applications=None) -> int:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from .models import Upload, UploadKind

    _register_font()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part")
    if applications is None:
        applications = list(
            rnd.applications.exclude(ticket_no="").select_related("applicant", "post", "post__unit", "room").order_by("ticket_no")
        )
    photos = {u.application_id: u.file.path for u in Upload.objects.filter(application__round=rnd, kind=UploadKind.PHOTO)}
    images: dict[str, ImageReader] = {}
    total = len(applications)
    c = canvas.Canvas(str(tmp), pagesize=A4)
    c.setTitle(f"准考证 {rnd.title}")
    width, height = A4
    half = height / 2
    for n, app in enumerate(applications):
        top = height - (n % 2) * half
        x0, y = 20 * mm, top - 22 * mm
        c.setFont(FONT, 18)
        c.drawCentredString(width / 2, y, "准 考 证")
        c.setFont(FONT, 10)
        c.drawCentredString(width / 2, y - 7 * mm, rnd.title[:48])
        rows = [
            ("准考证号", app.ticket_no),
            ("姓    名", app.name),
            ("身份证号", app.applicant.id_number_masked),
            ("报考岗位", f"{app.post.code} {app.post.kind}（{app.post.unit.name}）"),
            ("笔试时间", f"{rnd.exam_date:%Y年%m月%d日}"),
            ("考    场", f"{app.room.name if app.room else ''}  {app.room.address if app.room else ''}"),
            ("座    号", str(app.seat or "")),
        ]
        c.setFont(FONT, 12)
        ty = y - 20 * mm
        for label, value in rows:
            c.drawString(x0, ty, f"{label}：{value}")
            ty -= 9 * mm
        px, py, pw, ph = width - 55 * mm, y - 60 * mm, 30 * mm, 40 * mm
        c.rect(px, py, pw, ph)
        path = photos.get(app.pk)
        if path:
            try:
                img = images.get(path) or images.setdefault(path, ImageReader(path))
                c.drawImage(img, px, py, pw, ph, preserveAspectRatio=True, anchor="c")
            except Exception:
                c.setFont(FONT, 9)
                c.drawCentredString(px + pw / 2, py + ph / 2, "照片无法读取")
        else:
            c.setFont(FONT, 9)
            c.drawCentredString(px + pw / 2, py + ph / 2, "贴照片处")
        c.setFont(FONT, 9)
        c.drawString(x0, ty - 2 * mm, "考生须知：凭准考证和身份证原件入场；开考30分钟后不得入场；严禁携带通讯工具。")
        c.setDash(3, 3)
        if n % 2 == 0:
            c.line(10 * mm, half, width - 10 * mm, half)
        c.setDash()
        if n % 2 == 1 or n == total - 1:
            c.showPage()
        if progress and (n % 200 == 0 or n == total - 1):
            progress(n + 1, total)
    c.save()
    tmp.replace(out)
    return total
