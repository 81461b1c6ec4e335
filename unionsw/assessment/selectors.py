"""Reads for assessment, through the scope filter. A judge's assignments come from the draw."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from unionsw.core.scope import scoped

from .models import CertEntry, CertRound, Entry, Evidence, Judge, Recusal, Result, Round, RoundStatus


def rounds_visible_to(user) -> QuerySet[Round]:
    """A round is visible to users who can see its organising org or anything below it… through the
    org filter on the round's org subtree: a county admin sees the city's round via its own entries."""
    own = scoped(Round.objects.all(), user, org_field="org")
    via_entries = Round.objects.filter(pk__in=entries_visible_to(user).values("round_id"))
    return (own | via_entries).distinct()


def entries_visible_to(user) -> QuerySet[Entry]:
    return scoped(Entry.objects.all(), user, org_field="org", self_field="worker__user")


def results_visible_to(user) -> QuerySet[Result]:
    return scoped(Result.objects.all(), user, org_field="worker__org", self_field="worker__user")


def evidence_visible_to(user) -> QuerySet[Evidence]:
    return scoped(Evidence.objects.all(), user, org_field="entry__org", self_field="entry__worker__user")


def judge_assignments(user, round_id: int | None = None) -> list[tuple[Judge, list[Entry]]]:
    """The entries each of the user's judge seats may score (group, not own county, not recused).
    Queries: seats, then one per seat with the judge's score annotated in."""
    from . import services

    seats = Judge.objects.filter(user=user, round__status=RoundStatus.DRAWN).select_related("round", "round__org", "user__org")
    if round_id:
        seats = seats.filter(round_id=round_id)
    out = []
    for seat in seats:
        county = services._judge_county(seat.user)
        qs = (
            Entry.objects.filter(round=seat.round, scoring_group=seat.group)
            .exclude(county_id=county)
            .annotate(recused=Exists(Recusal.objects.filter(entry=OuterRef("pk"), judge=seat)))
            .select_related("worker", "org")
            .prefetch_related("judge_scores")
            .order_by("play_order")
        )
        out.append((seat, list(qs)))
    return out


def cert_rounds_visible_to(user) -> QuerySet[CertRound]:
    return scoped(CertRound.objects.all(), user, org_field="org")


def cert_entries_visible_to(user) -> QuerySet[CertEntry]:
    return scoped(CertEntry.objects.all(), user, org_field="worker__org", self_field="worker__user")


def lots_visibility(user, rnd: Round) -> tuple[bool, bool, QuerySet[Entry]]:
    """What the lots record shows this user (issue 11, finding 3): (full, judges_shown, entries).
    The organiser (assessment.manage over the round's org) sees the whole draw. Everyone else who can
    see the round sees the public parts — the seed's hash, the seed, the algorithm — and only the
    entries in their own scope (a worker: their own order); the judge groups and which group scores
    which entry only once scoring has ended (等次建议已生成 or later)."""
    from unionsw.core.scope import org_in_scope

    full = bool(user.can("assessment.manage") and org_in_scope(user, rnd.org))
    entries = Entry.objects.filter(round=rnd) if full else entries_visible_to(user).filter(round=rnd)
    judges_shown = full or rnd.status in (RoundStatus.PROPOSED, RoundStatus.PUBLISHED)
    return full, judges_shown, entries


def qualifications_visible_to(user) -> QuerySet:
    """Beijing qualification certificates (seed 004) of workers in scope."""
    from .models import Qualification

    return scoped(Qualification.objects.all(), user, org_field="worker__org", self_field="worker__user")
