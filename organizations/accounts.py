"""Password reset that answers the same way, in the same time, for every address.

The view only hands the address to a task; looking the account up, making the
token and sending the mail happen in the worker. So the answer's timing says
nothing about whether an account has that address. Links are built from
``SITE_URL``, never from the request's Host header.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, *args, **kwargs) -> None:  # noqa: ARG002 - the view's arguments are ignored
        from proposals.outbox import outbox_enqueue

        outbox_enqueue(
            kind="password_reset",
            payload={
                "email": self.cleaned_data["email"],
                "language": translation.get_language() or settings.LANGUAGE_CODE,
            },
        )


def password_reset_send(*, email: str, language: str) -> None:
    """Send the reset mail to every active account with this address (none: nothing)."""
    site = urlsplit(settings.SITE_URL)
    form = PasswordResetForm(data={"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
            from_email=settings.DEFAULT_FROM_EMAIL,
        )


@shared_task(name="organizations.send_password_reset", acks_late=True, ignore_result=True)
def send_password_reset(email: str, language: str) -> None:
    password_reset_send(email=email, language=language)
