from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("me/", views.me, name="me"),
    path("judging/", views.judging, name="judging"),
    path("results/", views.results, name="results"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/do/<str:action>/", views.round_action, name="round_action"),
    path("<int:pk>/lots/", views.lots, name="lots"),
    path("<int:pk>/sheet/<str:source>/", views.score_sheet, name="score_sheet"),
    path("<int:pk>/proposal/", views.proposal, name="proposal"),
    path("entries/<int:pk>/video/", views.video, name="video"),
    path("entries/<int:pk>/form.pdf", views.entry_form, name="entry_form"),
    path("judging/<int:pk>/video/", views.judge_video, name="judge_video"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("results/<int:pk>/admonition/", views.admonition, name="admonition"),
    path("certification/", views.cert_rounds, name="cert_rounds"),
    path("certification/<int:pk>/", views.cert_round, name="cert_round"),
    path("certification/<int:pk>/register/", views.cert_self_register, name="cert_register"),
]
