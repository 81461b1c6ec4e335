from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_id, worker_data
from unionsw.assessment import services
from unionsw.assessment.models import Admonition, Entry, Judge, Recusal, Result, Round, Score
from unionsw.assessment.tests.conftest import SETUP
from unionsw.core.errors import OutOfScope

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, world):
    for name in ("assessment:rounds", "assessment:me", "assessment:judging", "assessment:results", "assessment:cert_rounds"):
        r = client.get(reverse(name))
        assert r.status_code == 302 and "login" in r["Location"]


def test_read_only_roles_get_403_on_write_pages(world, login, hebei_round):
    c = login(world.province_admin)
    assert c.post(reverse("assessment:round_action", args=[hebei_round.pk, "commit"])).status_code == 403
    assert c.get(reverse("assessment:judging")).status_code == 403
    c = login(world.township_admin)
    assert c.get(reverse("assessment:score_sheet", args=[hebei_round.pk, "city"])).status_code == 403
    assert c.post(reverse("assessment:rounds"), {"org": world.city_a.pk, "year": "2024", **SETUP}).status_code == 403
    assert not Round.objects.filter(year=2024).exists()


def test_other_county_gets_404_on_the_round_and_its_pages(world, login, hebei_round):
    c = login(world.county_b_admin)
    for name in ("assessment:round", "assessment:lots", "assessment:proposal"):
        assert c.get(reverse(name, args=[hebei_round.pk])).status_code == 404
    assert c.get(reverse("assessment:score_sheet", args=[hebei_round.pk, "workload"])).status_code == 404


def test_a_county_sees_the_city_round_through_its_workers_only(world, login, hebei_round):
    body = login(world.county_a_admin).get(reverse("assessment:round", args=[hebei_round.pk])).content.decode()
    assert "张三" in body and "槐荫0" not in body


def test_round_creation_refuses_bad_weights_and_changes_nothing(world, login, hebei):
    c = login(world.city_admin)
    bad = SETUP | {"w_report": "50"}
    r = c.post(reverse("assessment:rounds"), {"org": world.city_a.pk, "year": "2025", **bad}, follow=True)
    assert "权重之和须为 100" in r.content.decode()
    assert not Round.objects.exists()


def test_the_lots_page_hides_the_seed_until_the_draw_then_verifies_it(world, login, hebei_round):
    c = login(world.city_admin)
    c.post(reverse("assessment:round_action", args=[hebei_round.pk, "commit"]))
    hebei_round.refresh_from_db()
    body = c.get(reverse("assessment:lots", args=[hebei_round.pk])).content.decode()
    assert hebei_round.seed_hash in body and hebei_round.seed_secret not in body
    c.post(reverse("assessment:round_action", args=[hebei_round.pk, "draw"]))
    body = c.get(reverse("assessment:lots", args=[hebei_round.pk]) + "?seed=" + "0" * 64).content.decode()
    assert "哈希不一致" in body


def test_judge_screen_shows_only_assignments_and_recusal_excludes(world, login, hebei, drawn_round):
    judge = hebei.judges[0]  # 历下区
    seat = Judge.objects.get(round=drawn_round, user=judge)
    assigned = list(Entry.objects.filter(round=drawn_round, scoring_group=seat.group).exclude(county=world.county_a))
    others = Entry.objects.filter(round=drawn_round).exclude(pk__in=[e.pk for e in assigned])
    c = login(judge)
    body = c.get(reverse("assessment:judging")).content.decode()
    for e in assigned:
        assert e.worker.name in body
    for e in others:
        assert f"p_{e.pk}" not in body
    if assigned:
        target = assigned[0]
        c.post(reverse("assessment:judging"), {"action": "recuse", "entry": target.pk, "reason": "亲属"})
        assert Recusal.objects.filter(entry=target, judge=seat).exists()
        c.post(reverse("assessment:judging"), {f"p_{target.pk}": "90"})
        assert not Score.objects.filter(entry=target, judge=seat).exists()
        with pytest.raises(OutOfScope):
            services.judge_score(by=judge, entry=target, points=90)
    # a judge cannot score an entry outside the assignment, even by forging the form
    outsider = others.first()
    c.post(reverse("assessment:judging"), {f"p_{outsider.pk}": "99"})
    assert not Score.objects.filter(entry=outsider, judge=seat).exists()


def test_judge_page_queries_do_not_grow_with_self_reports(world, login, hebei):
    from unionsw.workers.services import worker_create

    def run(n_extra):
        Round.objects.all().delete()
        for i in range(n_extra):
            worker_create(
                by=world.city_admin, data=worker_data(hebei.street_a3, name=f"加{n_extra}-{i}", id_number=make_id("370104"))
            )
        rnd = services.round_create(by=world.city_admin, org=world.city_a, year=2025, data=SETUP)
        for j in hebei.judges:
            services.judge_add(by=world.city_admin, round=rnd, user=j)
        services.lots_commit(by=world.city_admin, round=rnd)
        services.lots_draw(by=world.city_admin, round=rnd)
        judge = next(j for j in hebei.judges if j.org == world.county_a)
        seat = Judge.objects.get(round=rnd, user=judge)
        rnd.entries.exclude(county=world.county_a).update(scoring_group=seat.group)  # every other self-report is theirs
        c = login(judge)
        c.get(reverse("assessment:judging"))  # warm-up: session bookkeeping differs on a fresh login
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("assessment:judging")).status_code == 200
        return len(ctx), rnd.entries.exclude(county=world.county_a).count()

    few, n1 = run(0)
    many, n2 = run(40)
    assert n1 == 4 and n2 == 44 and many == few


def test_worker_submits_self_report_and_bad_input_changes_nothing(world, login, hebei_round):
    entry = Entry.objects.get(round=hebei_round, worker=world.worker_a)
    c = login(world.worker_a_user)
    r = c.post(reverse("assessment:me"), {"entry": entry.pk, "text": "太短", "link": "ftp://x"}, follow=True)
    assert "不少于 20 字" in r.content.decode()
    entry.refresh_from_db()
    assert entry.submitted_at is None
    video = SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32, content_type="video/mp4")
    c.post(
        reverse("assessment:me"),
        {"entry": entry.pk, "text": "一年来开展建会入会与维权服务，服务职工三百余人次。", "video": video},
    )
    entry.refresh_from_db()
    assert entry.submitted_at and entry.report_video.name.endswith(".mp4")
    # the worker cannot post to another worker's entry
    other = Entry.objects.filter(round=hebei_round).exclude(worker=world.worker_a).first()
    assert c.post(reverse("assessment:me"), {"entry": other.pk, "text": "x" * 30, "link": "https://a"}).status_code == 404


def test_a_fake_video_is_refused(world, login, hebei_round):
    entry = Entry.objects.get(round=hebei_round, worker=world.worker_a)
    fake = SimpleUploadedFile("v.mp4", b"MZ\x90\x00 not a video", content_type="video/mp4")
    r = login(world.worker_a_user).post(
        reverse("assessment:me"), {"entry": entry.pk, "text": "一" * 30, "video": fake}, follow=True
    )
    assert "只接受 MP4 或 WebM" in r.content.decode()


def test_host_unit_scores_only_its_own_workers(world, login, hebei_round):
    c = login(world.township_admin)
    mine = Entry.objects.get(round=hebei_round, worker=world.worker_a)
    other = Entry.objects.filter(round=hebei_round, org=world.street_a2).first()
    c.post(
        reverse("assessment:score_sheet", args=[hebei_round.pk, "host"]),
        {f"s_{mine.pk}_host": "88", f"s_{other.pk}_host": "10", f"op_{mine.pk}": "服务质量好"},
    )
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.scores == {"host": 88.0} and mine.host_opinion == "服务质量好"
    assert "host" not in other.scores


def test_score_out_of_range_is_refused(world, login, hebei_round):
    c = login(world.city_admin)
    e = Entry.objects.filter(round=hebei_round).first()
    r = c.post(reverse("assessment:score_sheet", args=[hebei_round.pk, "city"]), {f"s_{e.pk}_city": "120"}, follow=True)
    assert "0–100" in r.content.decode()
    e.refresh_from_db()
    assert "city" not in e.scores


def test_proposal_waits_for_every_score(world, login, drawn_round):
    r = login(world.city_admin).post(reverse("assessment:round_action", args=[drawn_round.pk, "propose"]), follow=True)
    assert "尚有评分未完成" in r.content.decode()


def test_admonition_for_a_fail_and_the_two_year_flag(world, login):
    Result.objects.create(worker=world.worker_a, year=2024, grade="FAIL")
    r25 = Result.objects.create(worker=world.worker_a, year=2025, grade="FAIL")
    c = login(world.county_a_admin)
    body = c.get(reverse("assessment:admonition", args=[r25.pk])).content.decode()
    assert "连续两年不合格" in body
    c.post(reverse("assessment:admonition", args=[r25.pk]), {"talked_on": "2026-01-10", "talker": "副主席", "content": "短"})
    assert not Admonition.objects.exists()
    c.post(
        reverse("assessment:admonition", args=[r25.pk]),
        {"talked_on": "2026-01-10", "talker": "副主席", "content": "指出问题并提出整改要求。"},
    )
    assert Admonition.objects.get().result == r25
    assert login(world.county_b_admin).get(reverse("assessment:admonition", args=[r25.pk])).status_code == 404
    assert login(world.township_admin).get(reverse("assessment:admonition", args=[r25.pk])).status_code == 403


def test_results_page_lists_in_scope_only(world, login):
    Result.objects.create(worker=world.worker_a, year=2025, grade="PASS")
    Result.objects.create(worker=world.worker_b, year=2025, grade="PASS")
    body = login(world.county_a_admin).get(reverse("assessment:results")).content.decode()
    assert "张三" in body and "李四" not in body


def _on_profile(world, code):
    from unionsw.orgs.models import PolicyProfile

    world.province.policy_profile = PolicyProfile.objects.filter(code=code).order_by("-effective_from").first()
    world.province.save(update_fields=["policy_profile"])


def test_jiangsu_连续两年考核不合格_alerts_in_scope(world):
    from unionsw.assessment.alerts import alerts_for

    _on_profile(world, "jiangsu")
    Result.objects.create(worker=world.worker_a, year=2024, grade="FAIL")
    Result.objects.create(worker=world.worker_a, year=2025, grade="FAIL")
    Result.objects.create(worker=world.worker_b, year=2024, grade="FAIL")
    Result.objects.create(worker=world.worker_b, year=2025, grade="PASS")
    alerts = [a for a in alerts_for(world.county_a_admin, date(2026, 3, 1)) if a.kind == "assessment.consecutive_fail"]
    assert [(a.worker_id, a.kind) for a in alerts] == [(world.worker_a.pk, "assessment.consecutive_fail")]
    assert "2024、2025 年度考核均为不合格" in alerts[0].detail and alerts[0].url.startswith("/assessment/results/")
    assert alerts_for(world.county_b_admin, date(2026, 3, 1)) == []
    assert alerts_for(world.county_a_admin, date(2028, 3, 1)) == []  # stale: no recent result


def test_连续两年考核不合格_is_a_jiangsu_rule_shandong_raises_no_alert(world):
    from unionsw.assessment.alerts import alerts_for

    Result.objects.create(worker=world.worker_a, year=2024, grade="FAIL")
    Result.objects.create(worker=world.worker_a, year=2025, grade="FAIL")
    assert alerts_for(world.county_a_admin, date(2026, 3, 1)) == []


def test_recompute_command_confirms_the_draw(world, drawn_round):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("recompute_lots", drawn_round.pk, stdout=out)
    assert "哈希一致" in out.getvalue() and "重算结果与公布结果一致" in out.getvalue()
    out = StringIO()
    call_command("recompute_lots", drawn_round.pk, "--seed", "ab" * 32, stdout=out)
    assert "哈希不一致" in out.getvalue()


def test_a_shandong_county_runs_its_own_quantified_scheme_without_lots(world, login):
    from unionsw.workers.services import worker_create

    for i in range(4):
        worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name=f"山东{i}", id_number=make_id("370102")))
    c = login(world.county_a_admin)
    setup = {"w_workload": "50", "w_host": "30", "w_county": "20", "pass_line": "70", "basic_line": "60", "excellent_ratio": "20"}
    c.post(reverse("assessment:rounds"), {"org": world.county_a.pk, "year": "2025", **setup})
    rnd = Round.objects.get(org=world.county_a)
    assert rnd.scheme == "county_quantified" and rnd.reallocation is None and rnd.entries.count() == 5
    for i, e in enumerate(rnd.entries.order_by("pk")):
        services.component_scores_set(by=world.county_a_admin, entry=e, source="workload", values={"workload": 90 - i * 8})
        services.component_scores_set(by=world.county_a_admin, entry=e, source="county", values={"county": 80})
        e.refresh_from_db()
        e.scores["host"] = 80
        e.save()
    c.post(reverse("assessment:round_action", args=[rnd.pk, "propose"]))
    grades = list(rnd.entries.order_by("pk").values_list("proposed_grade", flat=True))
    # totals 85, 81, 77, 73, 69: one excellent slot (20% × 5), the last below the pass line
    assert grades == ["EXCELLENT", "PASS", "PASS", "PASS", "BASIC"]
    c.post(reverse("assessment:proposal", args=[rnd.pk]), {"county": world.county_a.pk})
    c.post(reverse("assessment:round_action", args=[rnd.pk, "publish"]))
    assert Result.objects.filter(year=2025).count() == 5


def test_results_are_paged_and_exported_whole_never_cut(world, login, django_assert_max_num_queries):
    from io import BytesIO

    from openpyxl import load_workbook

    Result.objects.bulk_create([Result(worker=world.worker_a, year=1900 + i, grade="PASS") for i in range(120)])
    client = login(world.county_a_admin)
    r = client.get(reverse("assessment:results"))
    assert len(r.context["rows"]) == 50 and r.context["page"].paginator.count == 120
    assert "共 120 条" in r.content.decode()
    last = client.get(reverse("assessment:results"), {"page": 3})
    assert [x.year for x in last.context["rows"]][-1] == 1900
    x = client.get(reverse("assessment:results"), {"format": "xlsx"})
    ws = load_workbook(BytesIO(x.content)).active
    assert ws.max_row == 121 and ws["A2"].value == 2019
    Result.objects.bulk_create([Result(worker=world.worker_a, year=1700 + i, grade="FAIL") for i in range(150)])
    with django_assert_max_num_queries(20):
        client.get(reverse("assessment:results"), {"page": 2})


def test_the_registration_form_pdf_for_the_county_and_the_worker_only(world, login):
    """Issue 10: 年度考核登记表 per worker — the worker's particulars, self-report, component scores and grade on
    one printable page; the worker gets their own, another county gets 404; hostile text in
    the self-report is printed as text (no 500, no markup)."""
    import os
    import shutil

    from unionsw.assessment import services
    from unionsw.assessment.tests.conftest import SETUP, build_hebei
    from unionsw.core.models import AuditEvent
    from unionsw.employment.tests.test_views import _pdf_text

    build_hebei(world)
    rnd = services.round_create(by=world.city_admin, org=world.city_a, year=2025, data=SETUP)
    entry = rnd.entries.get(worker=world.worker_a)
    entry.report_text = '全年指导组建工会 12 家 <img src="/etc/passwd"/> a<b'
    entry.workload = [{"item": "组建指导", "count": 12, "note": "新建工会"}]
    entry.save()
    url = f"/assessment/entries/{entry.pk}/form.pdf"
    r = login(world.county_a_admin).get(url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="assessment.form_pdf", target_id=str(world.worker_a.pk)).exists()
    if shutil.which("pdftotext") or os.environ.get("CI") == "true":
        text = _pdf_text(r.content)
        assert "2025年度工会社会工作者考核登记表" in text and world.worker_a.name in text
        assert "a<b" in text and "组建指导" in text and "本人签字" in text
    assert login(world.worker_a_user).get(url).status_code == 200
    assert login(world.county_b_admin).get(url).status_code == 404
