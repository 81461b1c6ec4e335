from django.urls import path

from . import views

app_name = "workers"
urlpatterns = [
    path("", views.worker_list, name="list"),
    path("new/", views.worker_create, name="create"),
    path("me/", views.me, name="me"),
    path("<int:pk>/", views.worker_detail, name="detail"),
    path("<int:pk>/edit/", views.worker_edit, name="edit"),
    path("<int:pk>/reveal/<str:field>/", views.worker_reveal, name="reveal"),
    path("<int:pk>/file/", views.worker_file, name="file"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]

from . import views_excel  # noqa: E402 — Excel routes appended by the Excel work

urlpatterns += [
    path("import/", views_excel.import_page, name="import"),
    path("import/template/", views_excel.import_template, name="import_template"),
    path("export/", views_excel.export, name="export"),
]

from . import views_certificates  # noqa: E402 — issue 9: certificates

urlpatterns += [
    path("<int:pk>/certificates/new/", views_certificates.certificate_new, name="certificate_new"),
    path("certificates/<int:pk>/edit/", views_certificates.certificate_edit, name="certificate_edit"),
    path("certificates/<int:pk>/end/", views_certificates.certificate_end, name="certificate_end"),
    path("me/certificates/", views_certificates.me_certificates, name="me_certificates"),
    path("me/certificates/new/", views_certificates.me_certificate_new, name="me_certificate_new"),
    path("certificates/review/", views_certificates.certificate_review_list, name="certificate_review_list"),
    path("certificates/<int:pk>/review/", views_certificates.certificate_review, name="certificate_review"),
]
