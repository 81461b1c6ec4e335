import pytest

from unionsw.assessment.models import Entry, Result, Score
from unionsw.careers.tests.test_api import bearer

pytestmark = pytest.mark.django_db


def test_other_county_gets_404_on_lots_and_score(world, client, drawn_round):
    h = bearer(world.county_b_admin)
    entry = Entry.objects.filter(round=drawn_round).first()
    assert client.get(f"/api/v1/assessment/rounds/{drawn_round.pk}/lots", **h).status_code == 404
    assert client.post(f"/api/v1/assessment/entries/{entry.pk}/score?points=90", **h).status_code in (403, 404)


def test_lots_api_recomputes_from_the_revealed_seed(world, client, drawn_round):
    data = client.get(f"/api/v1/assessment/rounds/{drawn_round.pk}/lots", **bearer(world.city_admin)).json()
    assert data["hash_matches"] is True and len(data["order"]) == drawn_round.entries.count()


def test_judge_scores_an_assigned_entry_through_the_api(world, client, hebei, drawn_round):
    from unionsw.assessment.selectors import judge_assignments

    judge, seat, entries = next((j, s, es) for j in hebei.judges for s, es in judge_assignments(j) if es)
    r = client.post(f"/api/v1/assessment/entries/{entries[0].pk}/score?points=88.5", **bearer(judge))
    assert r.status_code == 200 and Score.objects.get(judge=seat, entry=entries[0]).points == 88.5
    bad = client.post(f"/api/v1/assessment/entries/{entries[0].pk}/score?points=101", **bearer(judge))
    assert bad.status_code == 400


def test_results_api_is_scoped(world, client):
    Result.objects.create(worker=world.worker_a, year=2025, grade="PASS")
    Result.objects.create(worker=world.worker_b, year=2025, grade="FAIL")
    names = [r["worker"] for r in client.get("/api/v1/assessment/results", **bearer(world.county_a_admin)).json()]
    assert names == ["张三"]


def test_a_county_runs_its_round_through_the_api_and_errors_are_chinese(world, client):
    import json

    from unionsw.assessment.models import Round

    SETUP = {"w_workload": "40", "w_host": "30", "w_county": "30", "pass_line": "70", "basic_line": "60", "excellent_ratio": "20"}
    h = bearer(world.county_a_admin)
    r = client.post(
        "/api/v1/assessment/rounds",
        data=json.dumps({"org_id": world.county_a.pk, "year": 2025, "setup": SETUP}),
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201, r.content
    rnd = Round.objects.get(pk=r.json()["id"])
    assert r.json()["entries"] == rnd.entries.count() > 0
    again = client.post(
        "/api/v1/assessment/rounds",
        data=json.dumps({"org_id": world.county_a.pk, "year": 2025, "setup": SETUP}),
        content_type="application/json",
        **h,
    )
    assert again.status_code == 400 and "已建立" in again.content.decode()
    listed = client.get("/api/v1/assessment/rounds", **h).json()
    assert [x["id"] for x in listed] == [rnd.pk]
    assert client.get("/api/v1/assessment/rounds", **bearer(world.county_b_admin)).json() == []
    assert client.get(f"/api/v1/assessment/rounds/{rnd.pk}", **bearer(world.county_b_admin)).status_code == 404
    assert client.post(f"/api/v1/assessment/rounds/{rnd.pk}/publish", **bearer(world.county_b_admin)).status_code == 404


def test_quota_and_staffing_figures_through_the_api(world, client):
    h = bearer(world.county_a_admin)
    quotas = client.get("/api/v1/careers/quotas", **h).json()
    assert {q["rank"] for q in quotas} == {"中级干事", "高级干事"} and all("%" in q["text"] for q in quotas)
    rows = client.get("/api/v1/employment/staffing", **h).json()
    assert {row["unit"] for row in rows} >= {"解放路街道工会"}
    assert client.get(f"/api/v1/employment/staffing?org_id={world.county_a.pk}", **bearer(world.county_b_admin)).status_code == 404
