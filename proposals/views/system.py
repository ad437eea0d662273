"""Endpoints for operators and load balancers."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from organizations.services import profile_set_language
from proposals import health


@never_cache
@require_GET
def healthz(request):
    """200 when database, cache and broker answer; 503 otherwise. Always JSON."""
    report = health.system_health()
    return JsonResponse(report.as_json(), status=200 if report.ok else 503)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, as a page of ours in the reader's language."""
    return render(request, "403_csrf.html", status=403)


def locked_out(request, *args, **kwargs):
    """The answer to a login attempt after too many wrong passwords (django-axes)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    response = render(
        request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429
    )
    response["Retry-After"] = str(minutes * 60)
    return response


@csrf_exempt
@require_POST
def set_language(request):
    """Django's ``set_language``, refusing posts made from another site.

    The switcher carries no CSRF token, so that public pages stay the same for
    every visitor (and cacheable). What the token guarded against, another site
    switching a reader's language, is refused by the browser's own statement of
    where the form came from (``Sec-Fetch-Site``, else ``Origin``).
    """
    if not _same_origin(request):
        return csrf_failure(request)
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if translation.check_for_language(language):
        # Remembered for the user's e-mail, which has no request to read a cookie from.
        profile_set_language(user=request.user, language=language)
    return response


def _same_origin(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        # Old browsers send neither; only a browser from the same site sends a Referer here.
        referer = request.headers.get("Referer")
        return referer is None or url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}
        )
    return url_has_allowed_host_and_scheme(origin, allowed_hosts={request.get_host()})
