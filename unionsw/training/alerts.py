"""Training alerts for the alert centre: a worker past the profile's training deadline (SPEC §13 培训逾期), one
whose deadline is within 30 days, and (where the profile requires 岗前培训) one with no 岗前培训 on record."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

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
                    gettext("未参加岗前培训"),
                    gettext("入职 %(hired)s；本省要求坚持岗前培训、持证上岗，尚无岗前培训记录，请安排参加岗前培训班次")
                    % {"hired": f"{w.hired_on:%Y-%m-%d}"},
                    w.hired_on,
                    reverse("training:worker", args=[w.pk]),
                )
            )
        if c.state == "overdue":
            kinds = "、".join(c.kinds) or gettext("培训")  # the profile's kinds are policy data: as written
            out.append(
                Alert(
                    "training.overdue",
                    "bad",
                    w.pk,
                    w.name,
                    w.org.name,
                    gettext("培训逾期"),
                    gettext("入职 %(hired)s，应于 %(deadline)s 前完成%(kinds)s，尚无记录")
                    % {"hired": f"{w.hired_on:%Y-%m-%d}", "deadline": f"{c.deadline:%Y-%m-%d}", "kinds": kinds},
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
                    gettext("培训即将到期"),
                    gettext("应于 %(deadline)s 前完成%(kinds)s（还有 %(days)s 天）")
                    % {"deadline": f"{c.deadline:%Y-%m-%d}", "kinds": "、".join(c.kinds) or gettext("培训"), "days": (c.deadline - today).days},
                    c.deadline,
                    reverse("training:worker", args=[w.pk]),
                )
            )
    return out
