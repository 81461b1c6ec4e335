from django.urls import path

from . import views

app_name = "recruitment"
urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/announce/", views.round_announce, name="announce"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan_action"),
    path("exam-bodies/", views.exam_bodies, name="exam_bodies"),
    path("exam-bodies/<int:pk>/", views.exam_body_edit, name="exam_body_edit"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/unified/new/", views.round_unified_create, name="unified_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/announcement/", views.round_announcement, name="announcement"),
    path("rounds/<int:pk>/tickets/", views.tickets, name="tickets"),
    path("rounds/<int:pk>/score-template/", views.score_template, name="score_template"),
    path("rounds/<int:pk>/notice/", views.notice, name="notice"),
    path("rounds/<int:pk>/stats/", views.stats, name="stats"),
    path("rounds/<int:pk>/waiting/", views.waiting, name="waiting"),
    path("rounds/<int:pk>/do/<str:action>/", views.round_action, name="round_action"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/do/<str:action>/", views.application_action, name="application_action"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("uploads/<int:pk>/", views.upload_download, name="upload"),
    path("judge/", views.judge_home, name="judge_home"),
    path("judge/<int:pk>/", views.judge_round, name="judge_round"),
]
