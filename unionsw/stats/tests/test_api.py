import hashlib
import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    from unionsw.accounts.models import ApiToken

    key = secrets.token_urlsafe(16)
    ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        epoch=user.session_epoch,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_gives_the_pages_figures(world, client, login):
    from unionsw.workers.models import FilingStatus

    from .test_dashboard import bulk_workers

    bulk_workers(world.street_a, 3, filing=FilingStatus.FILED, rank="初级干事", template=world.worker_a)
    h = bearer(world.city_admin)
    r = client.get("/api/v1/stats/breakdowns", {"on": "2026-11"}, **h)
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["org"] == "济南市总工会" and data["filed_only"] is True and data["on"] == "2026-11-30"
    api = {b["key"]: {row["label"]: row["value"] for row in b["rows"]} for b in data["breakdowns"]}
    page = login(world.city_admin).get("/stats/", {"on": "2026-11"}).context["tables"]
    assert api == {t.key: {row.label: float(row.value) for row in t.rows} for t in page}
    assert client.get("/api/v1/stats/breakdowns", {"org": world.county_b.pk}, **h).status_code == 404
    assert client.get("/api/v1/stats/breakdowns", {"on": "2026-02-30"}, **h).status_code == 400
    assert client.get("/api/v1/stats/todo", **h).status_code == 200
    assert client.get("/api/v1/stats/todo", **bearer(world.worker_a_user)).status_code == 403
