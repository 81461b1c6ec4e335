"""API routes of pay for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:pay_run": lambda w: {"run_id": w.run_a.pk},
    "api:pay_run_lines": lambda w: {"run_id": w.run_a.pk},
    "api:pay_run_step": lambda w: {"run_id": w.run_a.pk, "step": "compute"},
    "api:pay_run_correction": lambda w: {"run_id": w.run_a.pk},
    "api:pay_worker_grade": lambda w: {"worker_id": w.worker_a.pk},
}

ROUTES.update(
    {
        "api:pay_ratio_set": lambda w: {"org_id": w.county_a.pk},
        "api:pay_worker_deduction": lambda w: {"worker_id": w.worker_a.pk},
        "api:pay_worker_fee": lambda w: {"worker_id": w.worker_a.pk},
    }
)

ROUTES.update(
    {
        "api:pay_table": lambda w: {"table_id": w.pay_table_a.pk},
        "api:pay_table_update": lambda w: {"table_id": w.pay_table_a.pk},
        "api:pay_contribution": lambda w: {"table_id": w.contribution_a.pk},
        "api:pay_contribution_update": lambda w: {"table_id": w.contribution_a.pk},
        "api:pay_allowance_end": lambda w: {"allowance_id": w.allowance_a.pk},
    }
)
