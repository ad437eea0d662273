"""Importing a submission: the Django side of ``proposals.submissions.importing``.

The import is done in two steps, by the command and the review screen alike:

1. the file is read and checked, its text extracted, and the submission kept
   with both (``submission_from_upload``, ``submission_store``);
2. the proposed demands are rebuilt from ``submission.text`` whenever they are
   needed (``import_review``), so nothing the browser sends back is trusted
   but the reviewer's own edits; the chosen ones become demands in one
   transaction (``submission_create_demands``).

``import_preview`` does step 1 without saving, for ``--dry-run``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands import services
from proposals.models import BudgetPost, Chapter, Demand, PolicyDocument, Stance, Submission
from proposals.reference import services as reference_services
from proposals.reference.budget import BudgetPostError, format_budget_post, parse_budget_post
from proposals.reference.chapters import chapter_numbers_in, chapter_sort_key, strip_chapter_number
from proposals.reference.labels import budget_post_label
from proposals.submissions import uploads
from proposals.submissions.importing import ImportRejected, analyse, extract_text
from proposals.submissions.importing.references import heading_number

TITLE_LENGTH = 120


# --- Reference data, read once per request --------------------------------------------


class ReferenceIndex:
    """A document's chapters and the budget posts, each read with one query when first needed.

    Every candidate of a submission is resolved against the same index, so
    the number of queries does not grow with the number of candidates.
    """

    def __init__(self, document: PolicyDocument):
        self.document = document
        self._chapters: dict[str, Chapter] | None = None
        self._other_chapters: set[tuple[str, str]] | None = None
        self._posts: dict[tuple[int, int], list[BudgetPost]] | None = None

    @property
    def chapters(self) -> dict[str, Chapter]:
        if self._chapters is None:
            self._chapters = {
                chapter.number: chapter
                for chapter in Chapter.objects.filter(document=self.document).order_by("sort_key")
            }
        return self._chapters

    def has_chapter(self, identifier: str | None, number: str) -> bool:
        """The resolver ``analyse`` asks: does that document have that chapter here?"""
        if identifier in (None, self.document.identifier):
            return number in self.chapters
        if self._other_chapters is None:
            self._other_chapters = set(
                Chapter.objects.exclude(document=self.document).values_list(
                    "document__identifier", "number"
                )
            )
        return (identifier, number) in self._other_chapters

    def budget_post(self, chapter: int, post: int, year: int | None = None) -> BudgetPost | None:
        """The post in ``year`` (else the document's budget year, else the latest one)."""
        if self._posts is None:
            self._posts = {}
            for budget_post in BudgetPost.objects.order_by("chapter", "post", "-year"):
                self._posts.setdefault((budget_post.chapter, budget_post.post), []).append(
                    budget_post
                )
        found = self._posts.get((chapter, post), [])
        year = year or self.document.budget_year
        if year is None:
            return found[0] if found else None
        return next((p for p in found if p.year == year), None)

    def chapters_from_text(self, text: str) -> list[Chapter]:
        """``"10.3, 12"`` → those chapters of the document; ValidationError names the rest."""
        numbers = chapter_numbers_in(text)
        if text.strip() and not numbers:
            raise ValidationError(_("Skriv kapittelnumrene skilt med komma, f.eks. «10.3, 12»."))
        unknown = [number for number in numbers if number not in self.chapters]
        if unknown:
            raise ValidationError(
                _(
                    "%(document)s har ikke kapittel %(numbers)s. Legg det til først, eller fjern det."
                )
                % {"document": self.document.identifier, "numbers": ", ".join(unknown)}
            )
        return [self.chapters[number] for number in numbers]

    def budget_posts_from_text(self, text: str) -> list[BudgetPost]:
        """``"Kap. 701, post 21; kap. 746 post 1"`` → those posts; ValidationError names the rest.

        Each part (split at semicolons and line breaks) is one budget post in
        any notation ``proposals.reference.budget`` reads.
        """
        posts: list[BudgetPost] = []
        problems: list[str] = []
        year = self.document.budget_year
        for part in re.split(r"[;\n]+", text):
            if not part.strip():
                continue
            try:
                ref = parse_budget_post(part)
            except BudgetPostError:
                problems.append(
                    _("«%(part)s» er ikke skrevet som «kap. 701 post 21».")
                    % {"part": part.strip()[:60]}
                )
                continue
            post = self.budget_post(ref.chapter, ref.post, year)
            if post is None:
                problems.append(_budget_missing(ref.chapter, ref.post, year))
            elif post not in posts:
                posts.append(post)
        if problems:
            raise ValidationError(problems)
        return posts


def _budget_missing(chapter: int, post: int, year: int | None) -> str:
    label = budget_post_label(chapter, post)
    if year:
        return _("Budsjettposten %(post)s finnes ikke for %(year)s.") % {
            "post": label,
            "year": year,
        }
    return _("Budsjettposten %(post)s finnes ikke.") % {"post": label}


# --- What the review screen shows -------------------------------------------------


@dataclass
class ChapterMention:
    number: str
    document: str | None  # None or the submission's document: linkable
    chapter: Chapter | None  # the chapter, when the document has it

    @property
    def is_missing(self) -> bool:
        return self.document is None and self.chapter is None

    @property
    def is_other_document(self) -> bool:
        return self.document is not None

    @property
    def add_form_id(self) -> str:
        return chapter_form_id(self.number)


@dataclass
class BudgetMention:
    chapter: int
    post: int
    year: int | None
    budget_post: BudgetPost | None

    @property
    def label(self) -> str:
        return budget_post_label(self.chapter, self.post)

    @property
    def field_value(self) -> str:
        """How the review form writes the post: the budget notation its parser reads,
        in every language (the field's help text shows it)."""
        return format_budget_post(self.chapter, self.post)


@dataclass
class ReviewItem:
    """One proposed demand as the reviewer sees it, with its references resolved."""

    index: int
    candidate: dict[str, Any]
    heading: str
    chapters: list[ChapterMention]
    budget: list[BudgetMention]
    programme_categories: list[str]
    cited_documents: list[str]

    def initial(self) -> dict[str, Any]:
        stance = self.candidate.get("stance")
        return {
            "include": True,
            "title": candidate_title(self.candidate["text"]),
            "text": self.candidate["text"],
            "stance": stance if stance in Stance.values else Stance.WANTS_CHANGE,
            "requested_amount_nok": self.candidate.get("requested_amount_nok"),
            "chapters": ", ".join(m.number for m in self.chapters if m.chapter is not None),
            "budget_posts": "; ".join(
                m.field_value for m in self.budget if m.budget_post is not None
            ),
        }


@dataclass
class MissingChapter:
    number: str
    title: str  # from a heading that carries the number, else empty
    items: list[int] = field(default_factory=list)  # 1-based numbers of the proposals

    @property
    def add_form_id(self) -> str:
        return chapter_form_id(self.number)


def chapter_form_id(number: str) -> str:
    """The HTML id of the small form that adds chapter ``number`` (buttons elsewhere use it)."""
    return "nytt-kapittel-" + number.replace(".", "-")


# Each proposal is posted back as this many form fields (see import_forms.CandidateForm).
FIELDS_PER_PROPOSAL = 7


def review_capacity() -> int:
    """How many proposals one review form can post within Django's limit on form fields."""
    return max(1, (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 20) // FIELDS_PER_PROPOSAL)


@dataclass
class ImportReview:
    submission: Submission
    index: ReferenceIndex
    analysis: dict[str, Any]
    items: list[ReviewItem]
    missing_chapters: list[MissingChapter]
    # The number of proposals found, when more than one form can hold were found.
    truncated_from: int | None = None

    @property
    def initial(self) -> list[dict[str, Any]]:
        return [item.initial() for item in self.items]


def import_review(*, submission: Submission, index: ReferenceIndex | None = None) -> ImportReview:
    """The proposed demands of a stored submission, rebuilt from its text."""
    index = index or ReferenceIndex(submission.document)
    document = submission.document
    analysis = analyse(
        submission.text, target_document=document.identifier, resolver=index.has_chapter
    )
    items = []
    missing: dict[str, MissingChapter] = {}
    for position, candidate in enumerate(analysis["candidates"]):
        chapters = []
        for ref in candidate["chapter_refs"]:
            own = ref["document"] in (None, document.identifier)
            mention = ChapterMention(
                number=ref["number"],
                document=None if own else ref["document"],
                chapter=index.chapters.get(ref["number"]) if own else None,
            )
            chapters.append(mention)
            if mention.is_missing:
                entry = missing.setdefault(ref["number"], MissingChapter(ref["number"], ""))
                entry.items.append(position + 1)
        budget = [
            BudgetMention(
                ref["chapter"],
                ref["post"],
                ref["year"],
                index.budget_post(ref["chapter"], ref["post"], ref["year"]),
            )
            for ref in candidate["budget_refs"]
        ]
        items.append(
            ReviewItem(
                index=position,
                candidate=candidate,
                heading=candidate.get("heading") or "",
                chapters=chapters,
                budget=budget,
                programme_categories=candidate.get("programme_categories", []),
                cited_documents=candidate.get("cited_documents", []),
            )
        )
    for item in items:
        numbered = heading_number(item.heading) if item.heading else None
        if numbered and numbered[0] in missing and not missing[numbered[0]].title:
            missing[numbered[0]].title = strip_chapter_number(item.heading)[:300]
    ordered = sorted(missing.values(), key=lambda m: chapter_sort_key(m.number))
    capacity = review_capacity()
    truncated_from = len(items) if len(items) > capacity else None
    return ImportReview(submission, index, analysis, items[:capacity], ordered, truncated_from)


# --- From the reviewer's choices to demands ----------------------------------------


@dataclass
class DemandDraft:
    """A demand to create from a submission, its links already resolved."""

    title: str
    text: str
    stance: str
    requested_amount_nok: int | None = None
    chapters: list[Chapter] = field(default_factory=list)
    budget_posts: list[BudgetPost] = field(default_factory=list)
    heading: str = ""


def drafts_from_review(review: ImportReview, rows: list[dict[str, Any]]) -> list[DemandDraft]:
    """The ticked rows of the review form (cleaned data, in the items' order) as drafts."""
    drafts = []
    for item, row in zip(review.items, rows, strict=False):
        if not row.get("include"):
            continue
        drafts.append(
            DemandDraft(
                title=row["title"],
                text=row["text"],
                stance=row["stance"],
                requested_amount_nok=row.get("requested_amount_nok"),
                chapters=row.get("chapters") or [],
                budget_posts=row.get("budget_posts") or [],
                heading=item.heading,
            )
        )
    return drafts


def drafts_from_candidates(
    *, document: PolicyDocument, candidates: list[dict], index: ReferenceIndex | None = None
) -> list[DemandDraft]:
    """Every candidate as ``analyse`` gives it, with what its references resolve to."""
    index = index or ReferenceIndex(document)
    drafts = []
    for candidate in candidates:
        stance = candidate.get("stance")
        posts = [
            index.budget_post(ref["chapter"], ref["post"], ref.get("year"))
            for ref in candidate.get("budget_refs", [])
        ]
        drafts.append(
            DemandDraft(
                title=candidate.get("title") or candidate_title(candidate["text"]),
                text=candidate["text"],
                stance=stance if stance in Stance.values else Stance.WANTS_CHANGE,
                requested_amount_nok=candidate.get("requested_amount_nok"),
                chapters=resolve_chapters(document, candidate.get("chapter_refs", []), index),
                budget_posts=list(dict.fromkeys(p for p in posts if p is not None)),
                heading=candidate.get("heading") or "",
            )
        )
    return drafts


def resolve_chapters(
    document: PolicyDocument, refs: list[dict], index: ReferenceIndex | None = None
) -> list[Chapter]:
    """The document's chapters among ``refs``; references to other documents are left out."""
    chapters = (index or ReferenceIndex(document)).chapters
    numbers = [ref["number"] for ref in refs if ref.get("document") in (None, document.identifier)]
    return [chapters[number] for number in dict.fromkeys(numbers) if number in chapters]


def resolve_budget_posts(
    document: PolicyDocument, refs: list[dict], index: ReferenceIndex | None = None
) -> list[BudgetPost]:
    index = index or ReferenceIndex(document)
    posts = [index.budget_post(ref["chapter"], ref["post"], ref.get("year")) for ref in refs]
    return list(dict.fromkeys(post for post in posts if post is not None))


def candidate_title(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(TITLE_LENGTH)


# --- Writes -------------------------------------------------------------------------------


@dataclass
class ImportPreview:
    text: str
    analysis: dict[str, Any]


def import_preview(*, data: bytes, filename: str, document: PolicyDocument) -> ImportPreview:
    """Extract, find references and propose demands; raises ``ImportRejected``."""
    text = extract_text(data, filename, max_bytes=settings.MAX_UPLOAD_BYTES)
    index = ReferenceIndex(document)
    analysis = analyse(text, target_document=document.identifier, resolver=index.has_chapter)
    return ImportPreview(text=text, analysis=analysis)


def _require_import_permission(user, organisation) -> None:
    if not permissions.can_import_for_organisation(user, organisation.pk):
        raise PermissionDenied(_("Du kan bare importere innspill for din egen organisasjon."))


def submission_kind(document: PolicyDocument) -> str:
    if document.kind == PolicyDocument.Kind.BUDGET_PROPOSITION:
        return Submission.Kind.BUDGET_INPUT
    return Submission.Kind.HEARING_RESPONSE


@transaction.atomic
def submission_store(
    *,
    user,
    organisation,
    document: PolicyDocument,
    data: bytes,
    filename: str,
    text: str,
    title: str = "",
    kind: str = "",
    submitted_on=None,
    check_permission: bool = True,
) -> Submission:
    """Keep an imported file and its extracted text as the organisation's submission."""
    if check_permission:
        _require_import_permission(user, organisation)
    name = uploads.base_name(filename) or "innspill"
    submission = Submission(
        organisation=organisation,
        document=document,
        kind=kind or submission_kind(document),
        submitted_on=submitted_on,
        title=(title or "").strip()
        or _("Innspill fra %(org)s til %(doc)s")
        % {"org": organisation.short_name, "doc": document.identifier},
        original_filename=name[:255],
        text=text,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    submission.full_clean(exclude=["file"])
    submission.file.save(name, ContentFile(data), save=False)
    try:
        submission.save()
    except BaseException:
        # The row is not there, so the stored file must not stay either.
        submission.file.delete(save=False)
        raise
    return submission


def submission_from_upload(
    *,
    user,
    organisation,
    document: PolicyDocument,
    uploaded_file,
    title: str = "",
    kind: str = "",
    submitted_on=None,
) -> Submission:
    """Check, read and keep an uploaded file with its text; ValidationError says what is wrong.

    The permission is checked before the file is read; every refusal of the
    file (empty, too big, wrong type, encrypted, broken, scanned) comes before
    anything is saved.
    """
    _require_import_permission(user, organisation)
    data = uploads.read_upload(uploaded_file)
    name = uploads.upload_name(uploaded_file)
    try:
        text = extract_text(data, name, max_bytes=settings.MAX_UPLOAD_BYTES)
    except ImportRejected as refusal:
        raise uploads.as_validation_error(refusal) from refusal
    return submission_store(
        user=user,
        organisation=organisation,
        document=document,
        data=data,
        filename=name,
        text=text,
        title=title,
        kind=kind,
        submitted_on=submitted_on,
        check_permission=False,
    )


@transaction.atomic
def submission_create_demands(
    *, submission: Submission, drafts: list[DemandDraft], user, check_permission: bool = True
) -> list[Demand]:
    """The chosen proposals as demands of the submission: all of them, or none.

    An organisation's editor gets drafts to review and submit. The secretariat,
    registering a document the organisation has already sent to the committee,
    gets them as submitted (``permissions.import_registers_as_submitted``).
    A submission's proposals are created once: a second attempt (a double
    click, a reloaded form) is refused rather than duplicating them.
    """
    organisation = submission.organisation
    if check_permission:
        _require_import_permission(user, organisation)
    if not drafts:
        raise ValidationError(_("Kryss av for minst ett krav som skal opprettes."))
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if Demand.objects.filter(submission=locked).exists():
        raise ValidationError(_("Kravene fra dette innspillet er allerede opprettet."))
    as_submitted = permissions.import_registers_as_submitted(user, organisation.pk)
    demands = []
    for draft in drafts:
        demand = services.demand_create(
            user=user,
            organisation=organisation,
            document=submission.document,
            submission=locked,
            title=draft.title,
            text=draft.text,
            stance=draft.stance,
            requested_amount_nok=draft.requested_amount_nok,
            chapters=draft.chapters,
            budget_posts=draft.budget_posts,
            source_section=draft.heading[:300],
            # The importer may be a secretary registering for an organisation;
            # the permission was asked above.
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
        demands.append(demand)
    return demands


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
    """Store the submission and every candidate as a demand, in one transaction (the command)."""
    submission = submission_store(
        user=user,
        organisation=organisation,
        document=document,
        data=data,
        filename=filename,
        text=text,
        title=title,
        check_permission=check_permission,
    )
    try:
        drafts = drafts_from_candidates(document=document, candidates=candidates)
        if drafts:
            submission_create_demands(
                submission=submission, drafts=drafts, user=user, check_permission=check_permission
            )
    except BaseException:
        # The transaction rolls the submission back; its file goes with it.
        submission.file.delete(save=False)
        raise
    return submission


@transaction.atomic
def import_chapter_add(*, submission: Submission, number: str, title: str, user) -> Chapter:
    """Add a chapter the submission refers to but its document lacks.

    Allowed by ``permissions.can_add_chapter_from_import``; limited to the
    numbers the submission's proposals name, so an import is no way to edit a
    document's chapter list at large (the secretariat does that).
    """
    if not permissions.can_add_chapter_from_import(user, submission.organisation_id):
        raise PermissionDenied(_("Du kan ikke legge til kapitler i dette dokumentet."))
    number = number.strip().rstrip(".")
    review = import_review(submission=submission)
    if number in review.index.chapters:
        return review.index.chapters[number]
    if number not in {missing.number for missing in review.missing_chapters}:
        raise ValidationError(
            _("Innspillet viser ikke til kapittel %(number)s i %(document)s.")
            % {"number": number[:40], "document": submission.document.identifier}
        )
    return reference_services.chapter_upsert(
        document=submission.document, number=number, title=title
    )
