from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from organizations.language import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher: Django's, remembering a logged-in user's choice for e-mail.
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Log in and out, change and reset the password: Django's own views, our templates.
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("proposals.api.urls")),
    path("feeds/", include("proposals.alerts.urls")),
    path("data/", include("proposals.opendata.urls")),
    path("", include("proposals.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
