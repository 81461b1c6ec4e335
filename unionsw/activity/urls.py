from django.urls import path

from . import views

app_name = "activity"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/worklog/", views.me_worklog_add, name="me_worklog_add"),
    path("me/volunteer/", views.me_hours_add, name="me_hours_add"),
    path("me/workload/<int:pk>/", views.me_workload_prefill, name="me_workload_prefill"),
    path("worklog/", views.worklog, name="worklog"),
    path("worklog/review/", views.worklog_review, name="worklog_review"),
    path("worklog/export/", views.worklog_export, name="worklog_export"),
    path("volunteer/export/", views.volunteer_export, name="volunteer_export"),
    path("worklog/workload/", views.workload_prefill_round, name="workload_prefill_round"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("volunteer/", views.volunteer, name="volunteer"),
    path("volunteer/review/", views.hours_review, name="hours_review"),
    path("volunteer/<int:pk>/", views.activity_detail, name="activity"),
    path("volunteer/<int:pk>/photo/", views.activity_photo, name="activity_photo"),
    path("honours/", views.honours, name="honours"),
    path("honours/bonus/", views.bonus_prefill, name="bonus_prefill"),
    path("workers/<int:pk>/honours/new/", views.honour_new, name="honour_new"),
    path("workers/<int:pk>/", views.worker_record, name="worker"),
    path("workers/<int:pk>/parttime/", views.part_time_add, name="part_time_add"),
    path("selections/<int:pk>/", views.selection_detail, name="selection"),
    path("selections/<int:pk>/advance/", views.selection_advance, name="selection_advance"),
    path("nominations/<int:pk>/review/", views.nomination_review, name="nomination_review"),
    path("nominations/<int:pk>/object/", views.objection_raise, name="objection_raise"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
]
