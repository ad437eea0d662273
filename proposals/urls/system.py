from django.urls import path

from ..views import system

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
]
