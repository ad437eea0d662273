from django.urls import path

from proposals.views import access, system

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
    path("accounts/start/", access.after_login, name="after_login"),
]
