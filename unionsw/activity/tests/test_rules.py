from unionsw.activity import rules
from unionsw.core import uploads
from unionsw.core.tests.files import jpeg, png


def test_dimensions_come_from_the_header_without_decoding():
    assert uploads.image_dimensions(png(640, 480), "image/png") == (640, 480)
    assert uploads.image_dimensions(jpeg(1024, 768), "image/jpeg") == (1024, 768)
    assert uploads.image_dimensions(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4, "image/png") is None


def test_oversized_and_unreadable_images_are_refused():
    assert uploads.image_problem((4000, 3000)) is None
    assert "超出限制" in uploads.image_problem((20000, 100))
    assert "超出限制" in uploads.image_problem((9000, 9000))  # 81 megapixels
    assert "无法识别" in uploads.image_problem(None)
    assert uploads.sniff(b"MZ\x90") == "" and uploads.sniff(png(1, 1)) == "image/png"


def test_the_workload_table_from_the_log_keeps_what_the_worker_added():
    existing = [
        {"item": "职工频道", "count": 3, "note": "手填"},
        {"item": "组建指导", "count": 99, "note": "旧"},
        {"item": "困难帮扶", "count": 1, "note": "", "source": "worklog"},
    ]
    rows = rules.workload_rows({"组建指导": (4, 120)}, existing)
    assert rows[0] == {"item": "组建指导", "count": 4, "note": "工作日志已确认 4 条，受益 120 人次", "source": "worklog"}
    assert rows[1:] == [{"item": "职工频道", "count": 3, "note": "手填"}]  # the old log row 困难帮扶 is recomputed away


def test_best_level_and_quota():
    assert rules.best_level(["county", "provincial", "city"]) == "provincial"
    assert rules.best_level([]) == ""
    assert rules.within_quota(20, 19) and not rules.within_quota(20, 20)
    assert rules.within_quota(None, 1000)
    assert rules.quota_left(20, 5) == 15 and rules.quota_left(None, 5) is None


def test_roll_up_sums_each_org_into_every_ancestor():
    totals = rules.roll_up({3: 5, 4: 2}, {3: "/1/2/3/", 4: "/1/4/"})
    assert totals == {1: 7, 2: 5, 3: 5, 4: 2}
