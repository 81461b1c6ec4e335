from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("stats/", views.index, name="index"),
    path("stats/export/", views.export, name="export"),
    path("stats/records/", views.records, name="records"),
    path("stats/report/", views.report, name="report"),
    path("stats/cross/", views.cross, name="cross"),
    path("stats/annual/", views.annual_export, name="annual"),
    path("stats/annual/import/", views.annual_import, name="annual_import"),
]

from . import views_todo  # noqa: E402

urlpatterns += [
    path("todo/", views_todo.todo_list, name="todo"),
    path("todo/badge/", views_todo.todo_badge, name="todo_badge"),
    path("todo/dismiss/", views_todo.todo_dismiss, name="todo_dismiss"),
    path("todo/restore/", views_todo.todo_restore, name="todo_restore"),
    path("todo/digest/", views_todo.todo_digest, name="todo_digest"),
    path("filing/submit/", views_todo.filing_submit, name="filing_submit"),
    path("filing/", views_todo.filing_batch, name="filing_batch"),
    path("filing/<int:pk>/return/", views_todo.filing_return, name="filing_return"),
]
