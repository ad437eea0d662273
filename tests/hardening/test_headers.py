"""Headers on every response: CSP, private caching for personal pages, CSRF and 503 pages."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_csp_that_allows_no_inline_script(client):
    response = client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    # plotly.js writes its stylesheet at run time; that is the one inline allowance.
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_templates_hold_no_inline_script_or_style():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            if "application/json" not in match.group(0):
                offenders.append(f"{path.name}: {match.group(0)}")
        if re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: inline style or handler")
    assert offenders == []


def test_an_anonymous_public_page_is_not_marked_private(client):
    response = client.get(reverse("portal:home"))
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("name", ["portal:home", "portal:demand_list"])
def test_a_signed_in_users_page_is_private_and_not_stored(client, nito_editor, name):
    client.force_login(nito_editor)
    response = client.get(reverse(name))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_a_page_with_a_csrf_form_is_private_even_for_a_visitor(client):
    response = client.get(reverse("login"))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_a_csrf_failure_is_explained_in_norwegian_and_english(nito_editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.content.decode()
    strict.cookies["django_language"] = "en"
    response = strict.post(reverse("login"), {"username": "x", "password": "y"})
    assert "The form has expired" in response.content.decode()


def test_a_database_that_is_away_gives_a_503_with_retry_after(client):
    with mock.patch(
        "proposals.views.portal.selectors.document_list",
        autospec=True,
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Midlertidig utilgjengelig" in response.content.decode()


def test_a_database_lost_before_any_view_also_gives_the_503(nito_editor):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(nito_editor)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        autospec=True,
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_database_that_is_away_gives_json_under_the_api(client):
    from config.middleware import unavailable_response

    request = mock.Mock(path="/api/v1/demands/")
    response = unavailable_response(request)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"


def test_a_bad_query_is_still_a_500_not_a_503():
    from django.db import ProgrammingError

    from config.middleware import _is_unavailable

    assert not _is_unavailable(ProgrammingError("column does not exist"))
    assert _is_unavailable(OperationalError("terminating connection"))
