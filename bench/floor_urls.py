"""URLs of the benchmark process: the application's, plus the floor view (issue 13).

The floor is the cheapest page that could show the worker list: the same 20 rows (first page, the user's
scope, list order) from one indexed query, rendered as a bare table, through the same middleware (session,
auth, OTP, audit context, CSRF…). The list page is judged against it: p95 ≤ 2 × the floor's p95.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from unionsw.core.scope import scoped
from unionsw.workers.models import Worker

TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><table>{% for w in rows %}<tr><td>{{ w.name }}</td><td>{{ w.id_number_masked }}</td>"
    "<td>{{ w.org.name }}</td><td>{{ w.get_status_display }}</td><td>{{ w.rank }}</td></tr>{% endfor %}</table>"
)


def floor(request):
    rows = list(
        scoped(Worker.objects.all(), request.user, org_field="org", self_field="user")
        .select_related("org")
        .order_by("org_id", "name", "id")[:20]
    )
    return HttpResponse(TEMPLATE.render({"rows": rows}, request))


urlpatterns = [path("bench/floor/", floor), *app_urlpatterns]
