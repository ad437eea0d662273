"""The interface language: Norwegian unless the visitor has chosen English.

Django's LocaleMiddleware also follows the browser's Accept-Language header,
which would greet most visitors from abroad, and many Norwegians whose
browsers say English, in English. A Norwegian public service speaks Norwegian
first; the language switcher's cookie is the only way to another language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class NorwegianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
