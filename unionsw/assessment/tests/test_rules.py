from decimal import Decimal as D

from unionsw.assessment import rules
from unionsw.assessment.rules import Candidate

SEED = "3f" * 32


def test_the_draw_is_reproducible_from_the_seed():
    judges = [(11, 1), (12, 1), (13, 2), (14, 2), (15, 3)]
    workers = [(w, 1 + w % 3) for w in range(100, 130)]
    a = rules.draw(SEED, judges=judges, workers=workers)
    b = rules.draw(SEED, judges=list(reversed(judges)), workers=list(reversed(workers)))
    assert a == b  # input order does not matter: inputs are sorted first
    assert sorted(a.order) == [w for w, _ in workers]
    assert rules.draw("00" * 32, judges=judges, workers=workers).order != a.order


def test_shuffle_is_the_documented_hmac_fisher_yates():
    import hashlib
    import hmac

    items = list(range(10))
    expected = list(items)
    for i in range(9, 0, -1):
        r = int.from_bytes(hmac.new(SEED.encode(), f"order:{i}".encode(), hashlib.sha256).digest()[:8], "big")
        j = r % (i + 1)
        expected[i], expected[j] = expected[j], expected[i]
    assert rules.shuffle(items, SEED, "order") == expected


def test_judges_split_into_two_halves_the_first_one_larger():
    d = rules.draw(SEED, judges=[(1, 1), (2, 1), (3, 2), (4, 2), (5, 2)], workers=[])
    assert sorted(d.groups.values()) == ["A", "A", "A", "B", "B"]


def test_cross_evaluation_sends_each_county_to_the_group_without_its_judges():
    for seed in ("aa" * 32, "bb" * 32, "cc" * 32, "dd" * 32):
        d = rules.draw(seed, judges=[(1, 10), (2, 20)], workers=[(100, 10), (101, 20), (102, 10)])
        judge_group = {10: d.groups[1], 20: d.groups[2]}
        assert judge_group[10] != judge_group[20]
        for county in (10, 20):
            assert d.county_group[county] != judge_group[county]


def test_no_judge_scores_their_own_county_or_a_declared_conflict():
    ok = dict(judge_group="A", entry_group="A", entry_county=10)
    assert rules.judge_may_score(judge_county=20, recused=False, **ok)
    assert not rules.judge_may_score(judge_county=10, recused=False, **ok)
    assert not rules.judge_may_score(judge_county=20, recused=True, **ok)
    assert not rules.judge_may_score(judge_group="B", judge_county=20, entry_group="A", entry_county=10, recused=False)


def test_total_is_the_weighted_sum_plus_bonus_and_none_while_incomplete():
    comps = [{"code": "a", "weight": 60}, {"code": "b", "weight": 40}]
    assert rules.total_score(comps, {"a": 80, "b": 90}, 2) == D("86.00")
    assert rules.total_score(comps, {"a": 80}) is None


def test_excellent_slots_are_floored_per_county():
    assert rules.quota_floor(D("0.2"), 4) == 0
    assert rules.quota_floor(D("0.2"), 5) == 1
    assert rules.quota_floor(D("0.2"), 9) == 1
    assert rules.quota_floor(D("0.2"), 10) == 2
    assert rules.quota_floor(None, 10) == 0


def cands(spec):
    """spec: [(key, county, total, service)]"""
    return [Candidate(k, c, D(t), D(s)) for k, c, t, s in spec]


def test_grades_follow_the_lines_and_the_county_slots():
    p = rules.propose(
        cands([(1, 1, 95, 80), (2, 1, 90, 80), (3, 1, 65, 80), (4, 1, 50, 80), (5, 1, 88, 80)]),
        pass_line=D(70),
        basic_line=D(60),
        excellent_ratio=D("0.2"),
    )
    assert p.grades == {1: "EXCELLENT", 2: "PASS", 3: "BASIC", 4: "FAIL", 5: "PASS"}
    assert "县优秀名额 1 个" in p.reasons[1] and "名额已用完" in p.reasons[2]
    assert "< 基本合格线 60" in p.reasons[4]
    assert p.city_rank == {1: 1, 2: 2, 5: 3, 3: 4, 4: 5}


def test_a_rehired_worker_never_takes_an_excellent_slot():
    c = cands([(1, 1, 99, 80), (2, 1, 90, 80), (3, 1, 80, 80), (4, 1, 80, 80), (5, 1, 80, 80)])
    c[0].may_be_excellent = False
    p = rules.propose(c, pass_line=D(70), basic_line=D(60), excellent_ratio=D("0.2"))
    assert p.grades[1] == "PASS" and "返聘" in p.reasons[1]
    assert p.grades[2] == "EXCELLENT"


def test_reallocation_moves_slots_from_the_bottom_three_counties_to_the_best_service():
    # counties 1,2,3 hold the bottom three places; county 4 has the best service, county 5 the next
    ranking = cands([(10, 4, 99, 95), (11, 5, 98, 90), (12, 1, 60, 70), (13, 2, 55, 70), (14, 3, 50, 70)])
    slots = {1: 1, 2: 1, 3: 0, 4: 1, 5: 1}
    final, delta = rules.reallocate(
        slots, ranking=ranking, service_by_county={1: D(70), 2: D(70), 3: D(70), 4: D(95), 5: D(90)}, bottom=3, per_county=1
    )
    assert final == {1: 0, 2: 0, 3: 0, 4: 2, 5: 2}  # county 3 had nothing to lose, so two slots move
    assert delta == {1: -1, 2: -1, 4: 1, 5: 1}


def test_reallocation_with_one_county_twice_in_the_bottom_three():
    ranking = cands([(10, 2, 99, 90), (11, 1, 60, 60), (12, 1, 55, 60), (13, 3, 50, 60)])
    final, delta = rules.reallocate(
        {1: 2, 2: 0, 3: 1}, ranking=ranking, service_by_county={1: D(60), 2: D(90), 3: D(60)}, bottom=3, per_county=1
    )
    assert final == {1: 1, 2: 2, 3: 0}  # "each county loses one slot": county 1 once, not twice


def test_propose_reports_the_reallocation_in_the_reasons():
    # county 1: totals 71..80 (the bottom of the city), county 2: 90..99 with better service
    c = cands([(i, 1, 71 + i, 60) for i in range(10)] + [(10 + i, 2, 90 + i, 95) for i in range(10)])
    p = rules.propose(c, pass_line=D(70), basic_line=D(60), excellent_ratio=D("0.2"), reallocation={"bottom": 3, "slots": 1})
    assert p.slots[1] == {"headcount": 10, "base": 2, "delta": -1, "final": 1}
    assert p.slots[2] == {"headcount": 10, "base": 2, "delta": 1, "final": 3}
    assert sorted(k for k, g in p.grades.items() if g == "EXCELLENT") == [9, 17, 18, 19]
    assert "奖优罚劣 +1" in next(r for k, r in p.reasons.items() if p.grades[k] == "EXCELLENT" and k >= 10)


def test_consecutive_fails_counts_the_run_ending_at_the_latest_year():
    assert rules.consecutive_fails({2024: "FAIL", 2025: "FAIL"}) == 2
    assert rules.consecutive_fails({2023: "FAIL", 2024: "PASS", 2025: "FAIL"}) == 1
    assert rules.consecutive_fails({2023: "FAIL", 2025: "FAIL"}) == 1  # a gap breaks the run
    assert rules.consecutive_fails({2024: "FAIL", 2025: "PASS"}) == 0
    assert rules.consecutive_fails({}) == 0
