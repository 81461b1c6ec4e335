"""Scope-sweep entries for assessment (see core/tests/test_scope_sweep.py)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile


def prepare(world):
    from unionsw.assessment import services
    from unionsw.assessment.models import CertRound, Result
    from unionsw.assessment.tests.conftest import SETUP, build_hebei

    build_hebei(world)
    rnd = services.round_create(by=world.city_admin, org=world.city_a, year=2025, data=SETUP)
    world.round_a = rnd
    world.entry_a = rnd.entries.get(worker=world.worker_a)
    world.evidence_a = services.evidence_add(
        by=world.worker_a_user,
        entry=world.entry_a,
        title="证明",
        upload=SimpleUploadedFile("e.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    world.result_a = Result.objects.create(worker=world.worker_a, year=2024, grade="FAIL")
    world.cert_round_a = CertRound.objects.create(
        org=world.county_a, name="首次认证", register_from=date(2020, 1, 1), register_until=date(2030, 1, 1), weights={}
    )


ROUTES = {
    "assessment:round": lambda w: {"pk": w.round_a.pk},
    "assessment:round_action": lambda w: {"pk": w.round_a.pk, "action": "commit"},
    "assessment:lots": lambda w: {"pk": w.round_a.pk},
    "assessment:score_sheet": lambda w: {"pk": w.round_a.pk, "source": "host"},
    "assessment:proposal": lambda w: {"pk": w.round_a.pk},
    "assessment:video": lambda w: {"pk": w.entry_a.pk},
    "assessment:entry_form": lambda w: {"pk": w.entry_a.pk},
    "assessment:judge_video": lambda w: {"pk": w.entry_a.pk},
    "assessment:evidence": lambda w: {"pk": w.evidence_a.pk},
    "assessment:admonition": lambda w: {"pk": w.result_a.pk},
    "assessment:cert_round": lambda w: {"pk": w.cert_round_a.pk},
    "assessment:cert_register": lambda w: {"pk": w.cert_round_a.pk},
}

EXEMPT: dict[str, str] = {}
