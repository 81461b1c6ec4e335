from django.urls import include, path

from .api import api_urls

urlpatterns = [
    path("", include("unionsw.core.urls")),
    path("api/v1/", api_urls),
    path("accounts/", include("unionsw.accounts.urls")),
    path("orgs/", include("unionsw.orgs.urls")),
    path("workers/", include("unionsw.workers.urls")),
    path("employment/", include("unionsw.employment.urls")),
    path("recruitment/", include("unionsw.recruitment.urls")),
    path("portal/", include("unionsw.recruitment.portal_urls")),
    path("assessment/", include("unionsw.assessment.urls")),
    path("careers/", include("unionsw.careers.urls")),
    path("training/", include("unionsw.training.urls")),
    path("activity/", include("unionsw.activity.urls")),
    path("pay/", include("unionsw.pay.urls")),
    path("", include("unionsw.stats.urls")),
]

# issue 12: browsers ask for /favicon.ico whatever the <link rel="icon"> says. The static URL is looked up per
# request, not at import: in production it needs the collectstatic manifest, which `check --deploy` runs without.
from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.http import HttpResponsePermanentRedirect  # noqa: E402
from django.templatetags.static import static  # noqa: E402


@login_not_required
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns.append(path("favicon.ico", favicon))
