"""Reads of the Storting's process for the pages: a few queries each, whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q

from proposals.portal import selectors as portal_selectors
from proposals.process.models import (
    Case,
    Committee,
    Hearing,
    HearingSubmission,
    ProgrammeEntry,
    Session,
)

_SUBMISSIONS = Prefetch(
    "submissions",
    queryset=HearingSubmission.objects.select_related("organisation", "submission").only(
        "id",
        "hearing_id",
        "storting_id",
        "submitted_on",
        "organisation_name",
        "organisation__name",
        "organisation__short_name",
        "organisation__slug",
        "title",
        "submission__id",
    ),
)


@dataclass
class CaseView:
    case: Case
    hearings: list[Hearing]
    overview: Any  # portal_selectors.DocumentOverview, or None without a document
    chapters: list[Any] = field(default_factory=list)


def _flat(nodes, out):
    for node in nodes:
        if node.tally.total:
            out.append(node)
        _flat(node.children, out)
    return out


def case_view(*, case_id: int, user) -> CaseView:
    """A case with its document, steps, hearings (times, submissions) and demands by chapter."""
    case = (
        Case.objects.select_related("committee", "session", "document", "recommendation")
        .prefetch_related("steps")
        .get(pk=case_id)
    )
    hearings = list(
        case.hearings.select_related("committee")
        .prefetch_related("times", _SUBMISSIONS)
        .order_by("starts_at", "storting_id")
    )
    overview = None
    chapters = []
    if case.document_id:
        overview = portal_selectors.document_overview(document=case.document, user=user)
        chapters = _flat(overview.tree, [])
    return CaseView(case=case, hearings=hearings, overview=overview, chapters=chapters)


def hearing_view(*, hearing_id: int) -> Hearing:
    """A hearing with its committee, cases, times, programme and submissions."""
    return (
        Hearing.objects.select_related("committee", "session")
        .prefetch_related(
            "times",
            Prefetch("cases", queryset=Case.objects.select_related("document")),
            Prefetch(
                "programme",
                queryset=ProgrammeEntry.objects.select_related("organisation").order_by(
                    "day", "order"
                ),
            ),
            _SUBMISSIONS,
        )
        .get(pk=hearing_id)
    )


def document_cases(*, document) -> list[Case]:
    """The cases that carry a document through the Storting, with their hearings."""
    return list(
        Case.objects.filter(document=document)
        .select_related("committee")
        .prefetch_related(Prefetch("hearings", queryset=Hearing.objects.order_by("starts_at")))
        .order_by("-storting_id")
    )


@dataclass
class HearingWork:
    sessions: list[Session]
    committees: list[Committee]
    hearings: list[Hearing]
    session: str
    committee: str


def hearing_work_list(*, session: str = "", committee: str = "") -> HearingWork:
    """The secretariat's hearings with how far their submissions are: one query for the list."""
    sessions = list(Session.objects.all())
    committees = list(Committee.objects.all())
    if not session and sessions:
        session = sessions[0].storting_id
    hearings = (
        Hearing.objects.select_related("committee", "session")
        .annotate(
            submission_count=Count("submissions", distinct=True),
            analysed_count=Count(
                "submissions",
                filter=Q(submissions__submission__analysed_at__isnull=False),
                distinct=True,
            ),
            reviewed_count=Count(
                "submissions",
                filter=Q(submissions__submission__demands__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-storting_id")
    )
    if session:
        hearings = hearings.filter(session__storting_id=session)
    if committee:
        hearings = hearings.filter(committee__storting_id=committee)
    return HearingWork(
        sessions=sessions,
        committees=committees,
        hearings=list(hearings[:500]),
        session=session,
        committee=committee,
    )
