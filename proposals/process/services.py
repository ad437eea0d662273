"""Writes of the Storting's process: running an import, settling a sender's name.

``stortinget_import`` is the one way in for the command, the Celery task and
the secretariat's screen alike.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organizations import permissions
from organizations.matching import fold
from organizations.models import NameReview, Organisation
from organizations.services import alias_add
from proposals.process.importer import Report, StortingImport, submission_sync
from proposals.process.models import HearingSubmission, ImportRun, ProgrammeEntry
from proposals.process.sources import (
    SourceUnavailable,
    StortingetClient,
    saved_answers,
)


class _DryRun(Exception):
    pass


def stortinget_import(
    *,
    path: str | Path | None = None,
    url: str | None = None,
    session: str = "",
    committee: str = "",
    hearing: int | None = None,
    dry_run: bool = False,
    run: ImportRun | None = None,
    client: StortingetClient | None = None,
    on_progress=None,
) -> Report:
    """Import from saved answers (``path``) or the service (``url``); a dry run keeps nothing.

    Raises ``SourceUnavailable`` when the files or the service cannot be read.
    """
    if (path is None) == (url is None and client is None):
        raise ValidationError(_("Oppgi enten en fil eller mappe, eller en nettadresse."))
    answers = saved_answers(path) if path is not None else None
    importer = StortingImport(
        session=session, committee=committee, hearing=hearing, run=run, on_progress=on_progress
    )
    try:
        with transaction.atomic():
            if answers is not None:
                importer.from_saved(answers)
            else:
                importer.from_service(client or StortingetClient(url))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return importer.report


def import_run_create(
    *, user, hearing: int | None = None, session: str = "", path: str = ""
) -> ImportRun:
    """A queued import the secretariat asked for; the task runs it after the commit."""
    if not permissions.can_import_from_storting(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan importere fra Stortinget."))
    run = ImportRun(
        options={"hearing": hearing, "session": session, "path": path},
        started_by=user,
    )
    run.full_clean()
    run.save()
    from proposals.process.tasks import import_stortinget

    transaction.on_commit(lambda: import_stortinget.delay(run.pk))
    return run


def import_run_execute(*, run_id: int) -> ImportRun:
    """Run a queued import, keeping its progress and report on the row."""
    claimed = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).update(
        state=ImportRun.State.RUNNING
    )
    run = ImportRun.objects.get(pk=run_id)
    if not claimed:
        return run

    def progress(done: int, total: int) -> None:
        # Its own write, outside the import's transaction, so the screen sees it.
        ImportRun.objects.filter(pk=run.pk).update(done=done, total=total)

    options = run.options
    try:
        report = stortinget_import(
            path=options.get("path") or None,
            url=options.get("url")
            or (None if options.get("path") else "https://data.stortinget.no/eksport/"),
            session=options.get("session") or "",
            hearing=options.get("hearing"),
            run=run,
            on_progress=progress,
        )
    except (SourceUnavailable, ValidationError) as error:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.FAILED,
            error=" ".join(getattr(error, "messages", [str(error)])),
            finished_at=timezone.now(),
        )
    else:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.DONE, report=report.as_dict(), finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def _settle(review: NameReview, organisation: Organisation) -> int:
    """Give every unmatched row that wrote this name its organisation; returns the count."""
    settled = 0
    waiting = HearingSubmission.objects.filter(organisation__isnull=True).select_related("hearing")
    for received in waiting:
        if fold(received.organisation_name) == review.key:
            received.organisation = organisation
            received.save(update_fields=["organisation", "imported_at"])
            submission_sync(hearing_submission=received)
            settled += 1
    for entry in ProgrammeEntry.objects.filter(organisation__isnull=True):
        if fold(entry.participant) == review.key:
            entry.organisation = organisation
            entry.save(update_fields=["organisation"])
            settled += 1
    return settled


@transaction.atomic
def name_review_confirm(*, review: NameReview, organisation: Organisation, user) -> int:
    """The secretariat says who the name is; remembered as an alias for the next import."""
    if not permissions.can_review_names(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan bekrefte organisasjoner."))
    review = NameReview.objects.select_for_update().get(pk=review.pk)
    if review.state != NameReview.State.OPEN:
        raise ValidationError(_("Navnet er allerede avgjort."))
    alias_add(organisation=organisation, name=review.name, user=user)
    review.state = NameReview.State.CONFIRMED
    review.organisation = organisation
    review.resolved_by = user
    review.resolved_at = timezone.now()
    review.full_clean()
    review.save()
    return _settle(review, organisation)


@transaction.atomic
def name_review_create_organisation(
    *, review: NameReview, name: str, short_name: str, kind: str, user
) -> Organisation:
    """A new organisation for a name no known one is; the name is kept as its alias."""
    if not permissions.can_review_names(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan opprette organisasjoner."))
    review = NameReview.objects.select_for_update().get(pk=review.pk)
    if review.state != NameReview.State.OPEN:
        raise ValidationError(_("Navnet er allerede avgjort."))
    organisation = Organisation(
        name=name.strip(), short_name=short_name.strip(), kind=kind, slug=slugify(short_name)[:60]
    )
    organisation.full_clean()
    organisation.save()
    alias_add(organisation=organisation, name=review.name, user=user)
    review.state = NameReview.State.CREATED
    review.organisation = organisation
    review.resolved_by = user
    review.resolved_at = timezone.now()
    review.save()
    _settle(review, organisation)
    return organisation
