"""Training alerts for the alert centre: a worker past the profile's training deadline (SPEC §13 培训逾期), one
whose deadline is within 30 days, and (where the profile requires 岗前培训) one with no 岗前培训 on record."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from . import compliance


def alerts_for(user, today: date) -> list:
    from unionsw.employment.alerts import Alert

    if not user.can("training.view"):
        return []
    out = []
    for row in compliance.rows_for(user, today):
        c, w = row["c"], row["w"]
        if row["pretraining_missing"]:
            out.append(
                Alert(
                    "training.pretraining",
                    "warn",
                    w.pk,
                    w.name,
                    w.org.name,
                    "未参加岗前培训",
                    f"入职 {w.hired_on:%Y-%m-%d}；本省要求坚持岗前培训、持证上岗，尚无岗前培训记录，请安排参加岗前培训班次",
                    w.hired_on,
                    reverse("training:worker", args=[w.pk]),
                )
            )
        if c.state == "overdue":
            kinds = "、".join(c.kinds) or "培训"
            out.append(
                Alert(
                    "training.overdue",
                    "bad",
                    w.pk,
                    w.name,
                    w.org.name,
                    "培训逾期",
                    f"入职 {w.hired_on:%Y-%m-%d}，应于 {c.deadline:%Y-%m-%d} 前完成{kinds}，尚无记录",
                    c.deadline,
                    reverse("training:worker", args=[w.pk]),
                )
            )
        elif c.state == "pending" and (c.deadline - today).days <= 30:
            out.append(
                Alert(
                    "training.due",
                    "warn",
                    w.pk,
                    w.name,
                    w.org.name,
                    "培训即将到期",
                    f"应于 {c.deadline:%Y-%m-%d} 前完成{'、'.join(c.kinds) or '培训'}（还有 {(c.deadline - today).days} 天）",
                    c.deadline,
                    reverse("training:worker", args=[w.pk]),
                )
            )
    return out
