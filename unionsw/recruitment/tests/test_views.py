"""Every page: anonymous → login, other county → 404, read-only → 403, happy path with the database checked."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from unionsw.recruitment import services
from unionsw.recruitment.models import Plan, PlanStatus, RoundStatus

from .conftest import applicant, apply, draft_plan, filed_plan, round_data

draft = draft_plan


class TestPlanPages:
    def test_anonymous_is_sent_to_login(self, world, client):
        r = client.get(reverse("recruitment:plan_detail", args=[draft(world).pk]))
        assert r.status_code == 302 and "/accounts/login" in r["Location"]

    def test_another_county_gets_404(self, world, login):
        assert login(world.county_b_admin).get(reverse("recruitment:plan_detail", args=[draft(world).pk])).status_code == 404

    def test_a_user_without_the_permission_gets_403_on_create(self, world, login):
        assert login(world.city_admin).get(reverse("recruitment:plan_create")).status_code == 403

    def test_the_city_cannot_propose_for_the_county(self, world, login):
        plan = draft(world)
        assert login(world.city_admin).post(reverse("recruitment:plan_action", args=[plan.pk, "propose"])).status_code == 403
        assert Plan.objects.get().status == PlanStatus.DRAFT

    def test_the_county_creates_a_plan(self, world, login):
        r = login(world.county_a_admin).post(
            reverse("recruitment:plan_create"),
            {
                "title": "计划一",
                "exam_year": date.today().year + 1,
                "exam_month": 6,
                "unit_0": world.street_a.pk,
                "kind_0": "维权服务岗",
                "count_0": 2,
            },
        )
        assert r.status_code == 302
        plan = Plan.objects.get()
        assert plan.org == world.county_a and plan.posts.get().count == 2

    def test_a_bad_count_is_a_clear_error_and_saves_nothing(self, world, login):
        r = login(world.county_a_admin).post(
            reverse("recruitment:plan_create"),
            {
                "title": "计划一",
                "exam_year": date.today().year + 1,
                "exam_month": 6,
                "unit_0": world.street_a.pk,
                "kind_0": "维权服务岗",
                "count_0": 0,
            },
        )
        assert r.status_code == 200 and "正整数" in r.content.decode() and not Plan.objects.exists()

    def test_the_post_rows_stay_on_the_page_after_a_refusal(self, world, login):
        """Issue 12: a refused plan used to come back with five blank post rows; what was typed is kept."""
        r = login(world.county_a_admin).post(
            reverse("recruitment:plan_create"),
            {
                "title": "计划一",
                "exam_year": date.today().year + 1,
                "exam_month": 6,
                "unit_0": world.street_a2.pk,
                "kind_0": "维权服务岗",
                "count_0": 0,
                "conditions_0": "社会工作专业",
                "cert_0": "1",
                "kind_1": "组建指导岗",
                "count_1": 3,
            },
        )
        page = r.content.decode()
        assert r.status_code == 200 and not Plan.objects.exists()
        assert 'value="维权服务岗"' in page and 'value="社会工作专业"' in page and 'value="组建指导岗"' in page
        assert f'<option value="{world.street_a2.pk}" selected>' in page and 'name="cert_0" value="1" checked' in page
        assert 'name="count_1" type="number" min="1" value="3"' in page

    def test_returning_shows_the_reason(self, world, login):
        plan = draft(world)
        services.plan_propose(by=world.county_a_admin, plan=plan)
        login(world.city_admin).post(reverse("recruitment:plan_action", args=[plan.pk, "return"]), {"reason": "缺经费说明"})
        page = login(world.county_a_admin).get(reverse("recruitment:plan_detail", args=[plan.pk])).content.decode()
        assert "缺经费说明" in page and "已退回" in page

    def test_the_plan_list_uses_a_constant_number_of_queries(self, world, login):
        c = login(world.county_a_admin)
        draft(world)
        c.get(reverse("recruitment:plans"))
        with CaptureQueriesContext(connection) as few:
            c.get(reverse("recruitment:plans"))
        for _ in range(6):
            draft(world)
        with CaptureQueriesContext(connection) as many:
            c.get(reverse("recruitment:plans"))
        assert len(many) == len(few)


class TestRoundPages:
    def test_the_round_page_lists_applicants_with_constant_queries(self, open_round, world, login):
        c = login(world.county_a_admin)
        apply(applicant(), open_round)
        url = reverse("recruitment:round_detail", args=[open_round.pk])
        from unionsw.core import counts

        c.get(url)
        counts.reset()  # both measurements with cold cached statistics and counts (core/counts.py)
        with CaptureQueriesContext(connection) as few:
            assert c.get(url).status_code == 200
        for i in range(8):
            apply(applicant(name=f"人{i}", phone=f"1380000{i:04d}"), open_round)
        counts.reset()
        with CaptureQueriesContext(connection) as many:
            page = c.get(url).content.decode()
        assert len(many) == len(few) and "人7" in page

    def test_the_round_list_shows_the_ratio_with_constant_queries(self, open_round, world, login):
        c = login(world.county_a_admin)
        apply(applicant(), open_round)
        c.get(reverse("recruitment:rounds"))
        with CaptureQueriesContext(connection) as few:
            c.get(reverse("recruitment:rounds"))
        for i in range(3):
            services.round_announce(by=world.county_a_admin, plan=filed_plan(world), data=round_data(title=f"批次{i}"))
        for i in range(5):
            apply(applicant(name=f"人{i}", phone=f"1380000{i:04d}"), open_round)
        with CaptureQueriesContext(connection) as many:
            page = c.get(reverse("recruitment:rounds")).content.decode()
        assert len(many) == len(few) and "批次2" in page and "6:1" in page

    def test_read_only_city_gets_403_on_a_transition(self, open_round, world, login):
        r = login(world.city_admin).post(reverse("recruitment:round_action", args=[open_round.pk, "close"]))
        assert r.status_code == 403
        open_round.refresh_from_db()
        assert open_round.status == RoundStatus.ANNOUNCED

    def test_the_city_can_read_the_round(self, open_round, world, login):
        assert login(world.city_admin).get(reverse("recruitment:round_detail", args=[open_round.pk])).status_code == 200

    def test_another_county_gets_404(self, open_round, world, login):
        assert login(world.county_b_admin).get(reverse("recruitment:round_detail", args=[open_round.pk])).status_code == 404

    def test_a_transition_in_the_wrong_order_is_refused_with_a_message(self, open_round, world, login):
        r = login(world.county_a_admin).post(reverse("recruitment:round_action", args=[open_round.pk, "interview"]), follow=True)
        assert "阶段" in r.content.decode()
        open_round.refresh_from_db()
        assert open_round.status == RoundStatus.ANNOUNCED

    def test_closing_registration_runs_the_automatic_review(self, open_round, world, login):
        app = apply(applicant(), open_round)
        login(world.county_a_admin).post(reverse("recruitment:round_action", args=[open_round.pk, "close"]))
        open_round.refresh_from_db()
        app.refresh_from_db()
        assert open_round.status == RoundStatus.REVIEW and app.auto_passed

    @pytest.mark.parametrize("name", ["announcement", "stats", "waiting", "notice"])
    def test_read_pages_render(self, open_round, world, login, name):
        apply(applicant(), open_round)
        assert login(world.county_a_admin).get(reverse(f"recruitment:{name}", args=[open_round.pk])).status_code == 200

    def test_statistics_export_to_excel(self, open_round, world, login):
        apply(applicant(), open_round)
        r = login(world.county_a_admin).get(reverse("recruitment:stats", args=[open_round.pk]) + "?format=xlsx")
        import io

        from unionsw.recruitment.excel_io import read_rows

        rows = read_rows(io.BytesIO(r.content))
        assert rows[0][0] == "岗位代码" and rows[-1][0] == "合计" and rows[-1][4] == 1


class TestJudgePages:
    def test_a_judge_sees_only_assigned_interviews(self, world, login, judges):
        rnd_a = services.round_announce(by=world.county_a_admin, plan=filed_plan(world), data=round_data(title="甲批次"))
        plan_b = filed_plan(world)
        rnd_b = services.round_announce(by=world.county_a_admin, plan=plan_b, data=round_data(title="乙批次"))
        services.judge_assign(by=world.county_a_admin, round=rnd_a, user=judges[0])
        c = login(judges[0])
        page = c.get(reverse("recruitment:judge_home")).content.decode()
        assert "甲批次" in page and "乙批次" not in page
        assert c.get(reverse("recruitment:judge_round", args=[rnd_b.pk])).status_code == 404
        assert c.get(reverse("recruitment:round_detail", args=[rnd_a.pk])).status_code == 404
