"""Demo data for careers (示例数据): pending proposals made by the county admins through the service
(where the county's quota leaves room — in 历下区 the random demo ranks already fill 中级/高级, which
the eligibility page shows with the figures), and one recommendation in 历下区."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from unionsw.accounts.models import User
from unionsw.workers.models import Worker

from . import services


def load(ctx) -> None:
    for admin in User.objects.filter(roles__code="county_admin").select_related("org").order_by("pk"):
        workers = Worker.objects.filter(org__path__startswith=admin.org.path, status="active").select_related("org")
        for w in workers.order_by("pk"):
            if services.eligibility_for(w).eligible:
                try:
                    services.promotion_propose(by=admin, worker=w)
                except ValidationError:
                    continue  # quota full for that rank
                break
    county = ctx.users["county"]
    for w in (
        Worker.objects.filter(org__path__startswith=ctx.counties["历下区"].path, status="active")
        .exclude(employment_mode="rehired")
        .select_related("org")
        .order_by("-rank_since")[:1]
    ):
        services.recommendation_create(
            by=county,
            worker=w,
            kind="vice_chair",
            target=f"{w.org.name}专职副主席候选人",
            reason="近三年考核合格以上，熟悉基层工会工作（示例）",
        )
