"""The secretariat's curation of submitted demands: every write, with its history entry.

Chapters and budget posts, an editorial title, topics, duplicates, shared
demands («felles krav») and splits. Each service locks the demands it
changes, asks ``organizations.permissions.can_curate_demand`` before it writes
anything, and records a ``CurationEvent`` (who, when, what) that the
organisation reads on its demand and, where the change is visible to the
public, the public too. A refusal raises before the first write, so it
leaves nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands.services import BulkRefused, _record_version, demand_changed
from proposals.models import (
    BudgetPost,
    Chapter,
    CurationEvent,
    Demand,
    DemandVersion,
    SharedDemand,
    StatusChange,
    Topic,
)

A = CurationEvent.Action


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _lock(user, demand_ids: Iterable[int]) -> list[Demand]:
    """The demands, locked in id order, each one curatable by ``user``; else PermissionDenied."""
    ids = sorted(set(demand_ids))
    if not permissions.can_work_as_secretariat(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan redigere krav."))
    locked = list(
        Demand.objects.visible_to(user)
        .select_for_update()
        .filter(pk__in=ids)
        .select_related("document")
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise PermissionDenied(_("Du har ikke tilgang til dette kravet."))
    for demand in locked:
        if not permissions.can_curate_demand(user, demand):
            raise PermissionDenied(_("En kladd tilhører organisasjonen og kan ikke redigeres."))
    return locked


def _event(demand, user, action, detail="", *, public=True, at=None) -> CurationEvent:
    return CurationEvent.objects.create(
        demand=demand,
        action=action,
        detail=str(detail)[:400],
        is_public=public,
        actor=_actor(user),
        at=at or timezone.now(),
    )


def _new_version(demand: Demand, user) -> None:
    """Links are part of the demand's content: a new version, so an open edit form conflicts."""
    demand.version += 1
    Demand.objects.filter(pk=demand.pk).update(version=demand.version, updated_at=timezone.now())
    _record_version(demand, user=_actor(user), at=timezone.now())


def _chapter_label(chapter: Chapter) -> str:
    return str(chapter.number)


@transaction.atomic
def demand_link_chapters(
    *, demand: Demand, user, add: Iterable[Chapter] = (), remove: Iterable[Chapter] = ()
) -> Demand:
    """Link ``add`` and unlink ``remove`` (chapters of the demand's own document)."""
    (locked,) = _lock(user, [demand.pk])
    add, remove = list(add), list(remove)
    if any(chapter.document_id != locked.document_id for chapter in add + remove):
        raise ValidationError(_("Kapitlene må høre til dokumentet kravet gjelder."))
    current = set(locked.chapters.values_list("pk", flat=True))
    added = [c for c in add if c.pk not in current]
    removed = [c for c in remove if c.pk in current]
    if not added and not removed:
        return locked
    locked.chapters.add(*added)
    locked.chapters.remove(*removed)
    for chapter in added:
        _event(locked, user, A.CHAPTER_LINKED, _chapter_label(chapter))
    for chapter in removed:
        _event(locked, user, A.CHAPTER_UNLINKED, _chapter_label(chapter))
    _new_version(locked, user)
    demand_changed([locked.pk])
    return locked


@transaction.atomic
def demand_link_budget_posts(
    *, demand: Demand, user, add: Iterable[BudgetPost] = (), remove: Iterable[BudgetPost] = ()
) -> Demand:
    """Link ``add`` and unlink ``remove`` budget posts."""
    (locked,) = _lock(user, [demand.pk])
    current = set(locked.budget_posts.values_list("pk", flat=True))
    added = [p for p in add if p.pk not in current]
    removed = [p for p in remove if p.pk in current]
    if not added and not removed:
        return locked
    locked.budget_posts.add(*added)
    locked.budget_posts.remove(*removed)
    for post in added:
        _event(locked, user, A.POST_LINKED, f"{post.label} ({post.year})")
    for post in removed:
        _event(locked, user, A.POST_UNLINKED, f"{post.label} ({post.year})")
    _new_version(locked, user)
    demand_changed([locked.pk])
    return locked


@transaction.atomic
def demand_set_editorial_title(*, demand: Demand, user, title: str) -> Demand:
    """The secretariat's title; empty removes it. The organisation's own title is kept."""
    (locked,) = _lock(user, [demand.pk])
    title = " ".join(title.split())
    if title == locked.editorial_title:
        return locked
    locked.editorial_title = title
    locked.full_clean()
    Demand.objects.filter(pk=locked.pk).update(editorial_title=title, updated_at=timezone.now())
    _event(locked, user, A.RETITLED, f"«{title}»" if title else _("(fjernet)"))
    demand_changed([locked.pk])
    return locked


@transaction.atomic
def demand_set_topics(*, demand: Demand, user, topics: Iterable[Topic]) -> Demand:
    (locked,) = _lock(user, [demand.pk])
    topics = list(topics)
    if {t.pk for t in topics} == set(locked.topics.values_list("pk", flat=True)):
        return locked
    locked.topics.set(topics)
    names = ", ".join(sorted(t.name for t in topics)) or _("(ingen)")
    _event(locked, user, A.TOPICS, names)
    demand_changed([locked.pk])
    return locked


@transaction.atomic
def demand_mark_duplicate(*, demand: Demand, user, of: Demand | None) -> Demand:
    """``demand`` repeats ``of`` (the one kept); ``of=None`` undoes it. Both texts stay."""
    ids = [demand.pk] + ([of.pk] if of is not None else [])
    locked = {d.pk: d for d in _lock(user, ids)}
    duplicate = locked[demand.pk]
    kept = locked.get(of.pk) if of is not None else None
    if kept is not None:
        if kept.pk == duplicate.pk:
            raise ValidationError(_("Et krav kan ikke være duplikat av seg selv."))
        if kept.organisation_id != duplicate.organisation_id:
            raise ValidationError(_("Duplikater må være krav fra samme organisasjon."))
        if kept.duplicate_of_id is not None:
            raise ValidationError(_("Kravet som beholdes, er selv markert som duplikat."))
        if Demand.objects.filter(duplicate_of=duplicate).exists():
            raise ValidationError(_("Andre krav er markert som duplikat av dette kravet."))
    new_id = kept.pk if kept else None
    if duplicate.duplicate_of_id == new_id:
        return duplicate
    duplicate.duplicate_of_id = new_id
    Demand.objects.filter(pk=duplicate.pk).update(duplicate_of=new_id, updated_at=timezone.now())
    detail = f"«{kept.display_title}» (#{kept.pk})" if kept else _("(opphevet)")
    _event(duplicate, user, A.DUPLICATE, detail)
    demand_changed([duplicate.pk])
    return duplicate


@transaction.atomic
def shared_demand_create(*, user, title: str, demand_ids: Iterable[int]) -> SharedDemand:
    """Group demands of several organisations on one document under one heading."""
    locked = _lock(user, demand_ids)
    if len(locked) < 2:
        raise ValidationError(_("Et felles krav samler minst to krav."))
    documents = {d.document_id for d in locked}
    if len(documents) != 1:
        raise ValidationError(_("Kravene i et felles krav må gjelde samme dokument."))
    if len({d.organisation_id for d in locked}) < 2:
        raise ValidationError(_("Et felles krav samler krav fra flere organisasjoner."))
    shared = SharedDemand(document_id=documents.pop(), title=" ".join(title.split()))
    shared.created_by = _actor(user)
    shared.full_clean()
    shared.save()
    for demand in locked:
        _join(demand, shared, user)
    demand_changed([d.pk for d in locked])
    return shared


def _join(demand: Demand, shared: SharedDemand, user) -> None:
    if demand.shared_demand_id == shared.pk:
        return
    if demand.document_id != shared.document_id:
        raise ValidationError(_("Kravene i et felles krav må gjelde samme dokument."))
    Demand.objects.filter(pk=demand.pk).update(shared_demand=shared, updated_at=timezone.now())
    demand.shared_demand = shared
    _event(demand, user, A.SHARED, f"«{shared.title}»")


@transaction.atomic
def shared_demand_add(*, shared: SharedDemand, demand: Demand, user) -> Demand:
    (locked,) = _lock(user, [demand.pk])
    _join(locked, shared, user)
    demand_changed([locked.pk])
    return locked


@transaction.atomic
def shared_demand_remove(*, demand: Demand, user) -> Demand:
    (locked,) = _lock(user, [demand.pk])
    if locked.shared_demand_id is None:
        return locked
    shared = SharedDemand.objects.get(pk=locked.shared_demand_id)
    Demand.objects.filter(pk=locked.pk).update(shared_demand=None, updated_at=timezone.now())
    locked.shared_demand = None
    _event(locked, user, A.UNSHARED, f"«{shared.title}»")
    demand_changed([locked.pk])
    return locked


@transaction.atomic
def demand_split(
    *, demand: Demand, user, text: str, new_title: str, new_text: str
) -> tuple[Demand, Demand]:
    """Split ``demand``: it keeps ``text``, a new demand holds ``new_text``.

    The original wording stays in the versions; the new demand belongs to the
    same organisation, document, submission and status, with the same links.
    """
    (locked,) = _lock(user, [demand.pk])
    text, new_text, new_title = text.strip(), new_text.strip(), " ".join(new_title.split())
    if not text or not new_text or not new_title:
        raise ValidationError(_("Begge delene trenger tekst, og den nye delen en tittel."))
    now = timezone.now()
    part = Demand(
        organisation_id=locked.organisation_id,
        document_id=locked.document_id,
        submission_id=locked.submission_id,
        title=new_title,
        text=new_text,
        rationale=locked.rationale,
        stance=locked.stance,
        status=locked.status,
        submitted_at=locked.submitted_at,
        status_changed_at=now,
        split_from=locked,
        created_by=_actor(user),
    )
    part.full_clean()
    part.save()
    part.chapters.set(locked.chapters.all())
    part.budget_posts.set(locked.budget_posts.all())
    part.topics.set(locked.topics.all())
    DemandVersion.objects.create(
        demand=part,
        version=1,
        title=part.title,
        text=part.text,
        rationale=part.rationale,
        stance=part.stance,
        chapter_labels=[str(c.number) for c in part.chapters.order_by("sort_key")],
        budget_post_labels=[p.label for p in part.budget_posts.all()],
        status=part.status,
        created_by=_actor(user),
        created_at=now,
    )
    StatusChange.objects.create(
        demand=part,
        from_status="",
        to_status=part.status,
        note=_("Skilt ut fra krav #%(pk)s.") % {"pk": locked.pk},
        changed_by=_actor(user),
        changed_at=now,
    )
    if text != locked.text:
        locked.text = text
        locked.version += 1
        locked.full_clean()
        locked.save()
        _record_version(locked, user=_actor(user), at=now)
    _event(locked, user, A.SPLIT, f"«{part.title}» (#{part.pk})", at=now)
    demand_changed([locked.pk, part.pk])
    return locked, part


# --- Several at once -----------------------------------------------------------------


def _bulk_lock(user, demand_ids) -> list[Demand]:
    ids = sorted(set(demand_ids))
    if not ids:
        raise ValidationError(_("Velg minst ett krav."))
    if not permissions.can_work_as_secretariat(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan redigere krav."))
    locked = list(
        Demand.objects.visible_to(user).select_for_update().filter(pk__in=ids).order_by("pk")
    )
    refusals = [
        (missing, _("finnes ikke eller er ikke tilgjengelig."))
        for missing in sorted(set(ids) - {d.pk for d in locked})
    ]
    refusals += [
        (d, _("en kladd tilhører organisasjonen."))
        for d in locked
        if not permissions.can_curate_demand(user, d)
    ]
    if refusals:
        raise BulkRefused(refusals)
    return locked


@transaction.atomic
def demands_bulk_link(
    *, user, demand_ids: Iterable[int], chapter: Chapter | None = None, budget_post=None
) -> int:
    """Link every selected demand to ``chapter`` and/or ``budget_post``: all of them, or none."""
    locked = _bulk_lock(user, demand_ids)
    if chapter is None and budget_post is None:
        raise ValidationError(_("Velg et kapittel eller en budsjettpost."))
    if chapter is not None:
        wrong = [
            (d, _("gjelder et annet dokument enn %(doc)s.") % {"doc": chapter.document})
            for d in locked
            if d.document_id != chapter.document_id
        ]
        if wrong:
            raise BulkRefused(wrong)
    for demand in locked:
        if chapter is not None:
            demand_link_chapters(demand=demand, user=user, add=[chapter])
        if budget_post is not None:
            demand_link_budget_posts(demand=demand, user=user, add=[budget_post])
    return len(locked)


@transaction.atomic
def demands_bulk_tag(*, user, demand_ids: Iterable[int], topic: Topic) -> int:
    """Add ``topic`` to every selected demand: all of them, or none."""
    locked = _bulk_lock(user, demand_ids)
    for demand in locked:
        current = list(demand.topics.all())
        if topic not in current:
            demand_set_topics(demand=demand, user=user, topics=current + [topic])
    return len(locked)
