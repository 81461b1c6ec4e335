"""Assessment API: the same services and scope as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from unionsw.core.errors import NotAllowed

from . import selectors, services

router = Router(tags=["年度考核"])


class ResultOut(Schema):
    worker_id: int
    worker: str
    year: int
    grade: str
    grade_label: str


class LotsOut(Schema):
    seed_sha256: str
    seed: str
    hash_matches: bool | None
    groups: dict[str, str]
    order: list[int]


@router.get("/results", url_name="assessment_results", response=list[ResultOut], summary="已公布的年度考核结果（数据范围内）")
def results(request, year: int | None = None):
    if not (request.user.can("assessment.view") or request.user.can("assessment.self")):
        raise NotAllowed()
    qs = selectors.results_visible_to(request.user).select_related("worker")
    if year:
        qs = qs.filter(year=year)
    return [
        {
            "worker_id": r.worker_id,
            "worker": r.worker.name,
            "year": r.year,
            "grade": r.grade,
            "grade_label": r.get_grade_display(),
        }
        for r in qs[:5000]
    ]


@router.get("/rounds/{round_id}/lots", url_name="assessment_lots", response=LotsOut, summary="抽签记录；提供 seed 时按其重算。组织单位看到全部；其他人只看到本人范围内的顺序，评议结束前不显示评委分组")
def lots(request, round_id: int, seed: str = ""):
    rnd = get_object_or_404(selectors.rounds_visible_to(request.user), pk=round_id)
    seed = seed or rnd.revealed_seed
    if not seed:
        return {"seed_sha256": rnd.seed_hash, "seed": "", "hash_matches": None, "groups": {}, "order": []}
    matches, d = services.recompute(rnd, seed[:200])
    _full, judges_shown, visible = selectors.lots_visibility(request.user, rnd)
    mine = set(visible.values_list("worker_id", flat=True))
    return {
        "seed_sha256": rnd.seed_hash,
        "seed": seed[:200],
        "hash_matches": matches,
        "groups": {str(k): v for k, v in d.groups.items()} if judges_shown else {},
        "order": [w for w in d.order if w in mine],
    }


@router.post(
    "/entries/{entry_id}/score", url_name="assessment_score", summary="评委评分（只限分配给本人的述职），points 为 0–100"
)
def score(request, entry_id: int, points: float | None = None):
    entries = {e.pk: e for _, es in selectors.judge_assignments(request.user) for e in es}
    if not request.user.can("assessment.score"):
        raise NotAllowed()
    entry = entries.get(entry_id)
    if entry is None:
        from django.http import Http404

        raise Http404
    s = services.judge_score(by=request.user, entry=entry, points="" if points is None else points)
    return {"entry": entry_id, "points": float(s.points)}
