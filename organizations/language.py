"""The language switcher, which also remembers a logged-in user's choice for their e-mail."""

from django.utils import translation
from django.views.i18n import set_language as django_set_language

from organizations.services import profile_set_language


def set_language(request):
    response = django_set_language(request)
    if request.method == "POST" and response.status_code in (200, 302):
        language = request.POST.get("language", "")
        if translation.check_for_language(language):
            profile_set_language(user=request.user, language=language)
    return response
