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
    path("", include("unionsw.stats.urls")),
]
