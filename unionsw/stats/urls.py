from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("stats/", views.index, name="index"),
    path("stats/export/", views.export, name="export"),
    path("stats/records/", views.records, name="records"),
]
