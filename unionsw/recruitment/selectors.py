"""Reads of recruitment. Staff reads go through the scope filter; applicant reads through the applicant."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from unionsw.core.counts import cached
from unionsw.core.scope import scope_q, scoped

from .models import Application, ExamBody, Judge, Objection, Plan, Review, Round, Upload


def plans_visible_to(user) -> QuerySet[Plan]:
    return scoped(Plan.objects.all(), user, org_field="org")


def rounds_visible_to(user) -> QuerySet[Round]:
    """Rounds of an org in scope, and the unified rounds (统一招聘) that took in a plan of one."""
    included = Plan.objects.filter(scope_q(user, org_field="org"), unified_round__isnull=False).values("unified_round_id")
    return Round.objects.filter(scope_q(user, org_field="org") | Q(pk__in=included))


def exam_bodies_visible_to(user) -> QuerySet[ExamBody]:
    """The exam bodies a user manages: those entrusted by an org in the user's scope."""
    return scoped(ExamBody.objects.all(), user, org_field="org")


def exam_bodies_for(org) -> QuerySet[ExamBody]:
    """The active exam bodies entrusted by `org` or an org above it — the ones a round of `org` may choose."""
    return ExamBody.objects.filter(org_id__in=org.ancestor_ids(), is_active=True).select_related("org")


# An application belongs to the org of its post's plan: the round's org for a county round, the county
# whose plan it is in a city's unified round (a county sees only its own posts' applicants there).
def applications_visible_to(user) -> QuerySet[Application]:
    return scoped(Application.objects.all(), user, org_field="post__plan__org")


def objections_visible_to(user) -> QuerySet[Objection]:
    return scoped(Objection.objects.all(), user, org_field="application__post__plan__org")


def uploads_visible_to(user) -> QuerySet[Upload]:
    return scoped(Upload.objects.all(), user, org_field="application__post__plan__org")


def judge_rounds(user) -> QuerySet[Round]:
    """Judges see only the interviews they sit on."""
    if not user.is_authenticated or not user.can("recruitment.score"):
        return Round.objects.none()
    return Round.objects.filter(pk__in=Judge.objects.filter(user=user).values("round_id"))


def public_rounds() -> QuerySet[Round]:
    return Round.objects.select_related("org").order_by("-registration_start")


def round_stats(rnd: Round) -> dict:
    """Per post: applicants, passed review, sat the exam, interviewed, hired, 报录比; education breakdown."""
    agg = {
        "applicants": Count("id"),
        "passed": Count("id", filter=Q(review=Review.PASSED)),
        "sat": Count("id", filter=Q(written_score__isnull=False)),
        "interviewed": Count("id", filter=Q(in_interview=True)),
        "hired": Count("id", filter=Q(worker__isnull=False)),
    }
    # two aggregates over every application of the round: cached until an application changes (issue 13)
    rows, education = cached(
        f"round-stats:{rnd.pk}",
        ("recruitment.Application",),
        lambda: (
            {r["post_id"]: r for r in rnd.applications.values("post_id").annotate(**agg)},
            list(rnd.applications.values("education").annotate(n=Count("id")).order_by("education")),
        ),
    )
    posts = []
    totals = {k: 0 for k in agg} | {"count": 0}
    for post in rnd.posts.select_related("unit"):
        r = rows.get(post.pk, {k: 0 for k in agg})
        item = {"post": post, "count": post.count, **{k: r[k] for k in agg}}
        item["ratio"] = f"{r['applicants'] / post.count:.0f}:1" if post.count else "—"
        posts.append(item)
        for k in totals:
            totals[k] += item[k]
    totals["ratio"] = f"{totals['applicants'] / totals['count']:.0f}:1" if totals["count"] else "—"
    return {"posts": posts, "totals": totals, "education": education}
