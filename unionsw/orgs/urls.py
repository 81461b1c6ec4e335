from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_tree_page, name="tree"),
    path("<int:pk>/", views.org_tree_page, name="detail"),
    path("<int:pk>/new/", views.org_create, name="create"),
    path("<int:pk>/edit/", views.org_edit, name="edit"),
    path("<int:pk>/move/", views.org_move, name="move"),
    path("<int:pk>/disable/", views.org_disable, name="disable"),
    path("<int:pk>/enable/", views.org_enable, name="enable"),
    path("policy/", views.policy_page, name="policy"),
    path("policy/compare/", views.policy_compare, name="policy_compare"),
    path("<int:pk>/policy/override/", views.override_add, name="override_add"),
]

from . import views_excel  # noqa: E402 — Excel routes appended by the Excel work

urlpatterns += [
    path("import/", views_excel.import_page, name="import"),
    path("import/template/", views_excel.import_template, name="import_template"),
]

urlpatterns += [path("<int:pk>/profile/", views.org_profile, name="profile")]  # issue 13: a province's policy profile
