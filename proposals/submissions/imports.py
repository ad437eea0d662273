"""Importing a submission: the Django side of ``proposals.submissions.importing``.

The import is done in two steps, by the command and the review screen alike:

1. the file is read and checked, its text extracted, and the submission kept
   with both (``submission_from_upload``, ``submission_store``); the text is
   analysed once then and the analysis kept with it (``submission_analyse``,
   again when a re-reading is asked for);
2. the review (``import_review``) reads the stored proposals, so nothing the
   browser sends back is trusted but the reviewer's own edits; the chosen ones
   become demands in one transaction (``submission_create_demands``). Each
   proposal has a key, and a demand made from it records it, so the submission
   can be reopened to take more, and none is taken twice.

``import_preview`` does step 1 without saving, for ``--dry-run``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands import services
from proposals.models import BudgetPost, Chapter, Demand, PolicyDocument, Stance, Submission
from proposals.outbox import outbox_enqueue
from proposals.reference import services as reference_services
from proposals.reference.budget import BudgetPostError, format_budget_post, parse_budget_post
from proposals.reference.chapters import chapter_numbers_in, chapter_sort_key, strip_chapter_number
from proposals.reference.labels import budget_post_label
from proposals.submissions import uploads
from proposals.submissions.importing import ImportRejected, analyse, check_file
from proposals.submissions.importing.references import heading_number
from proposals.textinput import strip_bidi_controls

TITLE_LENGTH = 120
# Bumped when the importer reads differently, so stored analyses are redone.
ANALYSIS_VERSION = 2
# Proposals shown (and posted back) at once on the review screen.
PAGE_SIZE = 40


# --- Reference data, read once per request --------------------------------------------


class ReferenceIndex:
    """A document's chapters and the budget posts, each read with one query when first needed.

    Every candidate of a submission is resolved against the same index, so
    the number of queries does not grow with the number of candidates.
    """

    def __init__(self, document: PolicyDocument):
        self.document = document
        self._chapters: dict[str, Chapter] | None = None
        self._other_chapters: dict[str, set[str]] | None = None
        self._posts: dict[tuple[int, int], list[BudgetPost]] | None = None
        self._post_chapters: set[int] | None = None

    @property
    def chapters(self) -> dict[str, Chapter]:
        if self._chapters is None:
            self._chapters = {
                chapter.number: chapter
                for chapter in Chapter.objects.filter(document=self.document).order_by("sort_key")
            }
        return self._chapters

    def chapter_list(self, identifier: str | None) -> list[str] | None:
        """The chapter numbers a document has here (None when it has none): what
        ``analyse`` expands ranges against. Another document's are read once each."""
        if identifier in (None, self.document.identifier):
            return list(self.chapters) or None
        if self._other_chapters is None:
            self._other_chapters = {}
        if identifier not in self._other_chapters:
            self._other_chapters[identifier] = set(
                Chapter.objects.filter(document__identifier=identifier).values_list(
                    "number", flat=True
                )
            )
        return sorted(self._other_chapters[identifier]) or None

    def has_chapter(self, identifier: str | None, number: str) -> bool:
        """The resolver ``analyse`` asks: does that document have that chapter here?"""
        return number in (self.chapter_list(identifier) or ())

    def load_posts(self, chapters: set[int] | None = None) -> None:
        """Read the budget posts once: of the document's budget year when it has one,
        and of ``chapters`` when given (the ones a submission names)."""
        posts = BudgetPost.objects.order_by("chapter", "post", "-year")
        if self.document.budget_year:
            posts = posts.filter(year=self.document.budget_year)
        if chapters is not None:
            posts = posts.filter(chapter__in=sorted(chapters))
        if self._posts is None or chapters is None:
            self._posts = {}
        self._post_chapters = (
            None if chapters is None else (self._post_chapters or set()) | chapters
        )
        for budget_post in posts:
            self._posts.setdefault((budget_post.chapter, budget_post.post), []).append(budget_post)

    def budget_post(self, chapter: int, post: int, year: int | None = None) -> BudgetPost | None:
        """The post in ``year`` (else the document's budget year, else the latest one)."""
        if self._posts is None:
            self.load_posts()
        elif self._post_chapters is not None and chapter not in self._post_chapters:
            self.load_posts({chapter})  # a post the reviewer typed: its chapter, once
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
    key: str = ""
    taken: bool = False

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def reason(self) -> str:
        return self.candidate.get("reason") or ""

    @property
    def confident(self) -> bool:
        return bool(self.candidate.get("confident"))

    @property
    def is_long(self) -> bool:
        return len(self.candidate["text"]) > 200

    def initial(self) -> dict[str, Any]:
        stance = self.candidate.get("stance")
        return {
            # Only the proposals the importer is sure of start ticked.
            "include": self.confident,
            "key": self.key,
            "title": self.candidate.get("title") or candidate_title(self.candidate["text"]),
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
FIELDS_PER_PROPOSAL = 8


def review_capacity() -> int:
    """How many proposals one review form can post within Django's limit on form fields."""
    return max(1, (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 20) // FIELDS_PER_PROPOSAL)


@dataclass
class ImportReview:
    submission: Submission
    index: ReferenceIndex
    analysis: dict[str, Any]
    items: list[ReviewItem]  # the open proposals of this page: the form's rows
    missing_chapters: list[MissingChapter]
    # The number of proposals found, when more than one form can hold were found.
    truncated_from: int | None = None
    page: int = 1
    pages: int = 1
    open_count: int = 0  # proposals not yet made into demands, on every page
    taken: list[ReviewItem] = field(default_factory=list)
    all_items: list[ReviewItem] = field(default_factory=list)

    @property
    def initial(self) -> list[dict[str, Any]]:
        return [item.initial() for item in self.items]

    @property
    def total(self) -> int:
        return len(self.analysis.get("candidates", []))

    @property
    def confident_count(self) -> int:
        return sum(1 for item in self.items if item.confident)

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)

    def posted(self, keys: list[str]) -> ImportReview:
        """The review of exactly the proposals a posted form names, in its order.

        A key that is not an open proposal of this submission (taken meanwhile,
        or never there) is refused: nothing the browser sends is trusted but
        the reviewer's edits.
        """
        by_key = {item.key: item for item in self.all_items}
        items = [by_key.get(key) for key in keys]
        if any(item is not None and item.taken for item in items):
            raise ProposalsTaken(_("Kravene fra dette innspillet er allerede opprettet."))
        if not keys or any(item is None for item in items) or len(set(keys)) < len(keys):
            raise ValidationError(
                _("Skjemaet stemmer ikke med forslagene lenger. Last siden på nytt og prøv igjen.")
            )
        return dataclasses.replace(self, items=items)


class ProposalsTaken(ValidationError):
    """Some of the proposals posted are demands already (a double click, a reloaded form)."""


class AnalysisPending(Exception):
    """The submission's text has not been read yet (the task is on its way)."""


def candidate_key(candidate: dict[str, Any]) -> str:
    """A proposal's lasting name: the same text in the same section gives the same key."""
    text = " ".join(candidate["text"].split()).lower()
    section = " ".join((candidate.get("section") or "").split()).lower()
    return hashlib.sha256(f"{section}\n{text}".encode()).hexdigest()[:16]


def import_source_key(submission: Submission, key: str) -> str:
    """The ``Demand.source_key`` of a demand made from proposal ``key``: unique, so
    the database itself refuses to take a proposal twice."""
    return f"import:{submission.pk}:{key}"


def read_submission(text: str, document: PolicyDocument, index: ReferenceIndex) -> dict[str, Any]:
    """``analyse`` with what the database knows of the document, each proposal keyed."""
    analysis = analyse(
        text,
        target_document=document.identifier,
        resolver=index.has_chapter,
        chapter_lists=index.chapter_list,
    )
    for candidate in analysis["candidates"]:
        candidate["key"] = candidate_key(candidate)
    return analysis


def stored_analysis(submission: Submission) -> dict[str, Any] | None:
    analysis = submission.analysis or {}
    if analysis.get("version") != ANALYSIS_VERSION or "candidates" not in analysis:
        return None
    return analysis


@transaction.atomic
def submission_analyse(*, submission: Submission) -> Submission:
    """Read the submission's text once and keep what was found with it."""
    locked = Submission.objects.select_for_update().select_related("document").get(pk=submission.pk)
    analysis = read_submission(locked.text, locked.document, ReferenceIndex(locked.document))
    locked.analysis = {**analysis, "version": ANALYSIS_VERSION}
    locked.analysed_at = timezone.now()
    locked.save(update_fields=["analysis", "analysed_at"])
    submission.analysis, submission.analysed_at = locked.analysis, locked.analysed_at
    return submission


def submission_request_analysis(*, submission: Submission) -> None:
    """Have the submission (re-)read by the task queue once the current transaction commits."""
    from proposals.submissions.tasks import analyse_submission

    transaction.on_commit(lambda: analyse_submission.delay(submission.pk))


def open_proposal_count(*, submission: Submission) -> int:
    """How many stored proposals have not been made into demands yet."""
    analysis = stored_analysis(submission)
    if analysis is None:
        return 0
    prefix = import_source_key(submission, "")
    taken = set(
        Demand.objects.filter(submission=submission, source_key__startswith=prefix).values_list(
            "source_key", flat=True
        )
    )
    keys = {
        import_source_key(submission, c.get("key") or candidate_key(c))
        for c in analysis["candidates"]
    }
    return len(keys - taken)


def _page_number(page: Any, pages: int) -> int:
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), pages)


def import_review(
    *, submission: Submission, index: ReferenceIndex | None = None, page: Any = 1
) -> ImportReview:
    """The proposed demands of a stored submission, from its stored analysis.

    Proposals already made into demands are set apart; the open ones are shown
    ``PAGE_SIZE`` at a time. Raises ``AnalysisPending`` when there is no analysis yet.
    """
    index = index or ReferenceIndex(submission.document)
    document = submission.document
    analysis = stored_analysis(submission)
    if analysis is None:
        raise AnalysisPending
    prefix = import_source_key(submission, "")
    taken_keys = {
        key.removeprefix(prefix)
        for key in Demand.objects.filter(
            submission=submission, source_key__startswith=prefix
        ).values_list("source_key", flat=True)
    }
    index.load_posts(
        {ref["chapter"] for c in analysis["candidates"] for ref in c.get("budget_refs", [])}
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
        key = candidate.get("key") or candidate_key(candidate)
        items.append(
            ReviewItem(
                index=position,
                candidate=candidate,
                heading=candidate.get("heading") or "",
                chapters=chapters,
                budget=budget,
                programme_categories=candidate.get("programme_categories", []),
                cited_documents=candidate.get("cited_documents", []),
                key=key,
                taken=key in taken_keys,
            )
        )
    for item in items:
        numbered = heading_number(item.heading) if item.heading else None
        if numbered and numbered[0] in missing and not missing[numbered[0]].title:
            missing[numbered[0]].title = strip_chapter_number(item.heading)[:300]
    ordered = sorted(missing.values(), key=lambda m: chapter_sort_key(m.number))
    open_items = [item for item in items if not item.taken]
    size = min(PAGE_SIZE, review_capacity())
    pages = max(1, -(-len(open_items) // size))
    number = _page_number(page, pages)
    return ImportReview(
        submission,
        index,
        analysis,
        open_items[(number - 1) * size : number * size],
        ordered,
        None,
        page=number,
        pages=pages,
        open_count=len(open_items),
        taken=[item for item in items if item.taken],
        all_items=items,
    )


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
    key: str = ""  # the proposal's key; from the text when not given

    @property
    def import_key(self) -> str:
        return self.key or candidate_key({"text": self.text, "section": self.heading})


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
                key=item.key,
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
                key=candidate.get("key") or candidate_key(candidate),
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
    text = uploads.upload_extract(data, filename)
    analysis = read_submission(text, document, ReferenceIndex(document))
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
    read_state: str = Submission.ReadState.READ,
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
        title=strip_bidi_controls(title or "").strip()
        or _("Innspill fra %(org)s til %(doc)s")
        % {"org": organisation.short_name, "doc": document.identifier},
        original_filename=name[:255],
        text=text,
        read_state=read_state,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    submission.full_clean(exclude=["file"])
    submission.analysis = {
        **read_submission(text, document, ReferenceIndex(document)),
        "version": ANALYSIS_VERSION,
    }
    submission.analysed_at = timezone.now()
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
    """Check and keep an uploaded file; its text is read in a sandboxed child process.

    The permission is checked before the file is read, and the file's size and
    type before anything is saved. With a broker the file is stored as
    «reading» and a worker reads it (``proposals.submissions.tasks``); the
    review page waits for it. Without one (``make run``, tests) it is read
    here, still in a child process with its limits. A file past a limit is
    refused with a message naming it, and nothing is kept of it.
    """
    _require_import_permission(user, organisation)
    data = uploads.read_upload(uploaded_file)
    name = uploads.upload_name(uploaded_file)
    in_worker = uploads.reads_in_worker()
    try:
        if in_worker:
            check_file(data, name, max_bytes=settings.MAX_UPLOAD_BYTES)
            text = ""
        else:
            text = uploads.upload_extract(data, name)
    except ImportRejected as refusal:
        raise uploads.as_validation_error(refusal) from refusal
    with transaction.atomic():
        submission = submission_store(
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
            read_state=Submission.ReadState.READING if in_worker else Submission.ReadState.READ,
        )
        if in_worker:
            outbox_enqueue(kind="submission_read", payload={"submission_id": submission.pk})
    return submission


@transaction.atomic
def submission_create_demands(
    *, submission: Submission, drafts: list[DemandDraft], user, check_permission: bool = True
) -> list[Demand]:
    """The chosen proposals as demands of the submission: all of them, or none.

    An organisation's editor gets drafts to review and submit. The secretariat,
    registering a document the organisation has already sent to the committee,
    gets them as submitted (``permissions.import_registers_as_submitted``).
    Each proposal becomes a demand once: a second attempt (a double click, a
    reloaded form) is refused rather than duplicating it, while proposals not
    yet taken can be created later.
    """
    organisation = submission.organisation
    if check_permission:
        _require_import_permission(user, organisation)
    if not drafts:
        raise ValidationError(_("Kryss av for minst ett krav som skal opprettes."))
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    keys = [import_source_key(locked, draft.import_key) for draft in drafts]
    if len(set(keys)) < len(keys) or Demand.objects.filter(source_key__in=keys).exists():
        raise ValidationError(_("Kravene fra dette innspillet er allerede opprettet."))
    as_submitted = permissions.import_registers_as_submitted(user, organisation.pk)
    demands = []
    for draft, source_key in zip(drafts, keys, strict=True):
        demand = _create_once(
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
            source_key=source_key,
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


def _create_once(**kwargs) -> Demand:
    try:
        with transaction.atomic():
            return services.demand_create(**kwargs)
    except (IntegrityError, ValidationError) as error:
        # Another request took the same proposal in the meantime (the source key is unique).
        if Demand.objects.filter(source_key=kwargs["source_key"]).exists():
            raise ValidationError(
                _("Kravene fra dette innspillet er allerede opprettet.")
            ) from error
        raise


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
    index = ReferenceIndex(submission.document)
    if number in index.chapters:
        return index.chapters[number]
    named = {
        ref["number"]
        for candidate in (stored_analysis(submission) or {}).get("candidates", [])
        for ref in candidate.get("chapter_refs", [])
        if ref.get("document") in (None, submission.document.identifier)
    }
    if number not in named:
        raise ValidationError(
            _("Innspillet viser ikke til kapittel %(number)s i %(document)s.")
            % {"number": number[:40], "document": submission.document.identifier}
        )
    chapter = reference_services.chapter_upsert(
        document=submission.document, number=number, title=title
    )
    # The stored proposals now resolve to it (chapter lists and ranges may change too).
    submission_analyse(submission=submission)
    return chapter
