"""Cache headers: anonymous pages may be kept by a shared cache; nothing personal may."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_may_be_kept_by_a_shared_cache(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    # The first answer sets the CSRF cookie (the language form), so it is not shared.
    assert "public" not in client.get("/demands/").get("Cache-Control", "")
    response = client.get("/demands/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


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


def test_it_can_be_turned_off(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    assert "public" not in client.get("/demands/").get("Cache-Control", "")
