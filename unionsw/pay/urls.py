from django.urls import path

from . import views

app_name = "pay"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/act/", views.run_act, name="run_act"),
    path("runs/<int:pk>/register.xlsx", views.run_xlsx, name="run_xlsx"),
    path("runs/<int:pk>/slips/", views.run_slips, name="run_slips"),
    path("runs/<int:pk>/transfer.xlsx", views.run_transfer_xlsx, name="run_transfer_xlsx"),
    path("runs/<int:pk>/declaration.xlsx", views.run_declaration_xlsx, name="run_declaration_xlsx"),
    path("tables/", views.table_list, name="tables"),
    path("tables/new/", views.table_detail, name="table_new"),
    path("tables/import/", views.table_import, name="table_import"),
    path("tables/<int:pk>/", views.table_detail, name="table"),
    path("contributions/new/", views.contribution_detail, name="contribution_new"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution"),
    path("allowances/add/", views.allowance_add, name="allowance_add"),
    path("allowances/<int:pk>/end/", views.allowance_end, name="allowance_end"),
    path("ratios/set/", views.ratio_set, name="ratio_set"),
    path("links/set/", views.link_set, name="link_set"),
    path("shares/", views.shares, name="shares"),
    path("workers/", views.worker_list, name="workers"),
    path("workers/<int:pk>/", views.worker_pay, name="worker"),
    path("slips/<int:pk>/", views.slip, name="slip"),
    path("slips/<int:pk>/pdf/", views.slip_pdf, name="slip_pdf"),
    path("me/", views.my_slips, name="my_slips"),
    path("cost/", views.cost, name="cost"),
]
