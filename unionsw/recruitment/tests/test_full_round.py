"""One full round from plan to hire with two applicants, through the pages (Django test client)."""

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_id, make_user
from unionsw.recruitment.models import Application, Plan, PlanStatus, Round, RoundStatus
from unionsw.workers.models import FilingStatus, Worker

from .helpers import png, portal_register, xlsx


def staff(user) -> Client:
    c = Client()
    c.force_login(user)
    s = c.session
    s["epoch"] = user.session_epoch
    s.save()
    return c


def ok(response):
    assert response.status_code in (200, 302), response.status_code
    return response


def test_a_round_runs_from_plan_to_hire(world):
    today = timezone.localdate()
    county, city, province = staff(world.county_a_admin), staff(world.city_admin), staff(world.province_admin)

    # 1. plan: county proposes, city returns, county re-proposes, city approves, province files
    ok(
        county.post(
            reverse("recruitment:plan_create"),
            {
                "title": "2026年历下区招录计划",
                "exam_year": today.year,
                "exam_month": today.month,
                "reason_gap": "8个街道缺社工",
                "unit_0": world.street_a.pk,
                "kind_0": "组建指导岗",
                "count_0": 1,
            },
        )
    )
    plan = Plan.objects.get()
    ok(county.post(reverse("recruitment:plan_action", args=[plan.pk, "propose"])))
    ok(city.post(reverse("recruitment:plan_action", args=[plan.pk, "return"]), {"reason": "请补充经费来源"}))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.return_reason == "请补充经费来源"
    ok(county.post(reverse("recruitment:plan_action", args=[plan.pk, "propose"])))
    ok(city.post(reverse("recruitment:plan_action", args=[plan.pk, "approve"])))
    ok(province.post(reverse("recruitment:plan_action", args=[plan.pk, "file"])))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FILED

    # 2. announcement
    ok(
        county.post(
            reverse("recruitment:announce", args=[plan.pk]),
            {
                "title": "历下区公开招聘公告",
                "body": "公告正文",
                "reference_date": today,
                "registration_start": today - timedelta(days=1),
                "registration_end": today + timedelta(days=3),
                "exam_date": today + timedelta(days=10),
                "written_weight": "0.5",
                "interview_ratio": 3,
                "drop_high_low": "on",
                "second_tie_key": "written",
                "waiting_list_months": 12,
            },
        )
    )
    rnd = Round.objects.get()
    assert "历下区公开招聘公告" in Client().get(f"/portal/rounds/{rnd.pk}/").content.decode()

    # 3. two applicants register and apply with a photo
    people = {}
    for name, cert in (("甲考生", "social_worker"), ("乙考生", "")):
        c = Client()
        ok(portal_register(c, name=name, id_number=make_id("370102", date(1996, 1, 1))))
        r = c.post(
            f"/portal/rounds/{rnd.pk}/apply/",
            {
                "post": rnd.plan.posts.get().pk,
                "education": "bachelor",
                "school": "山东大学",
                "major": "社会工作",
                "political_status": "masses",
                "ethnicity": "汉族",
                "certificate": cert,
                "certificate_number": "A1" if cert else "",
                "photo": png(),
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        people[name] = c
    assert Application.objects.filter(round=rnd).count() == 2

    # 4. review
    ok(county.post(reverse("recruitment:round_action", args=[rnd.pk, "close"])))
    for app in Application.objects.all():
        assert app.auto_passed, app.auto_checks
        ok(county.post(reverse("recruitment:application_action", args=[app.pk, "review"]), {"passed": "1"}))
    assert "审查通过" in people["甲考生"].get("/portal/me/").content.decode()

    # 5. written exam: rooms, tickets PDF, scores
    ok(
        county.post(
            reverse("recruitment:round_action", args=[rnd.pk, "written"]),
            {"room_name": ["第1考场"], "room_capacity": ["30"], "room_address": ["A楼"]},
        )
    )
    ok(county.post(reverse("recruitment:round_action", args=[rnd.pk, "tickets"])))
    pdf = county.get(reverse("recruitment:tickets", args=[rnd.pk]) + "?download=1")
    content = b"".join(pdf.streaming_content)
    assert pdf.status_code == 200 and content.startswith(b"%PDF")
    assert content.count(b"/Subtype /Image") >= 1 and b"STSong-Light" in content  # photo and the Chinese CID font
    a, b = Application.objects.get(name="甲考生"), Application.objects.get(name="乙考生")
    ok(
        county.post(
            reverse("recruitment:round_action", args=[rnd.pk, "scores"]),
            {"file": xlsx([["准考证号", "笔试成绩"], [a.ticket_no, 80], [b.ticket_no, 80]])},
        )
    )
    ok(county.post(reverse("recruitment:round_action", args=[rnd.pk, "interview"])))

    # 6. interview: three judges, each sees only their own interview
    judges = [make_user(f"judge{i}", world.county_a, []) for i in range(3)]
    for j in judges:
        ok(county.post(reverse("recruitment:round_action", args=[rnd.pk, "judge"]), {"user": j.pk}))
    for j, (sa, sb) in zip(judges, [(90, 90), (70, 70), (85, 85)], strict=True):
        jc = staff(j)
        assert rnd.title in jc.get(reverse("recruitment:judge_home")).content.decode()
        ok(jc.post(reverse("recruitment:judge_round", args=[rnd.pk]), {"application": a.pk, "score": sa}))
        ok(jc.post(reverse("recruitment:judge_round", args=[rnd.pk]), {"application": b.pk, "score": sb}))
    ok(county.post(reverse("recruitment:round_action", args=[rnd.pk, "rank"])))
    a.refresh_from_db()
    b.refresh_from_db()
    # equal totals (80 written, 85 interview after dropping 90 and 70): the certificate holder ranks first
    assert a.total_score == b.total_score
    assert (a.rank, b.rank) == (1, 2) and "证书" in a.tie_rule and a.selected and not b.selected

    # 7. 体检, 考察, 公示 with an objection that must be resolved, filing, hire
    ok(county.post(reverse("recruitment:application_action", args=[a.pk, "medical"]), {"passed": "1"}))
    ok(county.post(reverse("recruitment:application_action", args=[a.pk, "vetting"]), {"passed": "1"}))
    ok(
        county.post(
            reverse("recruitment:round_action", args=[rnd.pk, "publicity"]),
            {"start": today - timedelta(days=8), "end": today - timedelta(days=1)},
        )
    )
    assert "甲考生" in county.get(reverse("recruitment:notice", args=[rnd.pk])).content.decode()
    ok(
        county.post(
            reverse("recruitment:application_action", args=[a.pk, "objection"]),
            {"content": "反映学历存疑", "received_on": today - timedelta(days=3)},
        )
    )
    ok(province.post(reverse("recruitment:application_action", args=[a.pk, "file"])))
    a.refresh_from_db()
    assert a.filed_at is None  # refused: an objection is open
    ok(
        county.post(
            reverse("recruitment:objection_resolve", args=[a.objections.get().pk]),
            {"resolution": "经核实学历真实", "upheld": "0"},
        )
    )
    ok(province.post(reverse("recruitment:application_action", args=[a.pk, "file"])))
    ok(county.post(reverse("recruitment:application_action", args=[a.pk, "hire"]), {"hired_on": today}))

    a.refresh_from_db()
    worker = Worker.objects.get(pk=a.worker_id)
    assert worker.name == "甲考生" and worker.org == world.street_a and worker.filing_status == FilingStatus.FILED
    assert worker.post_title == "组建指导岗" and worker.rank == "见习干事" and worker.certificates.count() == 1
    assert Worker.objects.filter(name="乙考生").count() == 0
    # the post is filled and a labour-contract draft awaits signature (employment app)
    from unionsw.employment.models import Contract, Post

    post = Post.objects.get(holder=worker)
    assert post.unit == world.street_a and post.kind.name == "组建指导岗"
    draft = Contract.objects.get(worker=worker)
    assert draft.starts_on == today and draft.signed_on is None
    assert "已录用" in people["甲考生"].get("/portal/me/").content.decode()
    assert "甲考生" in county.get(reverse("workers:list")).content.decode()
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RANKED
    assert plan.events.count() >= 20
