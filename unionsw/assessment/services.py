"""Assessment writes. Each is one transaction: permission, scope, validation (Chinese), write, audit."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from unionsw.accounts.models import DataScope, Role
from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.i18n import choice_label
from unionsw.core.scope import org_in_scope
from unionsw.core.uploads import check_upload
from unionsw.orgs.models import Org, OrgLevel
from unionsw.orgs.policy import effective_policy
from unionsw.workers.models import EmploymentMode, Worker, WorkerStatus

from . import rules
from .models import (
    Admonition,
    CertEntry,
    CertRound,
    Entry,
    Evidence,
    Grade,
    Judge,
    Qualification,
    Recusal,
    Result,
    Round,
    RoundStatus,
    Score,
    Source,
)

JUDGE_ROLE = "judge"
# labels shown on the pages (translated when printed); the keys are what is stored
COMMENDATION_LEVELS = {
    "national": choice_label("全国"),
    "provincial": choice_label("省级"),
    "city": choice_label("市级"),
    "county": choice_label("县级"),
}

# Components each scheme starts from. Labels follow the seeds; weights are NOT in any seed, so the
# organiser must set them (they are stored on the round and shown as 本地设置). The labels are stored with the
# round (JSON keeps the Chinese); choice_label translates them only where a page prints them before that.
SCHEME_COMPONENTS = {
    "hebei_1s3p1q": [
        ("report", choice_label("一述：述职（评委交叉评议）"), Source.JUDGES),
        ("host", choice_label("三评：岗位所在单位评价服务质量"), Source.HOST),
        ("city", choice_label("三评：市总各部门评价"), Source.CITY),
        ("workload", choice_label("一量化：年度工作量化表"), Source.WORKLOAD),
    ],
    "four_dimensions": [
        ("ethics", choice_label("职业操守"), Source.HOST),
        ("practice", choice_label("实务能力"), Source.COUNTY),
        ("performance", choice_label("工作业绩"), Source.COUNTY),
        ("satisfaction", choice_label("职工满意度"), Source.HOST),
    ],
    "county_quantified": [
        ("workload", choice_label("量化考核：年度工作量化"), Source.WORKLOAD),
        ("host", choice_label("用人单位评价"), Source.HOST),
        ("county", choice_label("县级总工会评定"), Source.COUNTY),
    ],
    "beijing_certification": [
        ("host", choice_label("日常表现（街乡/用人单位）"), Source.HOST),
        ("county", choice_label("工作业绩（区县）"), Source.COUNTY),
    ],
}


def bulk_set(model, fields: list[str], rows: list[tuple]) -> None:
    """UPDATE many rows with one prepared statement (rows: (*values, pk)); far faster than
    bulk_update's CASE expressions for thousands of rows. Plain column types only."""
    from django.db import connection

    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(model._meta.get_field(f).column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", rows)


def _require(by, code: str) -> None:
    if not by.can(code):
        raise NotAllowed()


def _scope(by, org) -> None:
    if not org_in_scope(by, org):
        raise OutOfScope()


def _decimal(value, field: str, *, low=0, high=100) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [gettext("请填写 %(low)s–%(high)s 之间的数字") % {"low": low, "high": high}]}) from None
    if not d.is_finite() or d < low or d > high:
        raise ValidationError({field: [gettext("请填写 %(low)s–%(high)s 之间的数字") % {"low": low, "high": high}]})
    return rules.q2(d)


def ensure_judge_role() -> Role:
    """评委: SELF scope plus the scoring permission; a judge sees only the assignments the draw gives."""
    role, _ = Role.objects.update_or_create(
        code=JUDGE_ROLE,
        defaults={
            "name": "评委",
            "data_scope": DataScope.SELF,
            "permissions": ["assessment.score"],
            "description": "年度考核述职评议（只看到分配给本人的述职）",
        },
    )
    return role


def county_of(org: Org, chain: dict[int, Org] | None = None) -> Org:
    """The county-level org above a unit (a city-direct unit counts as its own 'county' line)."""
    if org.level <= OrgLevel.COUNTY:
        return org
    ids = org.ancestor_ids()
    for pk in reversed(ids):
        o = chain[pk] if chain else Org.objects.get(pk=pk)
        if o.level == OrgLevel.COUNTY:
            return o
    return org


# --- rounds -------------------------------------------------------------------------------------


def default_components(scheme: str) -> list[dict]:
    return [
        {"code": c, "label": label, "source": str(src), "weight": None} for c, label, src in SCHEME_COMPONENTS.get(scheme, [])
    ]


def _validate_setup(data: dict, components: list[dict]) -> dict:
    errors: dict[str, list[str]] = {}
    out = {}
    weights = []
    for comp in components:
        key = f"w_{comp['code']}"
        try:
            w = _decimal(data.get(key, ""), key)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        comp["weight"] = float(w)
        weights.append(w)
    if not errors and sum(weights) != 100:
        errors["weights"] = [gettext("各项权重之和须为 100（现为 %(sum)s）") % {"sum": f"{sum(weights):g}"}]
    for name, label in (("pass_line", gettext_noop("合格分数线")), ("basic_line", gettext_noop("基本合格分数线"))):
        try:
            out[name] = _decimal(data.get(name, ""), name)
        except ValidationError:
            errors[name] = [gettext("请填写%(label)s（0–100）") % {"label": gettext(label)}]
    if "pass_line" in out and "basic_line" in out and out["basic_line"] > out["pass_line"]:
        errors["basic_line"] = [gettext("基本合格分数线不能高于合格分数线")]
    ratio = (
        (data.get("excellent_ratio") or "").strip()
        if isinstance(data.get("excellent_ratio"), str)
        else data.get("excellent_ratio")
    )
    if ratio in (None, ""):
        out["excellent_ratio"] = None
    else:
        try:
            out["excellent_ratio"] = _decimal(ratio, "excellent_ratio", low=0, high=100) / 100
        except ValidationError:
            errors["excellent_ratio"] = [gettext("优秀比例请填写 0–100 之间的百分数")]
    bonus = {}
    for level in COMMENDATION_LEVELS:
        raw = data.get(f"bonus_{level}")
        if raw not in (None, ""):
            try:
                bonus[level] = float(_decimal(raw, f"bonus_{level}", low=0, high=20))
            except ValidationError:
                errors[f"bonus_{level}"] = [gettext("加分请填写 0–20 之间的数字")]
    out["bonus_points"] = bonus
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def round_create(*, by, org: Org, year: int, data: dict) -> Round:
    """Set up a year's scheme for `org` and enrol its active workers (rehired workers are assessed
    but never take an excellent slot)."""
    _require(by, "assessment.manage")
    _scope(by, org)
    if org.level not in (OrgLevel.CITY, OrgLevel.COUNTY):
        raise ValidationError({"org": [gettext("年度考核由设区市或县（市、区）总工会组织")]})
    if not isinstance(year, int) or year < 2000 or year > timezone.localdate().year:
        raise ValidationError({"year": [gettext("考核年度不正确")]})
    if Round.objects.filter(org=org, year=year).exists():
        raise ValidationError({"year": [gettext("%(org)s %(year)s 年度考核已建立") % {"org": org.name, "year": year}]})
    policy = effective_policy(org, date(year, 12, 31))
    scheme = policy.get("assessment_scheme") or "county_quantified"
    components = default_components(scheme)
    setup = _validate_setup(data, components)
    policy_ratio = policy.get("excellent_ratio")
    rnd = Round.objects.create(
        org=org,
        year=year,
        scheme=scheme,
        components=components,
        pass_line=setup["pass_line"],
        basic_line=setup["basic_line"],
        excellent_ratio=Decimal(str(policy_ratio)) if policy_ratio is not None else setup["excellent_ratio"],
        bonus_points=policy.get("commendation_bonus") or setup["bonus_points"],
        reallocation=policy.get("excellent_reallocation") if org.level == OrgLevel.CITY else None,
        created_by=by,
    )
    workers = list(
        Worker.objects.filter(org__path__startswith=org.path, status=WorkerStatus.ACTIVE, hired_on__lte=date(year, 12, 31))
        .select_related("org")
        .order_by("pk")
    )
    chain = {o.pk: o for o in Org.objects.filter(path__startswith=org.path)} | {org.pk: org}
    for a in Org.objects.filter(pk__in=org.ancestor_ids()):
        chain[a.pk] = a
    Entry.objects.bulk_create(
        [Entry(round=rnd, worker=w, org=w.org, county=county_of(w.org, chain)) for w in workers], batch_size=1000
    )
    audit(by=by, action="assessment.round_create", target=rnd, detail={"scheme": scheme, "entries": len(workers)})
    return rnd


def _judge_users_in_scope(by):
    from unionsw.accounts.models import User

    return User.objects.filter(roles__code=JUDGE_ROLE, is_active=True).select_related("org").distinct()


@transaction.atomic
def judge_add(*, by, round: Round, user) -> Judge:
    _require(by, "assessment.manage")
    _scope(by, round.org)
    if round.status != RoundStatus.SETUP:
        raise ValidationError(gettext("抽签种子公布后不能再调整评委"))
    if not user.roles.filter(code=JUDGE_ROLE).exists() or not org_in_scope(by, user.org):
        raise ValidationError({"user": [gettext("只能选择本辖区持有“评委”角色的账号")]})
    judge, created = Judge.objects.get_or_create(round=round, user=user)
    if not created:
        raise ValidationError({"user": [gettext("该评委已在评审组中")]})
    audit(by=by, action="assessment.judge_add", target=round, detail={"judge": str(user)})
    return judge


@transaction.atomic
def judge_remove(*, by, judge: Judge) -> None:
    _require(by, "assessment.manage")
    _scope(by, judge.round.org)
    if judge.round.status != RoundStatus.SETUP:
        raise ValidationError(gettext("抽签种子公布后不能再调整评委"))
    audit(by=by, action="assessment.judge_remove", target=judge.round, detail={"judge": str(judge.user)})
    judge.delete()


def _judge_county(user) -> int | None:
    return county_of(user.org).pk if user.org_id else None


@transaction.atomic
def lots_commit(*, by, round: Round) -> Round:
    """Step 1 of the draw: fix the inputs and publish SHA-256 of a fresh random seed."""
    _require(by, "assessment.manage")
    _scope(by, round.org)
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.SETUP:
        raise ValidationError(gettext("已公布过抽签种子"))
    judges = list(round.judges.select_related("user__org"))
    if Source.JUDGES in round.sources() and len(judges) < 2:
        raise ValidationError(gettext("评审组至少需要 2 名评委才能分成两组交叉互评"))
    seed = secrets.token_hex(32)
    round.seed_secret = seed
    round.seed_hash = rules.seed_hash(seed)
    round.draw_inputs = {
        "judges": sorted([j.user_id, _judge_county(j.user)] for j in judges),
        "workers": sorted(round.entries.values_list("worker_id", "county_id")),
    }
    round.draw_inputs["workers"] = [list(x) for x in round.draw_inputs["workers"]]
    round.status = RoundStatus.COMMITTED
    round.committed_at = timezone.now()
    round.save()
    audit(by=by, action="assessment.lots_commit", target=round, detail={"seed_sha256": round.seed_hash})
    return round


def recompute(round: Round, seed: str) -> tuple[bool, rules.Draw]:
    """Anyone can recompute the draw from the revealed seed and the frozen inputs."""
    inputs = round.draw_inputs or {}
    d = rules.draw(
        seed,
        judges=[tuple(x) for x in inputs.get("judges", [])],
        workers=[tuple(x) for x in inputs.get("workers", [])],
    )
    return rules.seed_hash(seed) == round.seed_hash, d


@transaction.atomic
def lots_draw(*, by, round: Round) -> Round:
    """Step 2: draw judge groups, the playing order and the cross-evaluation; reveal the seed."""
    _require(by, "assessment.manage")
    _scope(by, round.org)
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.COMMITTED:
        raise ValidationError(gettext("请先公布抽签种子的哈希值"))
    _, d = recompute(round, round.seed_secret)
    for judge in round.judges.all():
        judge.group = d.groups[judge.user_id]
        judge.save(update_fields=["group"])
    position = {wid: i for i, wid in enumerate(d.order, 1)}
    rows = [(position[w], d.county_group[c], pk) for pk, w, c in round.entries.values_list("pk", "worker_id", "county_id")]
    bulk_set(Entry, ["play_order", "scoring_group"], rows)
    round.seed_revealed = True
    round.status = RoundStatus.DRAWN
    round.drawn_at = timezone.now()
    round.save()
    audit(by=by, action="assessment.lots_draw", target=round, detail={"seed": round.seed_secret, "seed_sha256": round.seed_hash})
    return round


# --- self-report, components, judges ------------------------------------------------------------

OPEN = (RoundStatus.SETUP, RoundStatus.COMMITTED, RoundStatus.DRAWN)
VIDEO_TYPES = {b"\x00\x00\x00": ".mp4", b"\x1aE\xdf": ".webm"}
MAX_VIDEO = 200 * 1024 * 1024
MAX_EVIDENCE = 10 * 1024 * 1024


def _sniff_video(upload) -> str | None:
    head = upload.read(12)
    upload.seek(0)
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return ".mp4"
    if head.startswith(b"\x1aE\xdf\xa3"):
        return ".webm"
    return None


@transaction.atomic
def self_report_submit(*, by, entry: Entry, text: str, link: str = "", video=None, workload: list | None = None) -> Entry:
    """一述 + 一量化: the worker's own report (video file or link, plus text) and workload table."""
    _require(by, "assessment.self")
    if entry.worker.user_id != by.pk:
        raise OutOfScope()
    if entry.round.status not in OPEN:
        raise ValidationError(gettext("评议已结束，不能再修改述职"))
    errors = {}
    text = (text or "").strip()
    if len(text) < 20:
        errors["text"] = [gettext("述职报告不少于 20 字")]
    link = (link or "").strip()
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = [gettext("视频链接须以 http:// 或 https:// 开头")]
    if video is not None:
        if video.size > MAX_VIDEO:
            errors["video"] = [gettext("视频不能超过 200 MB")]
        elif _sniff_video(video) is None:
            errors["video"] = [gettext("只接受 MP4 或 WebM 视频")]
    if not link and video is None and not entry.report_video:
        errors["video"] = [gettext("请上传述职视频或填写视频链接")]
    rows = []
    for row in workload or []:
        item = (row.get("item") or "").strip()
        if not item:
            continue
        try:
            count = int(row.get("count") or 0)
        except (TypeError, ValueError):
            count = -1
        if count < 0 or count > 100000:
            errors["workload"] = [gettext("“%(item)s”的数量应为非负整数") % {"item": item}]
        rows.append({"item": item[:50], "count": max(count, 0), "note": (row.get("note") or "").strip()[:100]})
    if errors:
        raise ValidationError(errors)
    entry.report_text = text
    entry.report_link = link
    if video is not None:
        video.name = f"e{entry.pk}{_sniff_video(video)}"
        entry.report_video = video
    entry.workload = rows
    entry.submitted_at = timezone.now()
    entry.save()
    audit(by=by, action="assessment.self_report", target=entry, detail={"video": bool(entry.report_video), "link": bool(link)})
    return entry


@transaction.atomic
def evidence_add(*, by, entry: Entry, title: str, upload) -> Evidence:
    _require(by, "assessment.self")
    if entry.worker.user_id != by.pk:
        raise OutOfScope()
    if entry.round.status not in OPEN:
        raise ValidationError(gettext("评议已结束，不能再上传佐证材料"))
    checked = check_upload(upload, max_bytes=MAX_EVIDENCE, what=gettext("佐证材料"))
    upload.name = f"e{entry.pk}{checked.extension}"
    # the default title is stored with the file: Chinese
    ev = Evidence.objects.create(
        entry=entry, title=(title or "").strip()[:100] or "佐证材料", file=upload, content_type=checked.content_type
    )
    audit(by=by, action="assessment.evidence_add", target=entry, detail={"title": ev.title})
    return ev


SOURCE_PERMISSION = {
    Source.HOST: "assessment.host",
    Source.CITY: "assessment.city",
    Source.WORKLOAD: "assessment.county",
    Source.COUNTY: "assessment.county",
}


@transaction.atomic
def component_scores_set(*, by, entry: Entry, source: str, values: dict, opinion: str | None = None, commendation=None) -> Entry:
    """A host unit, the city departments or the county enters its components for one worker."""
    code = SOURCE_PERMISSION.get(source)
    if code is None:
        raise ValidationError(gettext("不支持的评价来源"))
    _require(by, code)
    _scope(by, entry.org)
    if entry.round.status not in OPEN:
        raise ValidationError(gettext("评议已结束，不能再修改评分"))
    comps = [c for c in entry.round.components if c["source"] == source]
    scores = dict(entry.scores)
    changed = {}
    for comp in comps:
        raw = values.get(comp["code"])
        if raw in (None, ""):
            continue
        scores[comp["code"]] = float(_decimal(raw, comp["code"]))
        changed[comp["code"]] = scores[comp["code"]]
    entry.scores = scores
    if opinion is not None:
        entry.host_opinion = opinion.strip()[:2000]
    if commendation is not None:
        if commendation and commendation not in COMMENDATION_LEVELS:
            raise ValidationError({"commendation": [gettext("表彰级别不正确")]})
        entry.commendation = commendation
    entry.save(update_fields=["scores", "host_opinion", "commendation"])
    audit(by=by, action=f"assessment.score_{source}", target=entry, detail={"scores": changed})
    return entry


def judge_seat(user, round_id: int) -> Judge | None:
    return Judge.objects.filter(user=user, round_id=round_id).select_related("user__org").first()


def may_score(judge: Judge, entry: Entry, recused: bool) -> bool:
    return rules.judge_may_score(
        judge_group=judge.group,
        judge_county=_judge_county(judge.user),
        entry_group=entry.scoring_group,
        entry_county=entry.county_id,
        recused=recused,
    )


@transaction.atomic
def judge_score(*, by, entry: Entry, points) -> Score:
    _require(by, "assessment.score")
    judge = judge_seat(by, entry.round_id)
    if judge is None:
        raise OutOfScope()
    recused = Recusal.objects.filter(entry=entry, judge=judge).exists()
    if not may_score(judge, entry, recused):
        raise OutOfScope()
    if entry.round.status != RoundStatus.DRAWN:
        raise ValidationError(gettext("当前不在评议阶段"))
    value = _decimal(points, "points")
    score, _ = Score.objects.update_or_create(entry=entry, judge=judge, defaults={"points": value})
    audit(by=by, action="assessment.judge_score", target=entry, detail={"points": float(value)})
    return score


@transaction.atomic
def judge_recuse(*, by, entry: Entry, reason: str) -> Recusal:
    """Conflict-of-interest declaration: the judge is excluded and any score given is withdrawn."""
    _require(by, "assessment.score")
    judge = judge_seat(by, entry.round_id)
    if judge is None or not may_score(judge, entry, False):
        raise OutOfScope()
    if not (reason or "").strip():
        raise ValidationError({"reason": [gettext("请说明与该社工的关系（如 亲属、同一单位）")]})
    Score.objects.filter(entry=entry, judge=judge).delete()
    rec = Recusal.objects.create(entry=entry, judge=judge, reason=reason.strip()[:200])
    audit(by=by, action="assessment.judge_recuse", target=entry, detail={"reason": rec.reason})
    return rec


# --- proposal, confirmation, publication ---------------------------------------------------------


@transaction.atomic
def proposal_compute(*, by, round: Round) -> Round:
    """Totals, the city-wide ranking and the grade proposal with its reasons."""
    _require(by, "assessment.manage")
    _scope(by, round.org)
    round = Round.objects.select_for_update().get(pk=round.pk)
    needs_draw = Source.JUDGES in round.sources()
    allowed = {RoundStatus.DRAWN, RoundStatus.PROPOSED} if needs_draw else set(RoundStatus.values) - {RoundStatus.PUBLISHED}
    if round.status not in allowed:
        raise ValidationError(gettext("请先完成抽签和评议") if needs_draw else gettext("结果已公布，不能重新生成"))
    if round.entries.filter(grade__gt="").exists():
        raise ValidationError(gettext("已有县区确认等次，不能重新生成"))
    # plain tuples, not model instances: this runs over every worker of a city (see bench/assessment.py)
    rows = list(round.entries.values_list("pk", "scores", "commendation", "county_id", "worker__name", "worker__employment_mode"))
    avg = {}
    if needs_draw:
        avg = dict(Score.objects.filter(entry__round=round).values("entry").annotate(a=Avg("points")).values_list("entry", "a"))
    missing = []
    candidates = []
    report, totals = {}, {}
    host_codes = [c["code"] for c in round.components if c["source"] == Source.HOST]
    # only county-level orgs (县区) receive reallocated slots; city-direct units compete but are not 县区
    counties = set(Org.objects.filter(pk__in={r[3] for r in rows}, level=OrgLevel.COUNTY).values_list("pk", flat=True))
    bonus_points = {k: Decimal(str(v)) for k, v in round.bonus_points.items()}
    for pk, scores, commendation, county_id, name, mode in rows:
        report[pk] = rules.q2(avg[pk]) if pk in avg else None
        all_scores = dict(scores) | ({"report": report[pk]} if report[pk] is not None else {})
        total = rules.total_score(round.components, all_scores, bonus_points.get(commendation, 0))
        if total is None:
            missing.append(name)
            continue
        totals[pk] = total
        service = [Decimal(str(scores[c])) for c in host_codes if c in scores]
        candidates.append(
            rules.Candidate(
                key=pk,
                county=county_id,
                total=total,
                service=sum(service) / len(service) if service and county_id in counties else None,
                may_be_excellent=mode != EmploymentMode.REHIRED,
            )
        )
    if missing:
        shown = gettext("、").join(missing[:10])
        if len(missing) > 10:
            shown = gettext("%(names)s等 %(n)s 人") % {"names": shown, "n": len(missing)}
        raise ValidationError(gettext("尚有评分未完成：%(names)s") % {"names": shown})
    proposal = rules.propose(
        candidates,
        pass_line=round.pass_line,
        basic_line=round.basic_line,
        excellent_ratio=round.excellent_ratio,
        reallocation=round.reallocation,
    )
    bulk_set(
        Entry,
        ["report_score", "total", "proposed_grade", "proposal_reason", "city_rank"],
        [(report[pk], totals[pk], proposal.grades[pk], proposal.reasons[pk], proposal.city_rank[pk], pk) for pk, *_ in rows],
    )
    round.status = RoundStatus.PROPOSED
    round.slots = {str(k): v for k, v in proposal.slots.items()}
    round.save(update_fields=["status", "slots"])
    audit(by=by, action="assessment.propose", target=round, detail={"slots": {str(k): v for k, v in proposal.slots.items()}})
    return round


@transaction.atomic
def county_confirm(*, by, round: Round, county: Org, changes: dict | None = None) -> int:
    """The county confirms its workers' grades; a change from the proposal needs a reason. Units
    directly under a city (no county above them) are confirmed by the city that organises the round."""
    city_direct = county.level == OrgLevel.TOWNSHIP and by.can("assessment.manage")
    if not city_direct:
        _require(by, "assessment.county")
    _scope(by, county)
    round = Round.objects.get(pk=round.pk)
    if round.status != RoundStatus.PROPOSED:
        raise ValidationError(gettext("等次建议尚未生成或结果已公布"))
    entries = list(round.entries.filter(county=county).select_for_update())
    if not entries:
        raise ValidationError(gettext("该县区没有参评社工"))
    changes = changes or {}
    errors = []
    now = timezone.now()
    for e in entries:
        grade, reason = changes.get(e.pk, (e.proposed_grade, ""))
        if grade not in Grade.values:
            errors.append(gettext("%(worker)s：等次不正确") % {"worker": e.worker_id})
            continue
        if grade != e.proposed_grade:
            if not (reason or "").strip():
                errors.append(gettext("调整 %(entry)s 的等次须填写理由") % {"entry": e.pk})
                continue
            # stored with the entry and printed on the PDF form: Chinese
            e.proposal_reason += f"；县级调整为{Grade(grade).label}：{reason.strip()}"
        e.grade = grade
        e.confirmed_by = by
        e.confirmed_at = now
    if errors:
        raise ValidationError(errors)
    from django.db import connection

    stamp = connection.ops.adapt_datetimefield_value(now)
    bulk_set(
        Entry,
        ["grade", "confirmed_by", "confirmed_at", "proposal_reason"],
        [(e.grade, by.pk, stamp, e.proposal_reason, e.pk) for e in entries],
    )
    audit(by=by, action="assessment.county_confirm", target=round, detail={"county": county.name, "entries": len(entries)})
    return len(entries)


@transaction.atomic
def round_publish(*, by, round: Round) -> int:
    _require(by, "assessment.manage")
    _scope(by, round.org)
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.PROPOSED:
        raise ValidationError(gettext("等次建议尚未生成或结果已公布"))
    pending = round.entries.filter(grade="").values_list("county__name", flat=True).distinct()
    if pending:
        raise ValidationError(gettext("以下县区尚未确认等次：%(counties)s") % {"counties": gettext("、").join(sorted(set(pending)))})
    entries = list(round.entries.all())
    Result.objects.filter(worker_id__in=[e.worker_id for e in entries], year=round.year).delete()
    Result.objects.bulk_create(
        [Result(worker_id=e.worker_id, year=round.year, grade=e.grade, entry=e, note=str(round.org)) for e in entries],
        batch_size=1000,
    )
    round.status = RoundStatus.PUBLISHED
    round.published_at = timezone.now()
    round.save(update_fields=["status", "published_at"])
    audit(by=by, action="assessment.publish", target=round, detail={"results": len(entries)})
    return len(entries)


@transaction.atomic
def admonition_add(*, by, result: Result, talked_on: date, talker: str, content: str) -> Admonition:
    _require(by, "assessment.county")
    _scope(by, result.worker.org)
    errors = {}
    if result.grade != Grade.FAIL:
        raise ValidationError(gettext("只有考核不合格的才需诫勉谈话记录"))
    if not isinstance(talked_on, date) or talked_on > timezone.localdate():
        errors["talked_on"] = [gettext("请填写谈话日期（不能晚于今天）")]
    if not (talker or "").strip():
        errors["talker"] = [gettext("请填写谈话人")]
    if len((content or "").strip()) < 10:
        errors["content"] = [gettext("谈话内容不少于 10 字")]
    if errors:
        raise ValidationError(errors)
    adm = Admonition.objects.create(
        result=result, talked_on=talked_on, talker=talker.strip(), content=content.strip(), recorded_by=by
    )
    audit(by=by, action="assessment.admonition", target=result.worker, detail={"year": result.year})
    return adm


def fail_runs(worker_ids) -> dict[int, int]:
    """worker id -> length of the 不合格 run ending at the latest result (one query)."""
    grades: dict[int, dict[int, str]] = defaultdict(dict)
    for wid, year, grade in Result.objects.filter(worker_id__in=worker_ids).values_list("worker_id", "year", "grade"):
        grades[wid][year] = grade
    return {wid: rules.consecutive_fails(g) for wid, g in grades.items()}


# --- Beijing certification (seed 004) ------------------------------------------------------------


@transaction.atomic
def cert_round_create(*, by, org: Org, data: dict) -> CertRound:
    _require(by, "certification.manage")
    _scope(by, org)
    if not effective_policy(org).get("qualification_certification"):
        raise ValidationError(gettext("适用的政策未规定资格认证（北京市总工会《关于对专职工会社会工作者开展资格认证工作的通知》规定）"))
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = [gettext("请填写名称")]
    start, end = data.get("register_from"), data.get("register_until")
    if not isinstance(start, date) or not isinstance(end, date) or end < start:
        errors["register_until"] = [gettext("请填写报名起止日期（截止不早于开始）")]
    attempt = data.get("attempt") or 1
    if attempt not in (1, 2):
        errors["attempt"] = [gettext("只有首次认证和第二次认证")]
    weights = {}
    for key in ("written", "performance", "daily"):
        try:
            weights[key] = float(_decimal(data.get(f"w_{key}", ""), f"w_{key}"))
        except ValidationError:
            errors[f"w_{key}"] = [gettext("请填写权重（0–100）")]
    if not errors and sum(weights.values()) != 100:
        errors["weights"] = [gettext("三部分权重之和须为 100")]
    policy_line = effective_policy(org).get("certification_pass_line")
    line = policy_line if policy_line is not None else data.get("pass_line")
    try:
        line = _decimal(line, "pass_line")
    except ValidationError:
        errors["pass_line"] = [gettext("政策未规定合格标准，请填写本次认证的合格分数线（0–100）")]
    if errors:
        raise ValidationError(errors)
    cr = CertRound.objects.create(
        org=org, name=name, attempt=attempt, register_from=start, register_until=end, pass_line=line, weights=weights
    )
    audit(by=by, action="certification.round_create", target=cr, detail={"attempt": attempt})
    return cr


def cert_candidates(cert_round: CertRound):
    """Who must register: every active worker in the org (seed 004: 所有专职从事工会工作的人员); for the
    second sitting, those who failed the first."""
    qs = Worker.objects.filter(org__path__startswith=cert_round.org.path, status=WorkerStatus.ACTIVE)
    if cert_round.attempt == 2:
        failed = CertEntry.objects.filter(cert_round__org=cert_round.org, cert_round__attempt=1, passed=False).values("worker_id")
        qs = qs.filter(pk__in=failed)
    return qs.exclude(qualification__isnull=False)


@transaction.atomic
def cert_register(*, by, cert_round: CertRound, worker: Worker, on: date | None = None) -> CertEntry:
    is_self = worker.user_id == by.pk
    if not is_self:
        _require(by, "certification.manage")
        _scope(by, worker.org)
    on = on or timezone.localdate()
    if not (cert_round.register_from <= on <= cert_round.register_until):
        raise ValidationError(
            gettext("不在报名时间内（%(start)s 至 %(end)s）")
            % {"start": f"{cert_round.register_from:%Y-%m-%d}", "end": f"{cert_round.register_until:%Y-%m-%d}"}
        )
    if not cert_candidates(cert_round).filter(pk=worker.pk).exists():
        raise ValidationError(gettext("该社工不在本次认证范围内（已取得资格，或第二次认证只面向首次未通过者）"))
    entry, created = CertEntry.objects.get_or_create(cert_round=cert_round, worker=worker)
    if not created:
        raise ValidationError(gettext("已报名"))
    audit(by=by, action="certification.register", target=worker, detail={"round": cert_round.name})
    return entry


CERT_FIELDS = {"written": "certification.manage", "performance": "certification.manage", "daily": "assessment.host"}


@transaction.atomic
def cert_score(*, by, entry: CertEntry, field: str, value, confirm_daily: bool = False) -> CertEntry:
    """笔试 and 工作业绩 by the county/city; 日常表现 by the township or employer, confirmed by the county."""
    if field not in CERT_FIELDS:
        raise ValidationError(gettext("不支持的评分项"))
    _require(by, CERT_FIELDS[field])
    _scope(by, entry.worker.org)
    if entry.cert_round.closed:
        raise ValidationError(gettext("本次认证已结束"))
    setattr(entry, field, _decimal(value, field))
    if field == "daily":
        entry.daily_confirmed = False
    entry.save()
    audit(by=by, action="certification.score", target=entry.worker, detail={"field": field, "value": str(getattr(entry, field))})
    return entry


@transaction.atomic
def cert_confirm_daily(*, by, entry: CertEntry) -> CertEntry:
    _require(by, "certification.manage")
    _scope(by, entry.worker.org)
    if entry.daily is None:
        raise ValidationError(gettext("日常表现尚未评定"))
    entry.daily_confirmed = True
    entry.save(update_fields=["daily_confirmed"])
    audit(by=by, action="certification.confirm_daily", target=entry.worker)
    return entry


@transaction.atomic
def cert_close(*, by, cert_round: CertRound, on: date | None = None) -> dict:
    """Decide pass/fail by the pass line, number the certificates; those who did not register are listed
    as 视同放弃资格认证、应当退出 (seed 004)."""
    _require(by, "certification.manage")
    _scope(by, cert_round.org)
    if cert_round.closed:
        raise ValidationError(gettext("本次认证已结束"))
    entries = list(cert_round.entries.select_related("worker"))
    incomplete = [e.worker.name for e in entries if None in (e.written, e.performance, e.daily) or not e.daily_confirmed]
    if incomplete:
        raise ValidationError(gettext("以下人员评分未完成或日常表现未经区县确认：%(names)s") % {"names": gettext("、").join(incomplete[:10])})
    on = on or timezone.localdate()
    w = cert_round.weights
    passed = 0
    seq = _qualifications_numbered(on.year)
    for e in entries:
        e.total = rules.q2(
            e.written * Decimal(str(w["written"])) / 100
            + e.performance * Decimal(str(w["performance"])) / 100
            + e.daily * Decimal(str(w["daily"])) / 100
        )
        e.passed = e.total >= cert_round.pass_line
        e.save(update_fields=["total", "passed"])
        if e.passed:
            seq += 1
            passed += 1
            Qualification.objects.create(worker=e.worker, number=qualification_number(on.year, seq), issued_on=on, entry=e)
    cert_round.closed = True
    cert_round.save(update_fields=["closed"])
    audit(by=by, action="certification.close", target=cert_round, detail={"passed": passed, "entries": len(entries)})
    return {"passed": passed, "failed": len(entries) - passed}


def _number_prefix(year: int) -> str:
    return f"京工社{year}"


def qualification_number(year: int, seq: int) -> str:
    return f"{_number_prefix(year)}{seq:05d}"


def _qualifications_numbered(year: int) -> int:
    return Qualification.objects.filter(number__startswith=_number_prefix(year)).count()


@transaction.atomic
def qualification_grant_at_hire(*, by, worker: Worker, hire_round, on: date) -> Qualification | None:
    """Seed 004 (where the policy sets hire_exam_grants_qualification): 通过考试并被录用者，同时取得北京市专职工会
    社会工作者资格 — the hire through the unified entry exam records the qualification, the round as its source.
    Called by the recruitment hire inside its transaction (its caller checked recruitment.manage and scope);
    a worker who already holds one keeps it (None)."""
    if not effective_policy(worker.org, on).get("hire_exam_grants_qualification"):
        return None
    if Qualification.objects.filter(worker=worker).exists():
        return None
    # one sequence per year shared with cert_close: lock the year's rows so two hires cannot take one number
    list(Qualification.objects.select_for_update().filter(number__startswith=_number_prefix(on.year)).values_list("pk"))
    q = Qualification.objects.create(
        worker=worker,
        number=qualification_number(on.year, _qualifications_numbered(on.year) + 1),
        issued_on=on,
        hire_round=hire_round,
    )
    audit(
        by=by,
        action="certification.grant_at_hire",
        target=worker,
        detail={"number": q.number, "round": hire_round.pk, "round_title": str(hire_round)},
    )
    return q


@transaction.atomic
def qualification_review(*, by, year: int, org: Org) -> int:
    """Annual review with the annual assessment (seed 004): a published 不合格 for the year fails the
    review and the qualification lapses; any other published grade keeps it valid."""
    _require(by, "certification.manage")
    _scope(by, org)
    quals = list(Qualification.objects.filter(worker__org__path__startswith=org.path, revoked=False).select_related("worker"))
    grades = dict(Result.objects.filter(worker_id__in=[q.worker_id for q in quals], year=year).values_list("worker_id", "grade"))
    reviewed = 0
    for q in quals:
        if q.worker_id not in grades:
            continue
        ok = grades[q.worker_id] != Grade.FAIL
        q.reviews = dict(q.reviews) | {str(year): ok}
        q.revoked = not ok
        q.save(update_fields=["reviews", "revoked"])
        reviewed += 1
    audit(by=by, action="certification.review", target=org, detail={"year": year, "reviewed": reviewed})
    return reviewed
