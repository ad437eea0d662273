"""Importing a submission: the Django side of ``proposals.importing``.

``import_preview`` reads a file and proposes demands without saving anything;
``submission_import`` saves the submission with its file and text and creates
the chosen proposals as drafts, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from organizations import permissions

from . import services
from .importing import analyse, extract_text
from .models import BudgetPost, Chapter, PolicyDocument, Stance, Submission

TITLE_LENGTH = 120


@dataclass
class ImportPreview:
    text: str
    analysis: dict[str, Any]


def _chapter_resolver(document: PolicyDocument):
    """``(identifier, number) -> bool``: does that document have that chapter here?"""
    known = set(
        Chapter.objects.filter(
            document__identifier__in=[document.identifier, *_cited_identifiers()]
        ).values_list("document__identifier", "number")
    )

    def resolve(identifier: str | None, number: str) -> bool:
        return ((identifier or document.identifier), number) in known

    return resolve


def _cited_identifiers() -> list[str]:
    return list(PolicyDocument.objects.values_list("identifier", flat=True))


def import_preview(*, data: bytes, filename: str, document: PolicyDocument) -> ImportPreview:
    """Extract, find references and propose demands; raises ``ImportRejected``."""
    text = extract_text(data, filename)
    analysis = analyse(
        text, target_document=document.identifier, resolver=_chapter_resolver(document)
    )
    return ImportPreview(text=text, analysis=analysis)


def resolve_chapters(document: PolicyDocument, refs: list[dict]) -> list[Chapter]:
    numbers = [ref["number"] for ref in refs if ref.get("document") in (None, document.identifier)]
    return list(Chapter.objects.filter(document=document, number__in=numbers))


def resolve_budget_posts(document: PolicyDocument, refs: list[dict]) -> list[BudgetPost]:
    posts = []
    for ref in refs:
        year = ref.get("year") or document.budget_year
        lookup = BudgetPost.objects.filter(chapter=ref["chapter"], post=ref["post"])
        post = (lookup.filter(year=year) if year else lookup).order_by("-year").first()
        if post is not None:
            posts.append(post)
    return posts


def candidate_title(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(TITLE_LENGTH)


@transaction.atomic
def submission_import(
    *,
    user,
    organisation,
    document: PolicyDocument,
    data: bytes,
    filename: str,
    text: str,
    candidates: list[dict],
    title: str = "",
    check_permission: bool = True,
) -> Submission:
    """Keep the file and its text as a submission, and the chosen candidates as demands.

    An organisation's editor gets drafts to review and submit. The secretariat,
    registering a document the organisation has already sent to the committee,
    gets the demands as submitted (see ``permissions.import_registers_as_submitted``).
    Each candidate is a dict as ``analyse`` gives it, possibly edited by the
    reviewer (``title``, ``text``, ``stance``, ``requested_amount_nok``,
    ``chapter_refs``, ``budget_refs``).
    """
    if check_permission and not permissions.can_import_for_organisation(user, organisation.pk):
        raise PermissionDenied(_("Du kan bare importere innspill for din egen organisasjon."))
    submission = Submission(
        organisation=organisation,
        document=document,
        kind=Submission.Kind.BUDGET_INPUT
        if document.kind == PolicyDocument.Kind.BUDGET_PROPOSITION
        else Submission.Kind.HEARING_RESPONSE,
        title=title
        or _("Innspill fra %(org)s til %(doc)s")
        % {"org": organisation.short_name, "doc": document.identifier},
        original_filename=filename[:255],
        text=text,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    submission.file.save(filename, ContentFile(data), save=False)
    submission.full_clean()
    submission.save()
    as_submitted = permissions.import_registers_as_submitted(user, organisation.pk)
    for candidate in candidates:
        stance = candidate.get("stance")
        demand = services.demand_create(
            user=user,
            organisation=organisation,
            document=document,
            submission=submission,
            title=candidate.get("title") or candidate_title(candidate["text"]),
            text=candidate["text"],
            stance=stance if stance in Stance.values else Stance.WANTS_CHANGE,
            requested_amount_nok=candidate.get("requested_amount_nok"),
            chapters=resolve_chapters(document, candidate.get("chapter_refs", [])),
            budget_posts=resolve_budget_posts(document, candidate.get("budget_refs", [])),
            source_section=(candidate.get("heading") or "")[:300],
            # The submission's editor may be a secretary importing for an
            # organisation; the permission was checked above.
            check_permission=False,
        )
        if as_submitted:
            services.demand_change_status(
                demand=demand,
                to_status=services.S.SUBMITTED,
                user=user,
                note=_("Registrert av sekretariatet fra innsendt dokument."),
                check_permission=False,
            )
    return submission
