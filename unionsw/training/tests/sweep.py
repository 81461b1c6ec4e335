"""Scope-sweep entries for training (see core/tests/test_scope_sweep.py): objects of county A."""


def prepare(world):
    from datetime import date
    from decimal import Decimal

    from unionsw.training import services

    world.plan_a = services.plan_create(by=world.county_a_admin, org=world.county_a, year=date.today().year, title="历下区年度培训")
    world.session_a = services.session_create(
        by=world.county_a_admin,
        plan=world.plan_a,
        data={
            "kind": "业务培训",
            "title": "业务培训班",
            "starts_on": date.today(),
            "ends_on": date.today(),
            "hours": Decimal("8"),
            "place": "历下区总工会",
            "self_enrol": True,
        },
    )
    services.enrol(by=world.county_a_admin, session=world.session_a, workers=[world.worker_a])
    world.enrolment_a = world.session_a.enrolments.get()
    services.attendance_mark(by=world.county_a_admin, session=world.session_a, attended_ids=[world.enrolment_a.pk])


ROUTES = {
    "training:plan": lambda w: {"pk": w.plan_a.pk},
    "training:session": lambda w: {"pk": w.session_a.pk},
    "training:session_enrol": lambda w: {"pk": w.session_a.pk},
    "training:session_enrol_import": lambda w: {"pk": w.session_a.pk},
    "training:session_attendance": lambda w: {"pk": w.session_a.pk},
    "training:session_signin_open": lambda w: {"pk": w.session_a.pk},
    "training:session_code": lambda w: {"pk": w.session_a.pk},
    "training:join": lambda w: {"pk": w.session_a.pk},
    "training:signin": lambda w: {"pk": w.session_a.pk},
    "training:certificate": lambda w: {"pk": w.enrolment_a.pk},
    "training:worker": lambda w: {"pk": w.worker_a.pk},
    "training:exam_record": lambda w: {"pk": w.worker_a.pk},
}

EXEMPT: dict[str, str] = {}
