"""Queued jobs of the stats app (core/jobs.py): the daily email of a user's to-do list. Chinese: the job runs
outside any request, and its outcome messages are stored with the job."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage

from unionsw.core import jobs


def digest_text(user, items, day: date) -> str:
    lines = [
        f"{user.display_name or user.username}，您好：",
        "",
        f"截至{day.year}年{day.month}月{day.day}日，您有 {len(items)} 项待办：",
        "",
    ]
    for i, item in enumerate(items, start=1):
        due = f"（期限 {item.due:%Y-%m-%d}）" if item.due else ""
        lines.append(f"{i}. [{item.level_label}] {item.title}：{item.detail}{due}")
    lines += ["", "请登录工会社工管理平台“待办事项”页面办理。", "（本邮件由系统自动发送，如不需要可在待办页面取消订阅。）"]
    return "\n".join(lines)


@jobs.register("stats.todo_digest")
def todo_digest(*, by, progress, day: str) -> jobs.JobOutcome:
    """Send `by` their to-do list for `day` by SMTP (Django's EMAIL_* settings). Safe to re-run: a digest
    already sent for that day is not sent again; an empty list sends nothing."""
    from unionsw.core.parsing import parse_date

    from . import todo
    from .models import TodoDigest

    on = parse_date(day)
    sub = TodoDigest.objects.filter(user=by, enabled=True).first()
    if sub is None:
        return jobs.JobOutcome(status="done", message="未订阅待办邮件")
    if sub.last_sent_on == on:
        return jobs.JobOutcome(status="done", message="今日已发送")
    items = todo.collect(by, on)
    if not items:
        return jobs.JobOutcome(status="done", message="没有待办事项，未发送")
    message = EmailMessage(
        subject=f"【工会社工管理平台】待办事项 {len(items)} 项（{on:%Y-%m-%d}）",
        body=digest_text(by, items, on),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[sub.email],
    )
    message.send(fail_silently=False)
    TodoDigest.objects.filter(pk=sub.pk).update(last_sent_on=on)
    progress(1, 1, "")
    return jobs.JobOutcome(status="done", message=f"已发送待办邮件（{len(items)} 项）至 {sub.email}")


def enqueue_daily(day: date) -> int:
    """One job per subscribed, active user (the job runs as that user, so the list is their own scope)."""
    from .models import TodoDigest

    n = 0
    for sub in TodoDigest.objects.filter(enabled=True, user__is_active=True).exclude(last_sent_on=day).select_related("user"):
        jobs.job_enqueue(
            by=sub.user,
            task="stats.todo_digest",
            args={"day": day.isoformat()},
            kind="todo_digest",
            label="待办邮件",
            total=1,
            direction="export",
        )
        n += 1
    return n
