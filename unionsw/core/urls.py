from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit"),
    path("healthz", views.healthz, name="healthz"),
]

from . import views_jobs  # noqa: E402 — job routes appended by the Excel work

urlpatterns += [
    path("jobs/", views_jobs.job_list, name="jobs"),
    path("jobs/<int:pk>/", views_jobs.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views_jobs.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/<str:which>/", views_jobs.job_download, name="job_download"),
]
