"""Pay figures for the statistics pages (issue 10 and later): a statistics page calls these with the
acting user; every figure is already limited to the user's scope."""

from __future__ import annotations

from .selectors import cost_by_payer as _cost_by_payer


def cost_by_payer(user, year: int) -> dict:
    """Per payer (全总/省/市/县/乡镇 …) and month: what each owes for the workers in `user`'s scope in `year`
    (approved runs only). Returns {} to a user without pay.view: amounts are sensitive."""
    if not user.can("pay.view"):
        return {}
    return _cost_by_payer(user, year)
