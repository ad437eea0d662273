"""Reading a recommendation and suggesting matches run here, never inside a request."""

from __future__ import annotations

from celery import shared_task
from django.core.files.storage import default_storage

from proposals.outcomes import reading, services
from proposals.outcomes.blocks import UnreadableDocument
from proposals.reference.models import PolicyDocument
from proposals.summaries.tasks import TRANSIENT


@shared_task(
    name="proposals.tasks.recommendation_read",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
)
def recommendation_read(document_id: int, stored_name: str, filename: str) -> dict:
    """Split the stored file into passages, then suggest matches for the case's demands."""
    document = PolicyDocument.objects.get(pk=document_id)
    with default_storage.open(stored_name, "rb") as handle:
        data = handle.read(reading.MAX_BYTES + 1)
    try:
        passages = reading.read_file(data, filename)
    except UnreadableDocument as exc:
        return {"error": str(exc)}
    result = services.passages_replace(document=document, passages=passages)
    suggested = services.matches_suggest(document=document)
    return {"created": result.created, "updated": result.updated, "suggested": suggested}


@shared_task(name="proposals.tasks.matches_suggest", autoretry_for=TRANSIENT, max_retries=5)
def matches_suggest(document_id: int) -> int:
    return services.matches_suggest(document=PolicyDocument.objects.get(pk=document_id))


def recommendation_read_enqueue(*, document_id: int, stored_name: str, filename: str) -> None:
    """The outbox's handler: hand the reading to a worker (never inside the request)."""
    recommendation_read.delay(document_id, stored_name, filename)
