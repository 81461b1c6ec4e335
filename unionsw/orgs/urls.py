from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_tree_page, name="tree"),
    path("policy/", views.policy_page, name="policy"),
]

from . import views_excel  # noqa: E402 — Excel routes appended by the Excel work

urlpatterns += [
    path("import/", views_excel.import_page, name="import"),
    path("import/template/", views_excel.import_template, name="import_template"),
]
