"""Cache headers: anonymous pages may be kept by a shared cache; nothing personal may."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _through_middleware(user, response=None, method="GET"):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config.cache_headers import PublicCacheMiddleware

    request = getattr(RequestFactory(), method.lower())("/documents/")
    request.user = user or AnonymousUser()
    return PublicCacheMiddleware(lambda _request: response or HttpResponse("side"))(request)


def test_an_anonymous_answer_without_cookies_may_be_kept_by_a_shared_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    response = _through_middleware(None)
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_an_anonymous_portal_page_may_be_kept_by_a_shared_cache(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    response = client.get("/demands/")
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_posts_and_answers_with_their_own_header_are_left_alone(settings):
    from django.http import HttpResponse

    settings.PUBLIC_CACHE_SECONDS = 60
    assert not _through_middleware(None, method="POST").has_header("Cache-Control")
    own = HttpResponse("x")
    own["Cache-Control"] = "no-store"
    assert _through_middleware(None, own)["Cache-Control"] == "no-store"


def test_a_logged_in_readers_page_is_never_marked_public(client_for, secretary, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    response = client_for(secretary).get("/demands/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/demands/?format=csv", "/demands/999999999/", "/login/"])
def test_exports_errors_and_forms_that_set_cookies_are_not_marked_public(client, settings, path):
    settings.PUBLIC_CACHE_SECONDS = 60
    response = client.get(path)
    assert "public" not in response.get("Cache-Control", "")


def test_it_can_be_turned_off(settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    assert not _through_middleware(None).has_header("Cache-Control")
