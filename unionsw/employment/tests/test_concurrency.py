"""Two admins filling the same post at the same moment: exactly one succeeds, the other gets a clear message.

On PostgreSQL two real threads race (row lock + partial unique index); SQLite serialises whole-database
writes, so there the sequential stale-read case in test_services.py stands in for it."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from unionsw.employment import services
from unionsw.employment.models import Post, PostHolding

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks; SQLite is covered sequentially")
def test_two_admins_fill_the_same_post_at_once_and_exactly_one_wins(world, post_a, another_worker):
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def fill(worker):
        try:
            post = Post.objects.get(pk=post_a.pk)  # each admin read the vacant post
            barrier.wait()
            services.post_fill(by=world.county_a_admin, post=post, worker=worker, on=date(2022, 3, 1), reason="录用")
            results[worker.name] = "ok"
        except ValidationError as exc:
            results[worker.name] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fill, args=(w,)) for w in (world.worker_a, another_worker)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values(), key=lambda v: v != "ok")[0] == "ok"
    assert list(results.values()).count("ok") == 1
    assert any("其他管理员" in v for v in results.values())
    assert PostHolding.objects.filter(post=post_a, ended_on__isnull=True).count() == 1
