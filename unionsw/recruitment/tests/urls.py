"""The project's URLs plus the applicant portal at /portal/, for as long as config/urls.py does not mount it."""

from django.urls import include, path

from config.urls import urlpatterns as project

urlpatterns = [*project, path("portal/", include("unionsw.recruitment.portal_urls"))]
