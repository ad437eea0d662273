from django.urls import path

from proposals.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.data_page, name="page"),
    path("<str:name>", views.data_file, name="file"),
]
