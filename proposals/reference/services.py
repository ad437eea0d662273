"""Writes to reference data: documents, their chapters, budget posts.

Each function takes keyword-only arguments, runs in one transaction and
validates before it saves; only the secretariat manages reference data
(``organizations.permissions.can_manage_reference_data``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.portal import cache as portal_cache
from proposals.reference.chapters import chapter_parent_number, split_chapter_line
from proposals.reference.models import BudgetPost, Chapter, PolicyDocument


def reference_changed() -> None:
    """After commit, the portal's kept counts and listings are thrown away (portal.cache)."""
    transaction.on_commit(portal_cache.portal_changed)


# --- Chapters ---------------------------------------------------------------------


@transaction.atomic
def chapter_upsert(*, document: PolicyDocument, number: str, title: str = "") -> Chapter:
    """Add a chapter, or retitle it if the number exists; parents follow the numbers."""
    chapter = Chapter(document=document, number=number, title=title.strip())
    chapter.clean()  # normalises the number before we look for it
    existing = Chapter.objects.filter(document=document, number=chapter.number).first()
    if existing is not None:
        if title.strip() and existing.title != title.strip():
            existing.title = title.strip()
            existing.save(update_fields=["title"])
        return existing
    chapter.full_clean()
    chapter.save()
    chapters_relink(document=document)
    chapter.refresh_from_db()
    return chapter


def chapters_relink(*, document: PolicyDocument) -> None:
    """Point every chapter of ``document`` at its nearest existing ancestor.

    Chapters are often added out of order (10.3 before 10), so a new chapter
    can become the parent of ones that exist already.
    """
    chapters = list(Chapter.objects.filter(document=document).order_by("sort_key"))
    by_number = {chapter.number: chapter for chapter in chapters}
    changed = []
    for chapter in chapters:
        parent, number = None, chapter_parent_number(chapter.number)
        while parent is None and number is not None:
            parent, number = by_number.get(number), chapter_parent_number(number)
        parent_id = parent.pk if parent else None
        if chapter.parent_id != parent_id:
            chapter.parent_id = parent_id
            changed.append(chapter)
    Chapter.objects.bulk_update(changed, ["parent"])
    reference_changed()


# --- Documents, chapters and budget posts ----------------------------------------


def _require_reference_manager(user) -> None:
    if not permissions.can_manage_reference_data(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan endre dokumenter og kapitler."))


@transaction.atomic
def document_create(*, user, identifier: str, title: str, **fields) -> PolicyDocument:
    """A new document; the identifier is written the official way (``PolicyDocument.clean``)."""
    _require_reference_manager(user)
    document = PolicyDocument(identifier=identifier, title=title.strip(), **fields)
    document.full_clean()
    document.save()
    reference_changed()
    return document


@transaction.atomic
def budget_post_create(*, user, **fields) -> BudgetPost:
    _require_reference_manager(user)
    post = BudgetPost(**fields)
    post.full_clean()
    post.save()
    reference_changed()
    return post


@dataclass
class ChapterImport:
    created: list[Chapter] = field(default_factory=list)
    retitled: list[Chapter] = field(default_factory=list)
    unchanged: int = 0


class ChapterLinesRefused(ValidationError):
    """Some pasted lines are not chapters; nothing was saved."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        self.errors = errors
        super().__init__(
            [
                _("Linje %(n)s («%(line)s»): %(reason)s")
                % {"n": number, "line": line[:80], "reason": reason}
                for number, line, reason in errors
            ]
        )


def parse_chapter_lines(text: str) -> tuple[list[tuple[str, str]], list[tuple[int, str, str]]]:
    """(number, title) for each good line, and (line number, line, reason) for each bad one."""
    good, bad, seen = [], [], {}
    max_title = Chapter._meta.get_field("title").max_length
    for index, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\x00", "")
        if not line:
            continue
        parts = split_chapter_line(line)
        if parts is None:
            bad.append((index, line, _("begynner ikke med et kapittelnummer som «10.3».")))
            continue
        chapter = Chapter(number=parts[0], title=parts[1])
        try:
            chapter.clean()
        except ValidationError as error:
            bad.append((index, line, " ".join(error.messages)))
            continue
        if len(chapter.title) > max_title:
            bad.append((index, line, _("tittelen er lengre enn %(n)s tegn.") % {"n": max_title}))
            continue
        if chapter.number in seen:
            bad.append(
                (
                    index,
                    line,
                    _("kapittel %(number)s står allerede på linje %(first)s.")
                    % {"number": chapter.number, "first": seen[chapter.number]},
                )
            )
            continue
        seen[chapter.number] = index
        good.append((chapter.number, chapter.title))
    return good, bad


@transaction.atomic
def chapters_import(*, document: PolicyDocument, text: str, user) -> ChapterImport:
    """Add a pasted chapter list («number title» per line) to ``document``.

    All or nothing: if any line is bad, every bad line is reported by its
    number and nothing is saved, so a list is never half in.
    Chapters that exist are retitled when the line gives a new title.
    """
    _require_reference_manager(user)
    good, bad = parse_chapter_lines(text)
    if bad:
        raise ChapterLinesRefused(bad)
    if not good:
        raise ValidationError(_("Lim inn minst én linje med «nummer tittel»."))
    existing = {c.number: c for c in Chapter.objects.filter(document=document)}
    result = ChapterImport()
    for number, title in good:
        chapter = existing.get(number)
        if chapter is None:
            chapter = Chapter(document=document, number=number, title=title)
            chapter.fill_derived()
            result.created.append(chapter)
        elif title and chapter.title != title:
            chapter.title = title
            result.retitled.append(chapter)
        else:
            result.unchanged += 1
    Chapter.objects.bulk_create(result.created)
    Chapter.objects.bulk_update(result.retitled, ["title"])
    chapters_relink(document=document)
    return result
