"""Cache headers: public pages may be kept by a shared cache in front; nothing else may.

The one place for the rule. An answer is marked ``public, max-age=…``
(``PUBLIC_CACHE_SECONDS``) only when all of these hold: a GET or HEAD by an
anonymous visitor, a 200 that is not streamed (exports are files, not pages),
no cookie set on it, and no ``Cache-Control`` chosen by the view. ``Vary:
Cookie`` goes with it, because the language comes from a cookie. Answers for a
logged-in user are never marked public here; pages that must not be stored at
all say so themselves (``Cache-Control: private, no-store``), and this
middleware leaves an answer that has its own header alone.

``config.middleware.PrivatePagesMiddleware`` (inside this one) marks every page
that depends on who asks, a CSRF token in a form included, ``private, no-store``;
this middleware then leaves it alone, and never marks a page that used a CSRF
token public.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = getattr(settings, "PUBLIC_CACHE_SECONDS", 0)
        if seconds <= 0:
            return response
        if self._shareable(request, response):
            patch_cache_control(response, public=True, max_age=seconds)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _shareable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A page holding a CSRF token is someone's own (PrivatePagesMiddleware's rule).
            and not request.META.get("CSRF_COOKIE_USED")
            and not response.has_header("Cache-Control")
            and (user is None or not user.is_authenticated)
            and not response.get("Content-Disposition", "").startswith("attachment")
        )
