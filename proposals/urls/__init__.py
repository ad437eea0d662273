"""All of the site's own URLs, by area; each area has its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include(("proposals.urls.portal", "portal"))),
]
