"""One demand across processes and years: suggested links, confirmed by a person, and the thread.

Writes (``thread_*``) and the reads that follow a thread. A link is suggested
for the same organisation's earlier demand when the texts are alike, the
documents follow from each other, or they name the same chapter or post; the
organisation's editor or the secretariat confirms or rejects it
(``organizations.permissions.can_decide_demand_link``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands.models import Demand, DemandStatus
from proposals.outcomes import matching
from proposals.outcomes.models import DemandLink, DocumentLink, MatchState, ThreadRelation

# Alike enough to offer as the same demand, and alike enough to call it repeated.
SUGGEST_AT = 0.35
REPEATED_AT = 0.8
MAX_THREAD = 20


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(a[s] * b.get(s, 0) for s in a)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _related_documents(document_id: int) -> set[int]:
    """The document and those it follows from or is followed by, two steps each way."""
    found = {document_id}
    for _step in range(2):
        rows = DocumentLink.objects.filter(
            Q(document_id__in=found) | Q(follows_from_id__in=found)
        ).values_list("document_id", "follows_from_id")
        found |= {i for row in rows for i in row}
    return found


def _when(demand: Demand):
    return demand.submitted_at or demand.created_at


@transaction.atomic
def thread_suggest(*, demand: Demand) -> list[DemandLink]:
    """Suggest ``demand``'s earlier forms among its organisation's other demands."""
    mine = Counter(matching.stems(f"{demand.title}. {demand.text}"))
    chapters = {c.number for c in demand.chapters.all()}
    posts = {(p.chapter, p.post) for p in demand.budget_posts.all()}
    related = _related_documents(demand.document_id)
    earlier = (
        Demand.objects.filter(organisation_id=demand.organisation_id)
        .exclude(pk=demand.pk)
        .exclude(status=DemandStatus.DRAFT)
        .prefetch_related("chapters", "budget_posts")
    )
    made = []
    for other in earlier:
        if _when(other) >= _when(demand):
            continue
        similarity = _cosine(mine, Counter(matching.stems(f"{other.title}. {other.text}")))
        reasons = []
        score = similarity
        if other.document_id in related and other.document_id != demand.document_id:
            score += 0.15
            reasons.append(_("dokumentene følger av hverandre"))
        if chapters & {c.number for c in other.chapters.all()}:
            score += 0.1
            reasons.append(_("samme kapittel"))
        if posts & {(p.chapter, p.post) for p in other.budget_posts.all()}:
            score += 0.15
            reasons.append(_("samme budsjettpost"))
        if score < SUGGEST_AT or similarity < 0.2:
            continue
        reasons.insert(0, _("lik tekst (%(p)s %%)") % {"p": round(similarity * 100)})
        existing = DemandLink.objects.filter(earlier=other, later=demand).first()
        if existing is not None and existing.state != MatchState.SUGGESTED:
            continue
        link, _created = DemandLink.objects.update_or_create(
            earlier=other,
            later=demand,
            defaults={
                "relation": ThreadRelation.REPEATED
                if similarity >= REPEATED_AT
                else ThreadRelation.CHANGED,
                "score": round(score, 3),
                "reason": "; ".join(reasons),
                "state": MatchState.SUGGESTED,
            },
        )
        made.append(link)
    return made


def _decide(*, link: DemandLink, user, state: str) -> DemandLink:
    locked = (
        DemandLink.objects.select_for_update().select_related("earlier", "later").get(pk=link.pk)
    )
    if not permissions.can_decide_demand_link(user, locked):
        raise PermissionDenied(
            _("Bare organisasjonens redaktører eller komitésekretariatet kan bekrefte tråden.")
        )
    if locked.state == MatchState.CONFIRMED and state == MatchState.REJECTED:
        raise ValidationError(_("Lenken er allerede bekreftet."))
    locked.state = state
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def thread_confirm(*, link: DemandLink, user) -> DemandLink:
    return _decide(link=link, user=user, state=MatchState.CONFIRMED)


@transaction.atomic
def thread_reject(*, link: DemandLink, user) -> DemandLink:
    return _decide(link=link, user=user, state=MatchState.REJECTED)


@transaction.atomic
def thread_link_add(
    *, earlier: Demand, later: Demand, user, relation: str = "", check_permission: bool = True
) -> DemandLink:
    """Link two demands as one thread, confirmed at once (the secretariat or the editor)."""
    link = DemandLink.objects.filter(earlier=earlier, later=later).first() or DemandLink(
        earlier=earlier, later=later
    )
    link.relation = relation or link.relation or ThreadRelation.CHANGED
    if check_permission and not permissions.can_decide_demand_link(user, link):
        raise PermissionDenied(
            _("Bare organisasjonens redaktører eller komitésekretariatet kan bekrefte tråden.")
        )
    link.state = MatchState.CONFIRMED
    link.decided_by = user if getattr(user, "is_authenticated", False) else None
    link.decided_at = link.decided_at or timezone.now()
    link.full_clean(validate_unique=False, validate_constraints=False)
    link.save()
    return link


# --- Reading ------------------------------------------------------------------------


@dataclass
class ThreadEntry:
    demand: Demand
    relation: str  # "first", "repeated", "changed"
    event: str  # "granted", "partly_granted", "not_granted", "dropped", "open"
    year: int


_EVENTS = {
    DemandStatus.ADOPTED: "granted",
    DemandStatus.PARTIALLY_ADOPTED: "partly_granted",
    DemandStatus.NOT_ADOPTED: "not_granted",
    DemandStatus.WITHDRAWN: "dropped",
}


def _year(demand: Demand) -> int:
    years = [p.year for p in demand.budget_posts.all()]
    return max(years) if years else _when(demand).year


def demand_thread(*, demand: Demand, user) -> list[ThreadEntry]:
    """The demand's confirmed earlier and later forms that ``user`` may read, oldest first."""
    visible = DemandLink.objects.filter(
        permissions.demand_link_visibility_q(user), state=MatchState.CONFIRMED
    )
    seen, frontier, relation_of = {demand.pk}, {demand.pk}, {}
    between: dict[tuple[int, int], str] = {}
    while frontier and len(seen) < MAX_THREAD:
        links = list(
            visible.filter(Q(earlier_id__in=frontier) | Q(later_id__in=frontier)).values_list(
                "earlier_id", "later_id", "relation"
            )
        )
        frontier = set()
        for earlier, later, relation in links:
            relation_of.setdefault(later, relation)
            between[(earlier, later)] = relation
            for pk in (earlier, later):
                if pk not in seen:
                    seen.add(pk)
                    frontier.add(pk)
    if len(seen) == 1:
        return []
    demands = (
        Demand.objects.visible_to(user)
        .filter(pk__in=seen)
        .prefetch_related("budget_posts")
        .select_related("document")
    )
    ordered = sorted(demands, key=_when)
    entries = []
    for index, item in enumerate(ordered):
        # Against the form just before it in the thread, where they are linked.
        previous = ordered[index - 1].pk if index else None
        relation = (
            "first"
            if index == 0
            else between.get((previous, item.pk)) or relation_of.get(item.pk, "changed")
        )
        entries.append(ThreadEntry(item, relation, _EVENTS.get(item.status, "open"), _year(item)))
    return entries


def suggestions_to_decide(*, demand: Demand, user) -> list[DemandLink]:
    """Suggested links of ``demand`` that ``user`` may confirm or reject (none for the public)."""
    roles = permissions.roles_of(user)
    if not (roles.is_secretary or demand.organisation_id in roles.editor_of):
        return []
    links = DemandLink.objects.filter(
        Q(earlier=demand) | Q(later=demand), state=MatchState.SUGGESTED
    ).select_related("earlier__document", "later__document")
    return [link for link in links if permissions.can_decide_demand_link(user, link)]


def thread_summary(entries: list[ThreadEntry]) -> str:
    """«Har bedt om dette tre år på rad; delvis imøtekommet i 2026.»"""
    if len(entries) < 2:
        return ""
    years = sorted({entry.year for entry in entries})
    running = len(years) == years[-1] - years[0] + 1
    count = len(years)
    words = {2: _("to"), 3: _("tre"), 4: _("fire"), 5: _("fem")}
    times = words.get(count, str(count))
    text = (
        _("Har bedt om dette %(n)s år på rad") % {"n": times}
        if running and count > 1
        else _("Har bedt om dette %(n)s ganger") % {"n": words.get(len(entries), len(entries))}
    )
    granted = [e for e in entries if e.event in ("granted", "partly_granted")]
    if granted:
        last = granted[-1]
        if last.event == "granted":
            text += _("; imøtekommet i %(year)s") % {"year": last.year}
        else:
            text += _("; delvis imøtekommet i %(year)s") % {"year": last.year}
    return text + "."


def organisation_threads(*, organisation, user) -> list[tuple[Demand, str]]:
    """Per confirmed thread of the organisation's demands, its newest demand and a summary."""
    links = DemandLink.objects.filter(
        permissions.demand_link_visibility_q(user),
        state=MatchState.CONFIRMED,
        later__organisation=organisation,
    ).values_list("later_id", flat=True)
    newest_ids = set(links) - set(
        DemandLink.objects.filter(
            state=MatchState.CONFIRMED, earlier_id__in=set(links)
        ).values_list("earlier_id", flat=True)
    )
    result = []
    # A few threads per page; each is followed on its own.
    newest = Demand.objects.visible_to(user).filter(pk__in=newest_ids).order_by("-pk")[:10]
    for demand in newest:
        summary = thread_summary(demand_thread(demand=demand, user=user))
        if summary:
            result.append((demand, summary))
    return result
