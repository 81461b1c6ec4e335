"""Scope-sweep entries for activity (see core/tests/test_scope_sweep.py): objects of county A / city A."""


def prepare(world):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionsw.activity import services
    from unionsw.activity.models import Nomination, Objection, Selection

    world.worklog_a = services.worklog_add(
        by=world.worker_a_user,
        data={"category": "组建指导", "day": date(2026, 1, 5), "description": "指导企业组建工会", "beneficiaries": 30},
        evidence=SimpleUploadedFile("p.pdf", b"%PDF-1.4 evidence", content_type="application/pdf"),
    )
    world.evidence_a = world.worklog_a.evidence
    world.activity_a = services.activity_create(
        by=world.county_a_admin, org=world.county_a, data={"theme": "普法宣传", "day": date(2026, 3, 1), "place": "解放路"}
    )
    world.selection_a = Selection.objects.create(org=world.city_a, year=2026, title="优秀社工", quota=20)
    world.nomination_a = Nomination.objects.create(selection=world.selection_a, worker=world.worker_a, org=world.street_a, reason="工作突出")
    world.objection_a = Objection.objects.create(nomination=world.nomination_a, text="异议")


ROUTES = {
    "activity:me_workload_prefill": lambda w: {"pk": 1},
    "activity:evidence": lambda w: {"pk": w.evidence_a.pk},
    "api:evidence_download": lambda w: {"evidence_id": w.evidence_a.pk},
    "activity:activity": lambda w: {"pk": w.activity_a.pk},
    "activity:activity_photo": lambda w: {"pk": w.activity_a.pk},
    "activity:honour_new": lambda w: {"pk": w.worker_a.pk},
    "activity:worker": lambda w: {"pk": w.worker_a.pk},
    "activity:part_time_add": lambda w: {"pk": w.worker_a.pk},
    "activity:selection": lambda w: {"pk": w.selection_a.pk},
    "activity:selection_advance": lambda w: {"pk": w.selection_a.pk},
    "activity:nomination_review": lambda w: {"pk": w.nomination_a.pk},
    "activity:objection_raise": lambda w: {"pk": w.nomination_a.pk},
    "activity:objection_resolve": lambda w: {"pk": w.objection_a.pk},
}

EXEMPT: dict[str, str] = {}
