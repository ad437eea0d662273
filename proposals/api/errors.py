"""Every API error as JSON in one shape, documented as the ``Error`` schema.

``{"status": 409, "code": "conflict", "message": "…", "fields": {...},
"current_version": 4, "retry_after": 30}`` — ``fields`` only with 400,
``current_version`` only with 409, ``retry_after`` only with 429 and 503.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from proposals.demands.services import EditConflict, TransitionRefused

logger = logging.getLogger(__name__)

DATABASE_RETRY_SECONDS = 30

CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "refused",
    429: "throttled",
    500: "server_error",
    503: "unavailable",
}


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _lazy("Forespørselen er for stor.")
    default_code = "too_large"


class IdempotencyConflict(exceptions.APIException):
    status_code = 422
    default_detail = _lazy("Denne Idempotency-Key er brukt med en annen forespørsel.")
    default_code = "refused"


def error_body(status_code: int, message: str, **extra) -> dict:
    body = {"status": status_code, "code": CODES.get(status_code, "error"), "message": message}
    body.update({key: value for key, value in extra.items() if value is not None})
    return body


def _messages(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): list(errors)
            for name, errors in error.message_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


def _strings(detail, prefix: str = "") -> list[str]:
    """Every message under ``detail`` as text; nested ones (items of a list) named by place."""
    if isinstance(detail, dict):
        return [
            text
            for key, value in detail.items()
            for text in _strings(value, prefix=f"{prefix}{key}: ")
        ]
    if isinstance(detail, list):
        return [text for item in detail for text in _strings(item, prefix)]
    return [f"{prefix}{detail}"]


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): _strings(value) for key, value in detail.items()}
    return {"non_field_errors": _strings(detail)}


def api_exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        return Response(error_body(409, str(exc), current_version=exc.current.version), status=409)
    if isinstance(exc, TransitionRefused):
        return Response(error_body(422, " ".join(exc.messages)), status=422)
    if isinstance(exc, DjangoValidationError):
        return Response(error_body(400, _("Ugyldige verdier."), fields=_messages(exc)), status=400)
    if isinstance(exc, OperationalError | InterfaceError):
        logger.exception("Database unavailable during an API request")
        return Response(
            error_body(
                503,
                _("Databasen svarer ikke akkurat nå. Prøv igjen om litt."),
                retry_after=DATABASE_RETRY_SECONDS,
            ),
            status=503,
            headers={"Retry-After": str(DATABASE_RETRY_SECONDS)},
        )
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unexpected error in an API request", exc_info=exc)
        return Response(error_body(500, _("Noe gikk galt hos oss.")), status=500)
    detail = getattr(exc, "detail", None)
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        message = _("Ugyldige verdier.")
        extra["fields"] = _flatten(detail)
    else:
        message = str(detail) if detail is not None else str(exc)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        extra["retry_after"] = int(exc.wait + 0.999)
        response["Retry-After"] = str(extra["retry_after"])
    response.data = error_body(response.status_code, message, **extra)
    return response


@csrf_exempt  # it changes nothing; a POST to a wrong path must also get JSON
def not_found(request, *args, **kwargs):
    """Unknown paths under /api/ answer in the same shape, not with the HTML page."""
    return JsonResponse(
        error_body(404, _("Fant ingen slik adresse i API-et.")), status=status.HTTP_404_NOT_FOUND
    )


# --- For the schema -----------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.ChoiceField(
        choices=sorted(set(CODES.values())), help_text="A stable, machine-readable code."
    )
    message = serializers.CharField(help_text="What went wrong, for people (Norwegian or English).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="With 400: the messages for each field or parameter.",
    )
    current_version = serializers.IntegerField(
        required=False, help_text="With 409: the demand's version now (versjon)."
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="With 429 and 503: seconds to wait, as in Retry-After."
    )


_DESCRIPTIONS = {
    400: "Bad input: a filter, parameter or field is wrong; `fields` says which and why.",
    401: "A token was sent but is unknown, expired or revoked; or the call needs a token.",
    403: "The caller may not do this (e.g. another organisation's demand, or a secretariat step).",
    404: "Not found, or not visible to this caller (drafts are private to their organisation).",
    405: "The method is not allowed here.",
    409: "The demand changed since the caller read it; `current_version` is its version now.",
    413: "The request body is larger than the API reads.",
    415: "The body must be JSON (`Content-Type: application/json`).",
    422: "The status change is not allowed from the demand's status, or a note is missing.",
    429: "Too many requests; wait `Retry-After` seconds.",
    503: "The database is not answering; try again after `Retry-After` seconds.",
}

READ_ERRORS = (400, 401, 404, 405, 429, 503)
WRITE_ERRORS = (400, 401, 403, 404, 405, 413, 415, 429, 503)


def error_responses(*codes: int) -> dict:
    return {
        code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes
    }
