"""API routes of pay for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:pay_run": lambda w: {"run_id": w.run_a.pk},
    "api:pay_run_lines": lambda w: {"run_id": w.run_a.pk},
    "api:pay_run_step": lambda w: {"run_id": w.run_a.pk, "step": "compute"},
    "api:pay_run_correction": lambda w: {"run_id": w.run_a.pk},
    "api:pay_worker_grade": lambda w: {"worker_id": w.worker_a.pk},
}
