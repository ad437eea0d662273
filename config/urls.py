from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations.accounts import QueuedPasswordResetForm
from proposals.views import system

handler500 = "config.middleware.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher posts without a CSRF token; its origin is checked instead.
    path("i18n/setlang/", system.set_language, name="set_language"),
    # Log in and out, change and reset the password: Django's own views, our templates.
    # The reset mail is sent by a worker, so the answer takes as long for any address.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("proposals.api.urls")),
    path("feeds/", include("proposals.alerts.urls")),
    path("data/", include("proposals.opendata.urls")),
    path("", include("proposals.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
