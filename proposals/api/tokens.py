"""Writes for API tokens: create (the secret is returned once), revoke, note a use."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.api.models import ApiToken

TOKEN_PREFIX = "kvt_"  # noqa: S105 - a marker, not a secret
MAX_DAYS = 366
DEFAULT_DAYS = 90
# A use is written at most this often per token, so reads do not all write.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    """Tokens are long random strings, so one SHA-256 is enough to keep them unreadable."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned here and never stored."""
    if not permissions.can_hold_api_token(user):
        raise PermissionDenied(
            _("Bare medlemmer av en organisasjon og sekretariatet kan lage API-nøkler.")
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("Gyldigheten må være mellom 1 og %(max)s dager.") % {"max": MAX_DAYS}}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    if token.user_id != user.pk:
        raise PermissionDenied(_("Du kan bare trekke tilbake dine egne API-nøkler."))
    ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_token_note_use(*, token: ApiToken, at=None) -> None:
    """Record the last use, with one conditional UPDATE at most once a minute."""
    at = at or timezone.now()
    if token.last_used_at is not None and at - token.last_used_at < LAST_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    token.last_used_at = at


def api_token_for(raw: str) -> ApiToken | None:
    """The usable token with this secret, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return ApiToken.objects.usable().select_related("user").filter(key_hash=token_hash(raw)).first()
