"""Writes for what came of the demands: recommendations, matches, figures, threads.

Every outcome a demand gets from here goes through ``demand_change_status`` in
``proposals.demands.services`` with a person's name on it: a suggestion never
changes a status by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from proposals.demands import services as demand_services
from proposals.demands import workflow
from proposals.demands.models import Demand, DemandStatus
from proposals.outcomes import matching, splitting
from proposals.outcomes.models import (
    OUTCOME_STATUS,
    DocumentLink,
    MatchState,
    Outcome,
    Passage,
    PassageMatch,
)
from proposals.reference.identifiers import normalise_identifier
from proposals.reference.models import PolicyDocument


def _require_manager(user) -> None:
    if not permissions.can_manage_outcomes(user):
        raise PermissionDenied(_("Bare komitésekretariatet kan gjøre dette."))


# --- Documents and their passages ---------------------------------------------------


@transaction.atomic
def recommendation_upsert(
    *, user, identifier: str, title: str = "", follows_from=(), url: str = "", check_permission=True
) -> PolicyDocument:
    """The recommendation (Innst.) as a document, linked to the documents it treats."""
    if check_permission:
        _require_manager(user)
    normalised = normalise_identifier(identifier)
    existing = PolicyDocument.objects.filter(identifier__iexact=normalised).first()
    if existing is None:
        document = PolicyDocument(identifier=normalised)
        document.title = title or document.identifier
        document.kind = PolicyDocument.Kind.RECOMMENDATION
        document.url = url
        document.full_clean()
        document.save()
    else:
        document = existing
        if title and not existing.title:
            existing.title = title
            existing.save(update_fields=["title"])
    for earlier in follows_from:
        document_link_add(document=document, follows_from=earlier)
    return document


def document_link_add(*, document: PolicyDocument, follows_from: PolicyDocument) -> DocumentLink:
    link = DocumentLink(document=document, follows_from=follows_from)
    link.full_clean(validate_unique=False, validate_constraints=False)
    if document.pk == follows_from.pk:
        raise ValidationError(_("Et dokument kan ikke følge av seg selv."))
    link, _created = DocumentLink.objects.get_or_create(
        document=document, follows_from=follows_from
    )
    return link


@dataclass
class PassageImport:
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # gone from the new text, but kept because a person confirmed a match on it


def case_link(*, document: PolicyDocument, storting_id: str):
    """The Storting's case with this id, if imported, made to point at the recommendation."""
    from proposals.process.models import Case

    if not str(storting_id).isdigit():
        return None
    case = Case.objects.filter(storting_id=int(storting_id)).first()
    if case is not None and case.recommendation_id is None:
        Case.objects.filter(pk=case.pk).update(recommendation=document)
    if case is not None and case.document_id and case.document_id != document.pk:
        document_link_add(document=document, follows_from=case.document)
    return case


@transaction.atomic
def passages_replace(
    *, document: PolicyDocument, passages: list[splitting.Passage], kinds=None, case=None
) -> PassageImport:
    """Store ``passages`` as the document's; a second import of the same text changes nothing.

    ``kinds`` limits the replacement (decisions are imported apart from the Innst.'s text).
    """
    result = PassageImport()
    if kinds is None:
        only_decisions = passages and all(p.kind == splitting.DECISION for p in passages)
        kinds = {splitting.DECISION} if only_decisions else set(splitting_kinds())
    seen = set()
    for position, found in enumerate(passages):
        key = found.key
        if key in seen:
            key = f"{key}#{position}"[:255]
        seen.add(key)
        fields = {
            "kind": found.kind,
            "position": position,
            "heading_path": found.heading_path,
            "page": found.page,
            "number": found.number[:20],
            "parties": found.parties,
            "majority": found.majority,
            "chapter": found.chapter[:40],
            "decision_type": found.decision_type[:20],
            "source_id": found.source_id[:40],
            "text": found.text,
        }
        if case is not None:
            fields["case"] = case
        passage = Passage(document=document, key=key, **fields)
        passage.full_clean(exclude=["document"], validate_unique=False)
        _obj, created = Passage.objects.update_or_create(
            document=document, key=key, defaults=fields
        )
        result.created += created
        result.updated += not created
    stale = Passage.objects.filter(document=document, kind__in=kinds).exclude(key__in=seen)
    confirmed = stale.filter(matches__state=MatchState.CONFIRMED)
    result.kept = confirmed.count()
    result.removed, _details = stale.exclude(pk__in=confirmed.values("pk")).delete()
    return result


def splitting_kinds() -> list[str]:
    return [
        splitting.COMMITTEE,
        splitting.PARTY,
        splitting.MINORITY,
        splitting.DECISION_PART,
        splitting.SUMMARY,
    ]


# --- Matching ---------------------------------------------------------------------


def candidate_demands(*, document: PolicyDocument):
    """Demands on the documents the recommendation treats (linked, or the document of the
    Storting's case it is the recommendation of), and those they follow from."""
    from proposals.process.models import Case

    treated = set(document.follows_from_links.values_list("follows_from_id", flat=True))
    treated |= set(
        Case.objects.filter(recommendation=document, document__isnull=False).values_list(
            "document_id", flat=True
        )
    )
    treated |= set(
        DocumentLink.objects.filter(document_id__in=treated).values_list(
            "follows_from_id", flat=True
        )
    )
    return Demand.objects.filter(document_id__in=treated).exclude(
        status__in=[DemandStatus.DRAFT, DemandStatus.WITHDRAWN]
    )


def reason_in_words(suggestion: matching.Suggestion) -> str:
    parts = []
    for evidence in suggestion.evidence:
        if evidence.kind == "chapter":
            parts.append(_("samme kapittel (%(n)s)") % {"n": evidence.detail})
        elif evidence.kind == "budget_post":
            kap, post = evidence.detail.split(".")
            parts.append(
                _("samme budsjettpost (kap. %(kap)s, post %(post)s)") % {"kap": kap, "post": post}
            )
        elif evidence.kind == "words":
            parts.append(_("felles ord: %(words)s") % {"words": evidence.detail})
        elif evidence.kind == "organisation":
            parts.append(_("nevner %(name)s") % {"name": evidence.detail})
        elif evidence.kind == "amount":
            from proposals.formatting import nok

            parts.append(_("samme beløp (%(amount)s)") % {"amount": nok(int(evidence.detail))})
    why = {
        "minority_proposal": _("et forslag fra mindretallet, som normalt ikke får flertall"),
        "party_minority": _("en merknad fra et mindretall, som ikke avgjør saken"),
        "summary": _("innstillingens sammendrag av dokumentet, ikke komiteens syn"),
        "rejects": _("teksten avviser eller går imot"),
        "decided": _("tilrådingen eller vedtaket sier det samme"),
        "agrees": _("komiteen slutter seg til det samme"),
        "agrees_in_part": _("komiteen er positiv, men ordlyden dekker bare deler av kravet"),
        "mentions": _("temaet er omtalt uten et tydelig standpunkt"),
    }[suggestion.outcome_reason]
    evidence = "; ".join(parts)
    return _("%(evidence)s. Foreslått utfall fordi det er %(why)s.") % {
        "evidence": evidence[:1].upper() + evidence[1:],
        "why": why,
    }


def _demand_facts(demand: Demand) -> matching.DemandFacts:
    organisation = demand.organisation
    return matching.DemandFacts(
        key=demand.pk,
        text=f"{demand.title}. {demand.text}",
        organisation_names=[n for n in (organisation.short_name, organisation.name) if n],
        chapters=[c.number for c in demand.chapters.all()],
        budget_posts=[(p.chapter, p.post) for p in demand.budget_posts.all()],
        amount=demand.requested_amount_nok,
    )


@transaction.atomic
def matches_suggest(*, document: PolicyDocument) -> int:
    """Suggest up to three passages per demand; what a person decided is left as it is."""
    passages = list(Passage.objects.filter(document=document))
    index = matching.Index(
        [
            matching.PassageFacts(
                key=p.pk,
                kind=p.kind,
                text=p.text,
                chapters=splitting.Passage(
                    kind=p.kind, text=p.text, chapter=p.chapter
                ).chapters_mentioned(),
                majority=p.majority,
            )
            for p in passages
        ]
    )
    demands = candidate_demands(document=document).select_related("organisation")
    demands = demands.prefetch_related("chapters", "budget_posts")
    made = 0
    for demand in demands:
        decided = set(
            PassageMatch.objects.filter(demand=demand, passage__document=document)
            .exclude(state=MatchState.SUGGESTED)
            .values_list("passage_id", flat=True)
        )
        ranked = index.rank(_demand_facts(demand))
        wanted = set()
        for rank, suggestion in enumerate(ranked, start=1):
            if suggestion.passage in decided:
                continue
            wanted.add(suggestion.passage)
            PassageMatch.objects.update_or_create(
                demand=demand,
                passage_id=suggestion.passage,
                defaults={
                    "state": MatchState.SUGGESTED,
                    "score": round(suggestion.score, 3),
                    "rank": rank,
                    "proposed_outcome": suggestion.outcome,
                    "reason": reason_in_words(suggestion),
                },
            )
            made += 1
        PassageMatch.objects.filter(
            demand=demand, passage__document=document, state=MatchState.SUGGESTED
        ).exclude(passage_id__in=wanted).delete()
    return made


def citation(passage: Passage) -> str:
    return _("%(document)s, %(label)s: «%(excerpt)s»") % {
        "document": passage.document.identifier,
        "label": passage.label,
        "excerpt": passage.excerpt(),
    }


def _set_status(
    *, demand: Demand, to_status: str, user, note: str, check_permission: bool = True
) -> None:
    """Through the one transition table; an earlier outcome is reopened before the new one."""
    current = Demand.objects.get(pk=demand.pk).status
    if current == to_status:
        return
    path = []
    if to_status not in workflow.TRANSITIONS.get(current, {}):
        path.append(DemandStatus.UNDER_CONSIDERATION)
    path.append(to_status)
    for step in path:
        demand_services.demand_change_status(
            demand=demand,
            to_status=step,
            user=user,
            note=note if step == to_status else _("Tatt opp til behandling i innstillingen."),
            check_permission=check_permission,
        )


@transaction.atomic
def match_confirm(
    *,
    match: PassageMatch,
    user,
    outcome: str | None = None,
    prepare: bool = False,
    check_permission: bool = True,
) -> PassageMatch:
    """A person confirms (or corrects the outcome of) a match; the demand's status follows.

    With ``prepare`` the outcome is prepared (``proposals.demands.publication``) and
    published with the others of its document; until then the match is not public either.
    ``check_permission=False`` is for the demo only.
    """
    if check_permission:
        _require_manager(user)
    locked = (
        PassageMatch.objects.select_for_update()
        .select_related("passage__document")
        .get(pk=match.pk)
    )
    outcome = outcome or locked.proposed_outcome
    if outcome not in Outcome.values:
        raise ValidationError(_("«%(o)s» er ikke et kjent utfall.") % {"o": outcome})
    if locked.state == MatchState.CONFIRMED and locked.outcome == outcome and not prepare:
        return locked
    demand = Demand.objects.get(pk=locked.demand_id)
    if check_permission and not permissions.can_view_demand(user, demand):
        raise PermissionDenied(_("Du har ikke tilgang til kravet."))
    locked.state = MatchState.CONFIRMED
    locked.outcome = outcome
    locked.decided_by = user
    locked.decided_at = timezone.now()
    to_status = OUTCOME_STATUS[Outcome(outcome)]
    if prepare:
        from proposals.demands.publication import outcome_prepare

        locked.prepared_outcome = outcome_prepare(
            demand=demand, user=user, to_status=to_status, note=citation(locked.passage)
        )
    else:
        locked.prepared_outcome = None
        _set_status(
            demand=demand,
            to_status=to_status,
            user=user,
            note=citation(locked.passage),
            check_permission=check_permission,
        )
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def match_reject(*, match: PassageMatch, user) -> PassageMatch:
    _require_manager(user)
    locked = PassageMatch.objects.select_for_update().get(pk=match.pk)
    if locked.state == MatchState.CONFIRMED:
        raise ValidationError(
            _("Treffet er allerede bekreftet; bekreft et annet avsnitt i stedet.")
        )
    locked.state = MatchState.REJECTED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def match_choose(
    *, demand: Demand, passage: Passage, user, outcome: str, prepare: bool = False
) -> PassageMatch:
    """The secretary corrects the suggestion: another passage answers the demand."""
    _require_manager(user)
    match, _created = PassageMatch.objects.get_or_create(
        demand=demand,
        passage=passage,
        defaults={"proposed_outcome": outcome, "reason": _("Valgt av sekretariatet.")},
    )
    PassageMatch.objects.filter(demand=demand, passage__document=passage.document).filter(
        Q(state=MatchState.SUGGESTED)
    ).exclude(pk=match.pk).update(
        state=MatchState.REJECTED, decided_by=user, decided_at=timezone.now()
    )
    return match_confirm(match=match, user=user, outcome=outcome, prepare=prepare)


# --- Budget figures -----------------------------------------------------------------


@dataclass
class FigureImport:
    created: int = 0
    updated: int = 0
    posts_created: int = 0


@transaction.atomic
def budget_figures_import(*, rows, user=None, check_permission: bool = True) -> FigureImport:
    """Store figures per kap./post and year; a post not known yet is created from the row."""
    from proposals.outcomes.models import BudgetFigure
    from proposals.reference.models import BudgetPost

    if check_permission:
        _require_manager(user)
    result = FigureImport()
    for row in rows:
        post, created = BudgetPost.objects.get_or_create(
            year=row.year,
            chapter=row.chapter,
            post=row.post,
            defaults={"chapter_name": row.chapter_name, "post_name": row.post_name},
        )
        result.posts_created += created
        figure = BudgetFigure(
            budget_post=post, kind=row.kind, amount_nok=row.amount_nok, source=row.source
        )
        figure.full_clean(validate_unique=False, validate_constraints=False)
        _obj, made = BudgetFigure.objects.update_or_create(
            budget_post=post,
            kind=row.kind,
            defaults={"amount_nok": row.amount_nok, "source": row.source},
        )
        result.created += made
        result.updated += not made
    return result


def budget_figures_from_recommendation(
    *, document: PolicyDocument, year: int, user=None, check_permission: bool = True
) -> FigureImport:
    """Recommended amounts from the budget Innst.'s tables (the recommended decision's
    parts), and adopted amounts from its BUDSJETT decisions naming one post and one sum."""
    from proposals.outcomes.figures import FigureRow, table_figures
    from proposals.submissions.importing.references import find_amounts, find_budget_refs

    rows = []
    for passage in Passage.objects.filter(document=document).order_by("position"):
        if passage.kind == splitting.DECISION_PART:
            source = f"{document.identifier}, {passage.label}"
            for chapter, post, amount in table_figures(passage.text):
                rows.append(FigureRow(year, chapter, post, "recommended", amount, source[:200]))
        elif passage.kind == splitting.DECISION and passage.decision_type == "BUDSJETT":
            refs = find_budget_refs(passage.text, year=year)
            amounts = [a for a in find_amounts(passage.text) if a > 0]
            if len(refs) == 1 and len(amounts) == 1:
                source = f"{passage.label}"
                rows.append(
                    FigureRow(year, refs[0].chapter, refs[0].post, "adopted", amounts[0], source)
                )
    return budget_figures_import(rows=rows, user=user, check_permission=check_permission)
