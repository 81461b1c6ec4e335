from django.urls import include, path

urlpatterns = [
    path("", include("unionsw.core.urls")),
    path("accounts/", include("unionsw.accounts.urls")),
    path("orgs/", include("unionsw.orgs.urls")),
    path("workers/", include("unionsw.workers.urls")),
]
