from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("healthz", views.healthz, name="healthz"),
    # the language switch in the layouts (POST, CSRF); open before login so the login page can switch too
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

from . import views_jobs  # noqa: E402 — job routes appended by the Excel work

urlpatterns += [
    path("jobs/", views_jobs.job_list, name="jobs"),
    path("jobs/<int:pk>/", views_jobs.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views_jobs.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/<str:which>/", views_jobs.job_download, name="job_download"),
]
