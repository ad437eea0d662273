"""The submission's tasks: reading an uploaded file, and analysing its text.

Reading an uploaded file happens in a worker: the web only stored it.

The outbox (kind ``submission_read``) enqueues ``read_submission`` once the
upload is committed. The task reads the file in a sandboxed child process
(``importing.sandbox``) and stores the text, or refuses the file: its message
names the limit, and the stored file is deleted.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from proposals.models import Submission
from proposals.submissions import imports, uploads
from proposals.submissions.importing import ImportRejected

logger = logging.getLogger(__name__)


def read_submission_enqueue(*, submission_id: int) -> None:
    """The outbox's handler: hand the reading to a worker."""
    read_submission.apply_async(args=[submission_id], retry=False)


def submission_read(*, submission_id: int) -> str:
    """Read a stored upload once; returns the submission's state afterwards."""
    submission = Submission.objects.filter(
        pk=submission_id, read_state=Submission.ReadState.READING
    ).first()
    if submission is None:
        return "gone"
    with submission.file.open("rb") as stored:
        data = stored.read()
    try:
        text = uploads.upload_extract(data, submission.original_filename or submission.file.name)
    except ImportRejected as refusal:
        with transaction.atomic():
            Submission.objects.filter(pk=submission.pk).update(
                read_state=Submission.ReadState.REFUSED, read_error=refusal.message[:500], text=""
            )
        submission.file.delete(save=False)
        Submission.objects.filter(pk=submission.pk).update(file="")
        logger.info("submission %s refused: %s", submission.pk, refusal.code)
        return Submission.ReadState.REFUSED
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk, read_state=Submission.ReadState.READING).update(
            text=text, read_state=Submission.ReadState.READ
        )
        submission.refresh_from_db()
        imports.submission_analyse(submission=submission)
    return Submission.ReadState.READ


@shared_task(
    name="proposals.tasks.read_submission",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The sandbox stops the reading at its own wall time; this is the backstop.
    soft_time_limit=90,
    time_limit=120,
)
def read_submission(submission_id: int) -> str:
    return submission_read(submission_id=submission_id)


@shared_task(name="proposals.analyse_submission")
def analyse_submission(submission_id: int) -> int:
    """Read a stored submission's text again and keep the proposals; the number found."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return 0
    imports.submission_analyse(submission=submission)
    return len(submission.analysis.get("candidates", []))
