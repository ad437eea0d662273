"""Cache headers: public pages may be kept by a shared cache in front; nothing else may.

The one place for the rule. An answer is marked ``public, max-age=…``
(``PUBLIC_CACHE_SECONDS``) only when all of these hold: a GET or HEAD by an
anonymous visitor, a 200 that is not streamed (exports are files, not pages),
no cookie set on it, and no ``Cache-Control`` chosen by the view. ``Vary:
Cookie`` goes with it, because the language comes from a cookie. Answers for a
logged-in user are never marked public here; pages that must not be stored at
all say so themselves (``Cache-Control: private, no-store``), and this
middleware leaves an answer that has its own header alone.

Every page holds the language form's CSRF token, so a visitor's first answer
(which sets the CSRF cookie) is never shared, and later ones are shared only
between requests with the same cookie (``Vary: Cookie``); Django's repeat of an
unchanged CSRF cookie is dropped from those.
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
        self._drop_unchanged_csrf_cookie(request, response)
        if self._shareable(request, response):
            patch_cache_control(response, public=True, max_age=seconds)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _drop_unchanged_csrf_cookie(request, response) -> None:
        """Django sends the CSRF cookie again with every page holding a form; when it
        is the very value the visitor sent, the copy says nothing new and is dropped."""
        name = settings.CSRF_COOKIE_NAME
        sent = request.COOKIES.get(name)
        if sent and set(response.cookies) == {name} and response.cookies[name].value == sent:
            del response.cookies[name]

    @staticmethod
    def _shareable(request, response) -> bool:
        user = getattr(request, "user", None)
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
            and (user is None or not user.is_authenticated)
            and not response.get("Content-Disposition", "").startswith("attachment")
        )
