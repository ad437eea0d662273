"""Writes of the Storting's process: running an import, settling a sender's name.

``stortinget_import`` is the one way in for the command, the Celery task and
the secretariat's screen alike.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organizations import permissions
from organizations.matching import fold
from organizations.models import NameReview, Organisation
from organizations.services import alias_add, name_index
from proposals.process import batch
from proposals.process.importer import Report, StortingImport, submission_sync
from proposals.process.models import (
    BatchFile,
    BatchUpload,
    HearingSubmission,
    ImportRun,
    ProgrammeEntry,
)
from proposals.process.sources import (
    SourceUnavailable,
    StortingetClient,
    saved_answers,
)
from proposals.submissions import imports as submission_imports
from proposals.submissions import uploads as uploads_module
from proposals.submissions.importing import ImportRejected, extract_text
from proposals.submissions.models import Submission


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


# --- batches of submission files ---------------------------------------------------


def _expanded(uploads: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    files = []
    for name, data in uploads:
        if name.lower().endswith(".zip"):
            try:
                files += batch.read_archive(data)
            except ImportRejected as refusal:
                raise ValidationError(
                    f"{uploads_module.base_name(name)}: {refusal.message}"
                ) from None
        else:
            files.append((name, data))
    if not files:
        raise ValidationError(_("Velg minst én fil."))
    if len(files) > batch.MAX_FILES:
        raise ValidationError(_("Høyst %(n)s filer i én bunke.") % {"n": batch.MAX_FILES})
    if sum(len(data) for _, data in files) > batch.MAX_TOTAL_BYTES:
        raise ValidationError(_("Filene er til sammen for store."))
    return files


@transaction.atomic
def batch_create(*, user, document, uploads: list[tuple[str, bytes]], hearing=None) -> BatchUpload:
    """Keep many files as one batch; each is read in the background, then reviewed."""
    if not permissions.can_upload_batch(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan laste opp filbunker."))
    files = _expanded(uploads)
    upload = BatchUpload(document=document, hearing=hearing, created_by=user)
    upload.full_clean()
    upload.save()
    ids = []
    for name, data in files:
        clean_name = uploads_module.base_name(name) or "fil"
        row = BatchFile(batch=upload, filename=clean_name)
        row.file.save(clean_name, ContentFile(data), save=False)
        row.save()
        ids.append(row.pk)
    from proposals.process.tasks import read_batch_file

    transaction.on_commit(lambda: [read_batch_file.delay(pk) for pk in ids])
    return upload


def batch_match_organisation(*, text: str, filename: str):
    """The organisation a file is from: its letterhead, its signature, or its file name."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    stem = filename.rsplit(".", 1)[0].replace("_", " ").replace("-", " ")
    candidates = [stem, *lines[:15], *lines[-20:]]
    index = name_index()
    best = None
    for candidate in candidates:
        if not candidate or len(candidate) > 150:
            continue
        found = index.match(candidate)
        if found.exact:
            return found.organisation_id
        if found.matched and (best is None or found.score > best.score):
            best = found
    return best.organisation_id if best else None


def batch_file_read(*, file_id: int, timed_out: bool = False) -> BatchFile:
    """Read one file of a batch; matched to an organisation, it becomes a submission."""
    row = BatchFile.objects.select_related("batch__document", "batch__created_by").get(pk=file_id)
    if row.state != BatchFile.State.WAITING:
        return row
    if timed_out:
        row.state, row.error = BatchFile.State.FAILED, _("Lesingen tok for lang tid.")
        row.save(update_fields=["state", "error"])
        return row
    data = row.file.read() if row.file else b""
    try:
        text = extract_text(data, row.filename, max_bytes=settings.MAX_UPLOAD_BYTES)
    except ImportRejected as refusal:
        row.state, row.error = BatchFile.State.FAILED, refusal.message
        row.save(update_fields=["state", "error"])
        return row
    row.text = text
    row.state = BatchFile.State.READ
    row.organisation_id = batch_match_organisation(text=text, filename=row.filename)
    row.save(update_fields=["text", "state", "organisation"])
    if row.organisation_id:
        _batch_submission(row, data)
    return row


def _batch_submission(row: BatchFile, data: bytes) -> None:
    submission = submission_imports.submission_store(
        user=row.batch.created_by,
        organisation=row.organisation,
        document=row.batch.document,
        data=data,
        filename=row.filename,
        text=row.text,
        check_permission=False,
    )
    submission.source = Submission.Source.BATCH
    submission.save(update_fields=["source"])
    row.submission = submission
    row.save(update_fields=["submission"])


@transaction.atomic
def batch_file_assign(*, row: BatchFile, organisation: Organisation, user) -> BatchFile:
    """The secretariat says whose a file is, when neither letterhead nor name told."""
    if not permissions.can_upload_batch(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan laste opp filbunker."))
    row = BatchFile.objects.select_for_update().select_related("batch__document").get(pk=row.pk)
    if row.state != BatchFile.State.READ or row.submission_id:
        raise ValidationError(_("Filen er allerede knyttet til en organisasjon, eller ikke lest."))
    row.organisation = organisation
    row.save(update_fields=["organisation"])
    row.file.open("rb")
    data = row.file.read()
    _batch_submission(row, data)
    return row
