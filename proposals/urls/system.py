from django.urls import path

from proposals.views import system

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
]
