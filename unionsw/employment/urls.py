from django.urls import path

from . import views

app_name = "employment"
urlpatterns = [
    path("posts/", views.post_list, name="posts"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/fill/", views.post_fill, name="post_fill"),
    path("posts/<int:pk>/transfer/", views.post_transfer, name="post_transfer"),
    path("staffing/", views.staffing_view, name="staffing"),
    path("staffing/export/", views.staffing_export, name="staffing_export"),
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/<int:pk>/pdf/", views.contract_pdf, name="contract_pdf"),
    path("contracts/<int:pk>/certificate/", views.termination_certificate, name="termination_certificate"),
    path("contracts/<int:pk>/<str:action>/", views.contract_action, name="contract_action"),
    path("disputes/<int:pk>/close/", views.dispute_close, name="dispute_close"),
    path("workers/<int:pk>/", views.worker_contracts, name="worker_contracts"),
    path("workers/<int:pk>/contracts/new/", views.contract_create, name="contract_create"),
    path("workers/<int:pk>/insurance/", views.insurance_add, name="insurance_add"),
    path("workers/<int:pk>/exit/", views.worker_exit, name="worker_exit"),
    path("workers/<int:pk>/move/", views.worker_move, name="worker_move"),
    path("alerts/", views.alert_list, name="alerts"),
    path("providers/", views.provider_list, name="providers"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/<int:pk>/toggle/", views.kind_toggle, name="kind_toggle"),
]
