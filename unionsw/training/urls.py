from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("sessions/<int:pk>/enrol/import/", views.session_enrol_import, name="session_enrol_import"),
    path("enrol-template/", views.enrol_template, name="enrol_template"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/signin/open/", views.session_signin_open, name="session_signin_open"),
    path("sessions/<int:pk>/code/", views.session_code, name="session_code"),
    path("sessions/<int:pk>/join/", views.join, name="join"),
    path("sessions/<int:pk>/signin/", views.signin, name="signin"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("workers/<int:pk>/", views.worker_training, name="worker"),
    path("workers/<int:pk>/exams/", views.exam_record, name="exam_record"),
    path("exams/", views.exams, name="exams"),
    path("me/", views.me, name="me"),
    path("compliance/", views.compliance_list, name="compliance"),
]
