"""Request-wide rules that belong to no single view.

- ``DatabaseUnavailableMiddleware``: a database that is away (restart, failover)
  gives a 503 with ``Retry-After`` — an HTML page, or JSON under ``/api/`` —
  rather than the 500 page; the client and the load balancer know to come back.
- ``PrivatePagesMiddleware``: a page that depends on who asks (a signed-in user, a
  session, a CSRF token in a form) is marked ``Cache-Control: private, no-store``
  so no shared cache or back button keeps another person's page.
- ``SessionExpiryByRoleMiddleware``: the secretariat's and staff's sessions are
  short and end when the browser closes; editors keep the site's default.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (OperationalError, InterfaceError)


def _is_unavailable(error: BaseException) -> bool:
    """A lost connection, not a bad query: OperationalError/InterfaceError, or one wrapping it."""
    while error is not None:
        if isinstance(error, UNAVAILABLE):
            return True
        error = error.__cause__ or error.__context__
    return False


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": "unavailable",
                "detail": _("Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt."),
                "retry_after": RETRY_AFTER_SECONDS,
            },
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


class DatabaseUnavailableMiddleware:
    """A view's lost connection; one lost in middleware (sessions, auth) reaches ``server_error``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _is_unavailable(exception):
            logger.warning("database unavailable: %s", exception)
            return unavailable_response(request)
        return None


def server_error(request):
    """``handler500``: the 503 when the error was a lost database, else the 500 page."""
    import sys

    from django.views.defaults import server_error as django_server_error

    error = sys.exc_info()[1]
    if error is not None and _is_unavailable(error):
        logger.warning("database unavailable: %s", error)
        return unavailable_response(request)
    return django_server_error(request)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_personal(request):
            # Replaces any public caching a view asked for: this page is someone's own.
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        return response


def _is_personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True
    session = getattr(request, "session", None)
    return session is not None and session.accessed and not session.is_empty()


class SessionExpiryByRoleMiddleware:
    """Secretariat and staff: the cookie ends with the browser, the session after a few hours."""

    KEY = "_short_session_until"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _short_session(user):
            self._apply(request)
        return self.get_response(request)

    def _apply(self, request) -> None:
        from django.contrib.auth import logout
        from django.utils import timezone

        session = request.session
        now = int(timezone.now().timestamp())
        until = session.get(self.KEY)
        if until is None:
            session[self.KEY] = now + settings.SESSION_SECRETARIAT_AGE
            session.set_expiry(0)
        elif now > until:
            logout(request)


def _short_session(user) -> bool:
    from organizations.permissions import can_work_as_secretariat

    return user.is_staff or can_work_as_secretariat(user)


def client_ip(request) -> str:
    """The client's address: the hop the nearest trusted proxy saw, else the socket's."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
