"""All of the site's own URLs, by area; each area has its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include(("proposals.urls.portal", "portal"))),
    path("workspace/", include(("proposals.urls.workspace", "workspace"))),
    path("secretariat/", include(("proposals.urls.secretariat", "secretariat"))),
    path("", include("proposals.urls.system")),
]
