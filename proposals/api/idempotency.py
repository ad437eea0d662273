"""``Idempotency-Key``: a create retried with the same key and body gets the first answer.

The key is claimed with an INSERT under a unique constraint inside the create's
transaction: a second request with the same key waits for the first to commit and
then replays its answer; if the first failed, nothing was kept and the retry runs.
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from proposals.api.errors import IdempotencyConflict
from proposals.api.models import ApiToken, IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100


def _fingerprint(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def idempotent(request, perform) -> Response:
    """``perform()`` once per (token, key); a replay carries ``Idempotent-Replayed: true``."""
    key = request.headers.get(HEADER, "").strip()
    token = request.auth if isinstance(request.auth, ApiToken) else None
    if not key or token is None:
        return perform()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise exceptions.ValidationError(
            {HEADER: [_("Høyst %(n)s synlige tegn.") % {"n": MAX_KEY_LENGTH}]}
        )
    fingerprint = _fingerprint(request.data)
    with transaction.atomic():
        record, created = IdempotentRequest.objects.get_or_create(
            token=token, key=key, defaults={"fingerprint": fingerprint}
        )
        if not created:
            if record.fingerprint != fingerprint:
                raise IdempotencyConflict(
                    _("Denne Idempotency-Key er brukt med en annen forespørsel.")
                )
            if record.status_code is not None:
                return Response(
                    record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"}
                )
        response = perform()
        record.status_code = response.status_code
        record.body = json.loads(JSONRenderer().render(response.data))
        record.save(update_fields=["status_code", "body"])
    return response
