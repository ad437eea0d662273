"""The submission's tasks: thin, taking ids and calling services."""

from celery import shared_task

from proposals.models import Submission
from proposals.submissions import imports


@shared_task(name="proposals.analyse_submission")
def analyse_submission(submission_id: int) -> int:
    """Read a stored submission's text again and keep the proposals; the number found."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return 0
    imports.submission_analyse(submission=submission)
    return len(submission.analysis.get("candidates", []))
