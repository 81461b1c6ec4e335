from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_tree_page, name="tree"),
    path("policy/", views.policy_page, name="policy"),
]
