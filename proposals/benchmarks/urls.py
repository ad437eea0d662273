"""The site's URLs plus ``/_bench/floor``: a bare Django view, the fastest any page can be."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urls


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("_bench/floor", floor), *site_urls]
