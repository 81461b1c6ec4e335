"""Scope-sweep entries: route name -> kwargs of an object of county A (see core/tests/test_scope_sweep.py)."""

from datetime import date

ROUTES = {
    "employment:post_detail": lambda w: {"pk": w.emp_post_a.pk},
    "employment:post_fill": lambda w: {"pk": w.emp_post_a.pk},
    "employment:post_transfer": lambda w: {"pk": w.emp_post_a.pk},
    "employment:contract_pdf": lambda w: {"pk": w.emp_contract_a.pk},
    "employment:termination_certificate": lambda w: {"pk": w.emp_contract_a.pk},
    "employment:contract_action": lambda w: {"pk": w.emp_contract_a.pk, "action": "sign"},
    "employment:dispute_close": lambda w: {"pk": w.emp_dispute_a.pk},
    "employment:worker_contracts": lambda w: {"pk": w.worker_a.pk},
    "employment:contract_create": lambda w: {"pk": w.worker_a.pk},
    "employment:insurance_add": lambda w: {"pk": w.worker_a.pk},
    "employment:worker_exit": lambda w: {"pk": w.worker_a.pk},
    "employment:worker_move": lambda w: {"pk": w.worker_a.pk},
    "api:employment_post_detail": lambda w: {"pk": w.emp_post_a.pk},
    "api:employment_post_fill": lambda w: {"pk": w.emp_post_a.pk},
    "api:employment_post_transfer": lambda w: {"pk": w.emp_post_a.pk},
    "api:employment_contract_detail": lambda w: {"pk": w.emp_contract_a.pk},
    "api:employment_contract_sign": lambda w: {"pk": w.emp_contract_a.pk},
    "api:employment_contract_dissolve": lambda w: {"pk": w.emp_contract_a.pk},
    "api:employment_contract_renew": lambda w: {"pk": w.emp_contract_a.pk},
    "api:employment_contract_terminate": lambda w: {"pk": w.emp_contract_a.pk},
    "api:employment_worker_exit": lambda w: {"pk": w.worker_a.pk},
}

EXEMPT: dict[str, str] = {
    "employment:kind_toggle": "PostKind is one platform-wide list, not an org-scoped object; only postkind.manage (province) may toggle it",
}


def prepare(world):
    from unionsw.employment.models import PostKind
    from unionsw.employment.services import contract_draft_create, dispute_record, post_create

    world.emp_post_a = post_create(by=world.county_a_admin, unit=world.street_a, kind=PostKind.objects.first())
    world.emp_contract_a = contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2024, 1, 1), end=date(2026, 12, 31)
    )
    world.emp_dispute_a = dispute_record(
        by=world.county_a_admin, contract=world.emp_contract_a, raised_on=date(2024, 6, 1), channel="调解", summary="加班费"
    )
