from django.urls import path

from . import views

app_name = "careers"
urlpatterns = [
    path("", views.eligibility, name="eligibility"),
    path("workers/<int:pk>/propose/", views.propose, name="propose"),
    path("workers/<int:pk>/", views.worker_career, name="worker"),
    path("promotions/", views.promotions, name="promotions"),
    path("promotions/<int:pk>/decide/", views.decide, name="decide"),
    path("recommendations/", views.recommendations, name="recommendations"),
]
