from django.urls import path

from ..views import portal

urlpatterns = [
    path("", portal.home, name="home"),
    path("organisations/", portal.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", portal.organisation_detail, name="organisation_detail"),
    path("documents/<slug:slug>/", portal.document_detail, name="document_detail"),
]
