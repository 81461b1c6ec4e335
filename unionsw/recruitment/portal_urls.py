"""The applicant portal, mounted at /portal/ in config/urls.py."""

from django.urls import path

from . import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("privacy/", portal.privacy, name="privacy"),
    path("register/", portal.register, name="register"),
    path("login/", portal.login, name="login"),
    path("logout/", portal.logout, name="logout"),
    path("me/", portal.status, name="status"),
    path("rounds/<int:pk>/", portal.round_public, name="round"),
    path("rounds/<int:pk>/apply/", portal.apply, name="apply"),
    path("applications/<int:pk>/upload/", portal.upload, name="upload"),
    path("applications/<int:pk>/edit/", portal.correct, name="correct"),
    path("applications/<int:pk>/withdraw/", portal.withdraw, name="withdraw"),
    path("files/<int:pk>/", portal.file, name="file"),
]
