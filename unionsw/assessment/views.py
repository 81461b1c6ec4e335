from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from unionsw.core import excel, parsing
from unionsw.core.audit import audit
from unionsw.core.decorators import permission_required
from unionsw.core.errors import OutOfScope
from unionsw.core.i18n import choice_label
from unionsw.core.paging import TwoEndedPaginator
from unionsw.core.scope import org_in_scope, visible_orgs
from unionsw.core.uploads import file_response
from unionsw.core.view_errors import flash as _err
from unionsw.employment.excel import attachment
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import ASSESSMENT_SCHEMES, effective_policy

from . import rules, selectors, services
from .models import Grade, RoundStatus, Source


def _load_round(request, pk):
    return get_object_or_404(selectors.rounds_visible_to(request.user).select_related("org"), pk=pk)


def _shown_components(rnd) -> None:
    """The round's component labels are stored in Chinese; the page prints them translated (choice_label)."""
    rnd.components = [{**c, "label": choice_label(c["label"])} if "label" in c else c for c in rnd.components]


def _plain(value):
    """A label's Chinese for the Excel files (openpyxl would print a choice label translated)."""
    return str.__str__(value) if isinstance(value, str) else value


@permission_required("assessment.view")
def rounds(request):
    orgs = list(visible_orgs(request.user).filter(level__in=[OrgLevel.CITY, OrgLevel.COUNTY]).order_by("path"))
    form = {"year": str(timezone.localdate().year), "org": ""}
    if request.method == "POST":
        if not request.user.can("assessment.manage"):
            raise PermissionDenied
        form = request.POST
        org = next((o for o in orgs if str(o.pk) == request.POST.get("org")), None)
        try:
            if org is None:
                raise ValidationError({"org": [gettext("请选择组织单位")]})
            year = int(request.POST.get("year") or 0)
            rnd = services.round_create(by=request.user, org=org, year=year, data=request.POST)
        except ValueError:
            messages.error(request, gettext("考核年度不正确"))
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(
                request,
                gettext("已建立 %(org)s %(year)s 年度考核，%(n)s 名社工参评")
                % {"org": rnd.org.name, "year": rnd.year, "n": rnd.entries.count()},
            )
            return redirect("assessment:round", pk=rnd.pk)
    qs = selectors.rounds_visible_to(request.user).select_related("org")
    base = request.user.org if request.user.org_id else None
    policy = effective_policy(base) if base else None
    scheme = policy.get("assessment_scheme") if policy else None
    return render(
        request,
        "assessment/rounds.html",
        {
            "rounds": qs,
            "orgs": orgs,
            "form": form,
            "policy": policy,
            "scheme_label": ASSESSMENT_SCHEMES.get(scheme, gettext("未规定")),
            "components": services.default_components(scheme or "county_quantified"),
            "levels": services.COMMENDATION_LEVELS,
        },
    )


def _require_view(request):
    if not (request.user.can("assessment.view") or request.user.can("assessment.self")):
        raise PermissionDenied


def round_detail(request, pk):
    _require_view(request)
    rnd = _load_round(request, pk)
    _shown_components(rnd)
    manage = request.user.can("assessment.manage") and org_in_scope(request.user, rnd.org)
    judges = list(rnd.judges.select_related("user", "user__org"))
    entries = selectors.entries_visible_to(request.user).filter(round=rnd).select_related("worker", "org", "county")
    candidates = []
    if manage and rnd.status == RoundStatus.SETUP:
        taken = {j.user_id for j in judges}
        candidates = [
            u for u in services._judge_users_in_scope(request.user) if u.pk not in taken and org_in_scope(request.user, u.org)
        ]
    return render(
        request,
        "assessment/round.html",
        {
            "rnd": rnd,
            "manage": manage,
            "judges": judges,
            "entries": entries[:500],
            "candidates": candidates,
            "scheme_label": rnd.scheme_label,
            "levels": services.COMMENDATION_LEVELS,
            "sources": rnd.sources(),
            "bonus": [(services.COMMENDATION_LEVELS.get(k, k), v) for k, v in rnd.bonus_points.items()],
        },
    )


@require_POST
@permission_required("assessment.manage")
def round_action(request, pk, action):
    rnd = _load_round(request, pk)
    try:
        if action == "judge_add":
            user = services._judge_users_in_scope(request.user).filter(pk=request.POST.get("user") or 0).first()
            if user is None:
                raise ValidationError(gettext("请选择评委"))
            services.judge_add(by=request.user, round=rnd, user=user)
        elif action == "judge_remove":
            judge = get_object_or_404(rnd.judges, pk=request.POST.get("judge") or 0)
            services.judge_remove(by=request.user, judge=judge)
        elif action == "commit":
            services.lots_commit(by=request.user, round=rnd)
            messages.success(request, gettext("已公布抽签种子的 SHA-256，现场抽签时公开种子"))
        elif action == "draw":
            services.lots_draw(by=request.user, round=rnd)
            messages.success(request, gettext("抽签完成，种子已公开，任何人可复核"))
            return redirect("assessment:lots", pk=rnd.pk)
        elif action == "propose":
            services.proposal_compute(by=request.user, round=rnd)
            messages.success(request, gettext("已生成等次建议，待各县区确认"))
            return redirect("assessment:proposal", pk=rnd.pk)
        elif action == "publish":
            n = services.round_publish(by=request.user, round=rnd)
            messages.success(request, gettext("已公布 %(n)s 名社工的考核结果") % {"n": n})
        else:
            raise Http404
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    return redirect("assessment:round", pk=rnd.pk)


def lots(request, pk):
    """Public (to anyone who can see the round) record of the draw, with a recompute form."""
    rnd = _load_round(request, pk)
    full, judges_shown, visible = selectors.lots_visibility(request.user, rnd)
    judges = {j.user_id: j for j in rnd.judges.select_related("user", "user__org")}
    entries = {e.worker_id: e for e in visible.select_related("worker", "county")}
    seed = (request.GET.get("seed")[:200] if request.GET.get("seed") else "").strip()
    check = None
    if seed:
        matches, d = services.recompute(rnd, seed)
        # the comparison runs over the whole draw; only its yes/no is shown
        every_group = dict(rnd.judges.values_list("user_id", "group"))
        every_order = dict(rnd.entries.values_list("worker_id", "play_order"))
        same = (
            matches
            and all(every_group[u] == g for u, g in d.groups.items() if u in every_group)
            and all(every_order[w] == i for i, w in enumerate(d.order, 1) if w in every_order)
        )
        check = {"hash": rules.seed_hash(seed), "matches": matches, "same": same, "draw": d}
        audit(by=request.user, action="assessment.lots_recompute", target=rnd, detail={"matches": matches, "same": same})
    order = sorted((e for e in entries.values() if e.play_order), key=lambda e: e.play_order)
    return render(
        request,
        "assessment/lots.html",
        {
            "rnd": rnd,
            "judges": sorted(judges.values(), key=lambda j: (j.group, j.user_id)) if judges_shown else [],
            "judges_shown": judges_shown,
            "full": full,
            "order": order,
            "check": check,
            "seed": seed,
            "algorithm": gettext(rules.DRAW_ALGORITHM),
        },
    )


SOURCE_PAGES = {
    "host": (Source.HOST, gettext_noop("岗位所在单位评价（服务质量）")),
    "city": (Source.CITY, gettext_noop("市总部门评价")),
    "county": (Source.COUNTY, gettext_noop("县级评定")),
    "workload": (Source.WORKLOAD, gettext_noop("年度工作量化评分")),
}


def score_sheet(request, pk, source):
    if source not in SOURCE_PAGES:
        raise Http404
    src, title = SOURCE_PAGES[source]
    code = services.SOURCE_PERMISSION[src]
    rnd = _load_round(request, pk)
    if not request.user.can(code):
        raise PermissionDenied
    _shown_components(rnd)
    comps = [c for c in rnd.components if c["source"] == src]
    entries = list(
        selectors.entries_visible_to(request.user)
        .filter(round=rnd)
        .select_related("worker", "org", "county")
        .prefetch_related("evidence")
        .order_by("county__path", "org__path", "worker__name")
    )
    if request.method == "POST":
        saved, errors = 0, []
        for e in entries:
            values = {c["code"]: request.POST.get(f"s_{e.pk}_{c['code']}", "") for c in comps}
            opinion = request.POST.get(f"op_{e.pk}") if src == Source.HOST else None
            commendation = request.POST.get(f"cm_{e.pk}") if src in (Source.WORKLOAD, Source.COUNTY) else None
            if not any(values.values()) and opinion is None and commendation is None:
                continue
            try:
                services.component_scores_set(
                    by=request.user, entry=e, source=src, values=values, opinion=opinion, commendation=commendation
                )
                saved += 1
            except ValidationError as exc:
                errors.append(gettext("%(name)s：%(errors)s") % {"name": e.worker.name, "errors": gettext("；").join(exc.messages)})
        if errors:
            messages.error(request, gettext("；").join(errors[:5]))
        else:
            messages.success(request, gettext("已保存 %(n)s 人") % {"n": saved})
        return redirect("assessment:score_sheet", pk=rnd.pk, source=source)
    rows = [{"e": e, "values": [(c, e.scores.get(c["code"])) for c in comps]} for e in entries]
    return render(
        request,
        "assessment/score_sheet.html",
        {
            "rnd": rnd,
            "title": gettext(title),
            "source": source,
            "comps": comps,
            "rows": rows,
            "open": rnd.status in services.OPEN,
            "levels": services.COMMENDATION_LEVELS,
        },
    )


def proposal(request, pk):
    _require_view(request)
    rnd = _load_round(request, pk)
    entries = list(
        selectors.entries_visible_to(request.user)
        .filter(round=rnd)
        .select_related("worker", "org", "county")
        .order_by("city_rank", "id")
    )
    counties = defaultdict(lambda: {"n": 0, "excellent": 0, "confirmed": 0, "org": None, "sum": 0})
    for e in entries:
        c = counties[e.county_id]
        c["org"] = e.county
        c["slots"] = rnd.slots.get(str(e.county_id), {})
        c["n"] += 1
        c["excellent"] += e.proposed_grade == Grade.EXCELLENT
        c["confirmed"] += bool(e.grade)
        c["can_confirm"] = (
            request.user.can("assessment.county")
            or (e.county.level == OrgLevel.TOWNSHIP and request.user.can("assessment.manage"))
        ) and org_in_scope(request.user, e.county)
    if request.method == "POST":
        if not (request.user.can("assessment.county") or request.user.can("assessment.manage")):
            raise PermissionDenied
        county = next((c["org"] for c in counties.values() if str(c["org"].pk) == request.POST.get("county")), None)
        if county is None:
            raise Http404
        changes = {}
        for e in entries:
            g = request.POST.get(f"g_{e.pk}")
            if e.county_id == county.pk and g and g != e.proposed_grade:
                changes[e.pk] = (g, request.POST.get(f"r_{e.pk}", ""))
        try:
            n = services.county_confirm(by=request.user, round=rnd, county=county, changes=changes)
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("%(county)s 已确认 %(n)s 人的等次") % {"county": county.name, "n": n})
        return redirect("assessment:proposal", pk=rnd.pk)
    return render(
        request,
        "assessment/proposal.html",
        {"rnd": rnd, "entries": entries, "counties": list(counties.values()), "grades": Grade.choices},
    )


@permission_required("assessment.self")
def me(request):
    entries = list(
        selectors.entries_visible_to(request.user)
        .filter(worker__user=request.user)
        .select_related("round", "round__org", "worker")
        .prefetch_related("evidence")
        .order_by("-round__year")
    )
    results = list(
        selectors.results_visible_to(request.user)
        .filter(worker__user=request.user)
        .prefetch_related("admonitions")
        .order_by("-year")
    )
    certs = []
    worker = entries[0].worker if entries else None
    if worker is None:
        from unionsw.workers.models import Worker

        worker = Worker.objects.filter(user=request.user).first()
    if worker is not None:
        from .models import CertRound

        today = timezone.localdate()
        for cr in CertRound.objects.filter(register_from__lte=today, register_until__gte=today, closed=False):
            if worker.org.path.startswith(cr.org.path):
                certs.append({"round": cr, "registered": cr.entries.filter(worker=worker).exists()})
    if request.method == "POST":
        entry = next((e for e in entries if str(e.pk) == request.POST.get("entry")), None)
        if entry is None:
            raise Http404
        try:
            if request.POST.get("action") == "evidence":
                services.evidence_add(
                    by=request.user, entry=entry, title=request.POST.get("title", ""), upload=request.FILES.get("file")
                )
                messages.success(request, gettext("佐证材料已上传"))
            else:
                workload = [
                    {"item": i, "count": c, "note": n}
                    for i, c, n in zip(
                        request.POST.getlist("wl_item"),
                        request.POST.getlist("wl_count"),
                        request.POST.getlist("wl_note"),
                        strict=False,
                    )
                ]
                services.self_report_submit(
                    by=request.user,
                    entry=entry,
                    text=request.POST.get("text", ""),
                    link=request.POST.get("link", ""),
                    video=request.FILES.get("video"),
                    workload=workload,
                )
                messages.success(request, gettext("述职已提交"))
        except AttributeError:
            messages.error(request, gettext("请选择文件"))
        except ValidationError as exc:
            _err(request, exc)
        return redirect("assessment:me")
    return render(request, "assessment/me.html", {"entries": entries, "results": results, "certs": certs, "open": services.OPEN})


@permission_required("assessment.score")
def judging(request):
    seats = selectors.judge_assignments(request.user)
    if request.method == "POST":
        entry_ids = {e.pk: e for _, es in seats for e in es}
        try:
            if request.POST.get("action") == "recuse":
                entry = entry_ids.get(int(request.POST.get("entry") or 0))
                if entry is None:
                    raise Http404
                services.judge_recuse(by=request.user, entry=entry, reason=request.POST.get("reason", ""))
                messages.success(request, gettext("已声明回避：%(name)s（不再参与对其评分）") % {"name": entry.worker.name})
            else:
                n = 0
                for pk, entry in entry_ids.items():
                    raw = request.POST.get(f"p_{pk}", "").strip()
                    if raw and not entry.recused:
                        services.judge_score(by=request.user, entry=entry, points=raw)
                        n += 1
                messages.success(request, gettext("已保存 %(n)s 个评分") % {"n": n})
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
        return redirect("assessment:judging")
    blocks = []
    for seat, entries in seats:
        rows = []
        for e in entries:
            mine = next((s.points for s in e.judge_scores.all() if s.judge_id == seat.pk), None)
            rows.append({"e": e, "mine": mine})
        blocks.append({"seat": seat, "rows": rows, "done": sum(r["mine"] is not None for r in rows)})
    return render(request, "assessment/judging.html", {"blocks": blocks})


def video(request, pk):
    entry = get_object_or_404(selectors.entries_visible_to(request.user), pk=pk)
    if not entry.report_video:
        raise Http404
    audit(by=request.user, action="assessment.video_open", target=entry)
    return file_response(entry.report_video, filename=entry.report_video.name.rsplit("/", 1)[-1])


def judge_video(request, pk):
    """A judge opens a self-report video only for an entry assigned to them."""
    entries = {e.pk: e for _, es in selectors.judge_assignments(request.user) for e in es}
    entry = entries.get(pk)
    if entry is None or not entry.report_video:
        raise Http404
    audit(by=request.user, action="assessment.video_open", target=entry)
    return file_response(entry.report_video, filename=entry.report_video.name.rsplit("/", 1)[-1])


def entry_form(request, pk):
    """年度考核登记表 (PDF) of one entry: the assessing administrators in scope, and the worker for their own."""
    entry = get_object_or_404(
        selectors.entries_visible_to(request.user).select_related("worker", "org", "county", "round", "round__org", "confirmed_by"),
        pk=pk,
    )
    if not (request.user.can("assessment.view") or entry.worker.user_id == request.user.pk):
        raise Http404
    from .pdf import registration_form

    content = registration_form(entry)
    audit(by=request.user, action="assessment.form_pdf", target=entry.worker, detail={"year": entry.round.year})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = attachment(f"{entry.round.year}年度考核登记表-{entry.worker.name}.pdf", inline=True)
    return response


def evidence(request, pk):
    ev = get_object_or_404(selectors.evidence_visible_to(request.user).select_related("entry"), pk=pk)
    audit(by=request.user, action="assessment.evidence_open", target=ev.entry, detail={"title": ev.title})
    return file_response(ev.file, content_type=ev.content_type, attachment=True, filename=f"{ev.title}{ev.file.name[-4:]}")


@permission_required("assessment.county")
def admonition(request, pk):
    result = get_object_or_404(selectors.results_visible_to(request.user).select_related("worker", "worker__org"), pk=pk)
    if request.method == "POST":
        try:
            services.admonition_add(
                by=request.user,
                result=result,
                talked_on=parsing.parse_date(request.POST.get("talked_on"), field="talked_on", label=gettext("谈话日期")),
                talker=request.POST.get("talker", ""),
                content=request.POST.get("content", ""),
            )
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("诫勉谈话记录已保存"))
            return redirect("assessment:admonition", pk=result.pk)
    runs = services.fail_runs([result.worker_id])
    policy = effective_policy(result.worker.org)
    return render(
        request,
        "assessment/admonition.html",
        {
            "result": result,
            "admonitions": result.admonitions.all(),
            "run": runs.get(result.worker_id, 0),
            "requires": policy.get("fail_requires_admonition"),
            "dissolve": policy.get("consecutive_fail_dissolve"),
            "post": request.POST,
        },
    )


@permission_required("assessment.view")
def results(request):
    """Published results in scope; 不合格 rows link to the admonition record."""
    year = request.GET.get("year", "")
    qs = selectors.results_visible_to(request.user).select_related("worker", "worker__org").prefetch_related("admonitions")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    grade = request.GET.get("grade", "")
    if grade in Grade.values:
        qs = qs.filter(grade=grade)
    qs = qs.order_by("-year", "worker__org__path", "worker__name", "pk")
    if request.GET.get("format") == "xlsx":
        return _results_xlsx(qs)
    page = TwoEndedPaginator(qs, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    runs = services.fail_runs([r.worker_id for r in rows if r.grade == Grade.FAIL])
    return render(
        request,
        "assessment/results.html",
        {"rows": rows, "page": page, "runs": runs, "year": year, "grade": grade, "grades": Grade.choices},
    )


def _results_xlsx(qs):
    """Every result of the filtered list (never cut), formula-escaped by core.excel. An export: Chinese."""
    rows = (
        (r.year, r.worker.name, r.worker.org.name, _plain(r.get_grade_display()), "已诫勉谈话" if r.admonitions.all() else "")
        for r in qs.iterator(chunk_size=2000)
    )
    data = excel.export_xlsx(["年度", "姓名", "单位", "等次", "诫勉谈话"], rows, sheet_title="考核结果")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment("考核结果.xlsx")
    return response


# --- Beijing certification ---


@permission_required("certification.manage")
def cert_rounds(request):
    orgs = list(visible_orgs(request.user).filter(level__lte=OrgLevel.COUNTY).order_by("path"))
    if request.method == "POST" and request.POST.get("action") == "review":
        org = next((o for o in orgs if str(o.pk) == request.POST.get("org")), None)
        year = request.POST.get("year", "")
        if org is None or not year.isdigit():
            messages.error(request, gettext("请选择组织单位并填写年度"))
        else:
            n = services.qualification_review(by=request.user, year=int(year), org=org)
            messages.success(request, gettext("%(year)s 年度审验完成：%(n)s 人（当年考核不合格者资格失效）") % {"year": year, "n": n})
        return redirect("assessment:cert_rounds")
    if request.method == "POST":
        org = next((o for o in orgs if str(o.pk) == request.POST.get("org")), None)
        data = dict(request.POST.items())
        data["attempt"] = int(request.POST.get("attempt") or 1) if (request.POST.get("attempt") or "1")[:3].isdigit() else 0
        try:
            data["register_from"] = parsing.parse_date(
                request.POST.get("register_from"), field="register_from", label=gettext("报名开始日期")
            )
            data["register_until"] = parsing.parse_date(
                request.POST.get("register_until"), field="register_until", label=gettext("报名截止日期")
            )
            if org is None:
                raise ValidationError({"org": [gettext("请选择组织单位")]})
            cr = services.cert_round_create(by=request.user, org=org, data=data)
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("已建立 %(name)s") % {"name": cr.name})
            return redirect("assessment:cert_round", pk=cr.pk)
    rounds_ = selectors.cert_rounds_visible_to(request.user).select_related("org")
    # holders, with where the qualification came from (a sitting, or the entry exam of a round: seed 004)
    holders = (
        selectors.qualifications_visible_to(request.user)
        .select_related("worker", "worker__org", "hire_round", "entry__cert_round")
        .order_by("-issued_on", "-id")[:200]
    )
    return render(
        request, "assessment/cert_rounds.html", {"rounds": rounds_, "orgs": orgs, "post": request.POST, "holders": holders}
    )


@permission_required("certification.manage")
def cert_round(request, pk):
    cr = get_object_or_404(selectors.cert_rounds_visible_to(request.user).select_related("org"), pk=pk)
    entries = list(selectors.cert_entries_visible_to(request.user).filter(cert_round=cr).select_related("worker", "worker__org"))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "register":
                worker = services.cert_candidates(cr).filter(pk=request.POST.get("worker") or 0).first()
                if worker is None or not org_in_scope(request.user, worker.org):
                    raise ValidationError(gettext("请选择本次认证范围内的社工"))
                services.cert_register(by=request.user, cert_round=cr, worker=worker)
            elif action == "scores":
                for e in entries:
                    for field in ("written", "performance", "daily"):
                        raw = request.POST.get(f"{field}_{e.pk}", "").strip()
                        if raw and str(getattr(e, field) or "") != raw:
                            services.cert_score(by=request.user, entry=e, field=field, value=raw)
                    if request.POST.get(f"confirm_{e.pk}") and not e.daily_confirmed:
                        e.refresh_from_db()
                        services.cert_confirm_daily(by=request.user, entry=e)
            elif action == "close":
                r = services.cert_close(by=request.user, cert_round=cr)
                messages.success(
                    request,
                    gettext("认证结束：通过 %(passed)s 人，未通过 %(failed)s 人（可参加第二次认证）")
                    % {"passed": r["passed"], "failed": r["failed"]},
                )
            messages.success(request, gettext("已保存")) if action != "close" else None
        except ValidationError as exc:
            _err(request, exc)
        return redirect("assessment:cert_round", pk=cr.pk)
    registered = {e.worker_id for e in entries}
    missing = [
        w
        for w in services.cert_candidates(cr).select_related("org")
        if w.pk not in registered and org_in_scope(request.user, w.org)
    ]
    quals = {q.worker_id: q for q in services.Qualification.objects.filter(worker_id__in=registered)}
    rows = [{"e": e, "q": quals.get(e.worker_id)} for e in entries]
    after_deadline = timezone.localdate() > cr.register_until
    # seed 004: 不报名者视同放弃资格认证，应当退出 — after the deadline each one leads to the exit form, prefilled
    exit_rule = after_deadline and bool(effective_policy(cr.org).get("unregistered_certification_exit"))
    exit_query = (
        urlencode({"kind": "dissolution", "reason": rules.unregistered_exit_reason(cr.name, cr.register_until)})
        if exit_rule
        else ""
    )
    return render(
        request,
        "assessment/cert_round.html",
        {
            "cr": cr,
            "rows": rows,
            "missing": missing,
            "after_deadline": after_deadline,
            "exit_rule": exit_rule,
            "exit_query": exit_query,
            "may_exit": request.user.can("exit.manage"),
        },
    )


@require_POST
def cert_self_register(request, pk):
    """A worker registers for a certification sitting of an org above their unit."""
    from unionsw.workers.models import Worker

    from .models import CertRound

    worker = Worker.objects.filter(user=request.user).select_related("org").first()
    cr = get_object_or_404(CertRound.objects.select_related("org"), pk=pk)
    if worker is None or not worker.org.path.startswith(cr.org.path):
        raise Http404
    try:
        services.cert_register(by=request.user, cert_round=cr, worker=worker)
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已报名 %(name)s") % {"name": cr.name})
    return redirect("assessment:me")
