"""E-mail to an organisation's editors when one of its demands changes status."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from organizations.models import Membership
from organizations.services import languages_of
from proposals.models import StatusChange

logger = logging.getLogger(__name__)


def status_change_recipients(change: StatusChange) -> list[str]:
    """The organisation's active editors with an address, except whoever made the change."""
    members = Membership.objects.filter(
        organisation_id=change.demand.organisation_id,
        role=Membership.Role.EDITOR,
        user__is_active=True,
    ).exclude(user__email="")
    if change.changed_by_id is not None:
        members = members.exclude(user_id=change.changed_by_id)
    return sorted(set(members.values_list("user__email", flat=True)))


def status_notification_send(*, change_id: int) -> int:
    """The outbox's handler: send the mails now (an SMTP failure is retried by the outbox)."""
    return _send(change_id)


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=30,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_status_notification(status_change_id: int) -> int:
    """Send one e-mail per editor; returns how many were sent."""
    return _send(status_change_id)


def _send(status_change_id: int) -> int:
    change = (
        StatusChange.objects.select_related("demand", "demand__organisation", "demand__document")
        .filter(pk=status_change_id)
        .first()
    )
    if change is None:
        logger.warning("Status change %s is gone; no e-mail sent", status_change_id)
        return 0
    recipients = status_change_recipients(change)
    if not recipients:
        return 0
    # Each editor reads it in the language they chose on the site (Profile.language).
    messages = []
    by_language: dict[str, list[str]] = {}
    for address, language in languages_of(recipients).items():
        by_language.setdefault(language, []).append(address)
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            context = {
                "change": change,
                "demand": change.demand,
                "site_url": getattr(settings, "SITE_URL", "").rstrip("/"),
            }
            subject = render_to_string("workspace/email/status_changed_subject.txt", context)
            body = render_to_string("workspace/email/status_changed.txt", context)
        subject = " ".join(subject.split())
        messages += [EmailMessage(subject=subject, body=body, to=[a]) for a in addresses]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
