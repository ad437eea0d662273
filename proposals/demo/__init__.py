"""The demo: the documents, organisations and demands behind the sample responses.

The facts (identifiers, chapters, budget posts, amounts) are copied from
public sources into ``proposals/demo/``; the demands there are the project's
own summaries of what each organisation asks, with a pointer to the section of
the response where it stands. Loading is idempotent: a second run finds every
row by its natural key and adds nothing.
"""

from __future__ import annotations

import csv
import json
import secrets
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from organizations.models import Membership, Organisation
from proposals.demands import services, workflow
from proposals.models import (
    BudgetPost,
    Case,
    Chapter,
    Committee,
    Demand,
    DemandStatus,
    Hearing,
    HearingSubmission,
    HearingTime,
    PolicyDocument,
    ProcedureStep,
    ProgrammeCategory,
    ProgrammeEntry,
    Session,
    StatusChange,
    Submission,
    Topic,
)
from proposals.reference import services as reference_services
from proposals.reference.identifiers import identifier_kind, normalise_identifier

DATA_DIR = Path(__file__).resolve().parent
OSLO = ZoneInfo("Europe/Oslo")


@dataclass
class DemoAccount:
    username: str
    role: str
    password: str


@dataclass
class DemoResult:
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)


SECRETARY_USERNAME = "sekretaer"
ADMIN_USERNAME = "admin"


def editor_username(organisation: Organisation) -> str:
    return f"{organisation.slug.split('-')[0]}-redaktor"


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_json(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _session_of(identifier: str) -> str:
    start, _, rest = identifier.partition("(")
    return rest.rstrip(")") if rest else ""


def load_documents() -> dict[str, PolicyDocument]:
    documents = {}
    for row in _read_csv("documents.csv"):
        identifier = normalise_identifier(row["identifier"])
        kind = row.get("kind") or identifier_kind(identifier)
        year = row.get("year", "")
        budget_year = int(year) if kind == "budget_proposition" and year.isdigit() else None
        document, _ = PolicyDocument.objects.update_or_create(
            identifier=identifier,
            defaults={
                "slug": slugify(identifier.replace(":", " ").replace("–", " ")),
                "title": row["title"],
                "kind": kind,
                "session": _session_of(identifier) or year,
                "budget_year": budget_year,
                "responsible": row.get("responsible", ""),
                "url": row.get("url", ""),
            },
        )
        documents[identifier] = document
    for row in _read_csv("chapters.csv"):
        document = documents[normalise_identifier(row["document"])]
        reference_services.chapter_upsert(
            document=document, number=row["number"], title=row["title"]
        )
    return documents


def load_budget() -> None:
    categories = {}
    for row in _read_csv("programme-categories.csv"):
        categories[row["number"]], _ = ProgrammeCategory.objects.update_or_create(
            number=row["number"], defaults={"name": row["name"]}
        )
    for row in _read_csv("budget-posts.csv"):
        BudgetPost.objects.update_or_create(
            year=int(row["year"]),
            chapter=int(row["chapter"]),
            post=int(row["post"]),
            defaults={
                "chapter_name": row["chapter_name"],
                "post_name": row["post_name"],
                "amount_nok": int(row["amount_nok"]) if row["amount_nok"] else None,
                "programme_category": categories.get(row.get("programme_category") or ""),
            },
        )


def load_organisations() -> dict[str, Organisation]:
    organisations = {}
    for row in _read_json("organisations.json"):
        organisation, _ = Organisation.objects.update_or_create(
            short_name=row["short_name"],
            defaults={
                "name": row["name"],
                "slug": slugify(row["short_name"]),
                "kind": row["kind"],
                "org_number": row.get("org_number") or "",
                "members": row.get("members"),
                "website": row.get("website") or "",
                "description": row.get("description") or "",
            },
        )
        organisations[organisation.short_name] = organisation
    return organisations


def secretariat_group() -> Group:
    group, _ = Group.objects.get_or_create(name=workflow.SECRETARIAT_GROUP)
    permission = Permission.objects.get(
        codename=workflow.SECRETARIAT_CODENAME, content_type__app_label="proposals"
    )
    group.permissions.add(permission)
    return group


def load_accounts(organisations: dict[str, Organisation]) -> list[DemoAccount]:
    User = get_user_model()
    group = secretariat_group()
    accounts = []
    plan = [
        (editor_username(org), f"redaktør for {org.short_name}", org)
        for org in organisations.values()
    ]
    plan += [(SECRETARY_USERNAME, "komitésekretær", None), (ADMIN_USERNAME, "administrator", None)]
    for username, role, organisation in plan:
        # Known passwords only for a development demo; elsewhere nobody can guess them.
        password = f"{username}-demo" if settings.DEBUG else secrets.token_urlsafe(18)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@example.org")
            user.set_password(password)
            user.save()
        elif settings.DEBUG:
            user.set_password(password)
            user.save(update_fields=["password"])
        if username == ADMIN_USERNAME:
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        elif organisation is None:
            user.groups.add(group)
        else:
            Membership.objects.get_or_create(
                user=user,
                organisation=organisation,
                defaults={"role": Membership.Role.EDITOR},
            )
        accounts.append(DemoAccount(username, role, password))
    return accounts


def load_submissions(organisations, documents) -> dict[str, Submission]:
    submissions = {}
    for row in _read_json("submissions.json"):
        submission, _ = Submission.objects.update_or_create(
            source_key=row["key"],
            defaults={
                "organisation": organisations[row["organisation"]],
                "document": documents[normalise_identifier(row["document"])],
                "kind": row.get("kind") or Submission.Kind.INPUT,
                "title": row["title"],
                "submitted_on": date.fromisoformat(row["submitted_on"]),
                "original_filename": row.get("source_file", ""),
            },
        )
        submissions[row["key"]] = submission
    return submissions


def status_path(target: str, *, direct: bool = False) -> list[str]:
    """The shortest way through the transition table from a draft to ``target``.

    Unless ``direct``, an outcome is reached through «Til behandling», the way
    a demand usually travels, rather than by the committee's direct move.
    """
    previous = {DemandStatus.DRAFT: None}
    queue = deque([DemandStatus.DRAFT])
    while queue:
        status = queue.popleft()
        for following in workflow.TRANSITIONS.get(status, {}):
            shortcut = status == DemandStatus.SUBMITTED and following in workflow.NOTE_REQUIRED
            if shortcut and not direct:
                continue
            if following not in previous:
                previous[following] = status
                queue.append(following)
    if target not in previous:
        raise ValueError(f"status {target!r} cannot be reached from a draft")
    path = []
    step = target
    while step != DemandStatus.DRAFT:
        path.append(step)
        step = previous[step]
    return list(reversed(path))


# When each document's demands can be taken up and when outcomes can come, so
# the demo's dates fit the process: nothing is considered before its document
# was presented, no outcome on a budget comes before its proposition existed.
# (Presented: NOU 2023:4 on 2 February 2023, Meld. St. 9 on 1 March 2024,
# Prop. 1 S (2022–2023) on 6 October 2022, Prop. 1 S (2025–2026) on 15 October
# 2025; the outcome dates are plausible dates of the committee's work.)
TIMELINE = {
    "NOU 2023:4": (date(2023, 2, 2), date(2023, 6, 15)),
    "Meld. St. 9 (2023–2024)": (date(2024, 3, 1), date(2024, 6, 4)),
    "Prop. 1 S (2022–2023)": (date(2022, 10, 6), date(2022, 11, 24)),
    "Prop. 1 S (2025–2026)": (date(2025, 10, 15), date(2025, 11, 27)),
}

# The outcome the demo's secretariat has prepared but not yet published.
PREPARED = {
    "key": "ho21-ksf-helse",
    "to_status": DemandStatus.PARTIALLY_ADOPTED,
    "note": "Komiteen ber regjeringen vurdere et forskningsløft for kommunene "
    "(forberedt, ikke publisert).",
}


def _step_moments(document: PolicyDocument, start: date, steps: list[str]) -> list[datetime]:
    """A time for each step: delivery, then consideration and outcome on the process's dates."""
    considered, decided = TIMELINE.get(document.identifier, (start, start))
    moments = []
    for index, step in enumerate(steps):
        if index == 0:
            day = start
        elif step in workflow.NOTE_REQUIRED:
            day = max(decided, start) + timedelta(days=index)
        else:
            day = max(considered, start) + timedelta(days=14 * index)
        moments.append(datetime.combine(day, time(12, 0), tzinfo=OSLO))
    return moments


def load_demands(organisations, documents, submissions) -> None:
    User = get_user_model()
    secretary = User.objects.get(username=SECRETARY_USERNAME)
    editors = {
        membership.organisation.short_name: membership.user
        for membership in Membership.objects.select_related("organisation", "user")
    }
    existing = set(Demand.objects.exclude(source_key="").values_list("source_key", flat=True))
    for row in _read_json("demands.json"):
        if row["key"] in existing:
            continue
        organisation = organisations[row["organisation"]]
        document = documents[normalise_identifier(row["document"])]
        submission = submissions.get(row.get("submission") or "")
        editor = editors.get(organisation.short_name)
        topics = [
            Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in row.get("topics", [])
        ]
        demand = services.demand_create(
            user=editor,
            organisation=organisation,
            document=document,
            submission=submission,
            title=row["title"],
            text=row["text"],
            rationale=row.get("rationale", ""),
            stance=row["stance"],
            requested_amount_nok=row.get("requested_amount_nok"),
            # The organisation names chapters only in its drafts; the submitted
            # demands are linked by the secretariat below, as in real work.
            chapters=(
                document.chapters.filter(number__in=row.get("chapters", []))
                if row["status"] == DemandStatus.DRAFT
                else []
            ),
            budget_posts=[
                BudgetPost.objects.get(year=year, chapter=chapter, post=post)
                for year, chapter, post in row.get("budget_posts", [])
            ],
            topics=topics,
            source_section=row.get("source_section", ""),
            source_key=row["key"],
            check_permission=False,
        )
        start = (
            submission.submitted_on
            if submission and submission.submitted_on
            else timezone.localdate()
        )
        steps = status_path(row["status"]) if row["status"] != DemandStatus.DRAFT else []
        moments = _step_moments(document, start, steps)
        for index, step in enumerate(steps):
            party = workflow.TRANSITIONS[demand.status][step]
            is_last = index == len(steps) - 1
            note = row.get("status_note", "") if is_last else ""
            if not note and step in workflow.NOTE_REQUIRED:
                note = "Behandlet i komiteens arbeid."
            services.demand_change_status(
                demand=demand,
                to_status=step,
                user=editor if party == workflow.ORG else secretary,
                note=note,
                at=moments[index],
                check_permission=False,
            )
    link_demo_chapters(secretary)
    prepare_demo_outcome(secretary)


def link_demo_chapters(secretary) -> None:
    """The secretariat links each submitted demo demand to the chapters it concerns (once)."""
    from proposals.demands import curation

    wanted = {row["key"]: row.get("chapters", []) for row in _read_json("demands.json")}
    unlinked = (
        Demand.objects.filter(source_key__in=[k for k, v in wanted.items() if v])
        .exclude(status=DemandStatus.DRAFT)
        .filter(chapters__isnull=True)
        .select_related("document")
    )
    for demand in unlinked:
        chapters = demand.document.chapters.filter(number__in=wanted[demand.source_key])
        curation.demand_link_chapters(demand=demand, user=secretary, add=chapters)


def prepare_demo_outcome(secretary) -> None:
    """One outcome prepared and waiting to be published (once, while it still fits)."""
    from proposals.demands import publication
    from proposals.models import PreparedOutcome

    demand = Demand.objects.filter(source_key=PREPARED["key"]).first()
    if demand is None or PreparedOutcome.objects.filter(demand=demand).exists():
        return
    if PREPARED["to_status"] not in workflow.TRANSITIONS.get(demand.status, {}):
        return
    publication.outcome_prepare(
        demand=demand, user=secretary, to_status=PREPARED["to_status"], note=PREPARED["note"]
    )


def load_process(organisations, submissions) -> None:
    """A hearing of the health and care committee on Meld. St. 9 (2023–2024), with its case."""
    facts = _read_json("process.json")
    committee, _ = Committee.objects.update_or_create(
        storting_id=facts["committee"]["id"], defaults={"name": facts["committee"]["name"]}
    )
    session, _ = Session.objects.get_or_create(storting_id=facts["session"])
    row = facts["case"]
    case, _ = Case.objects.update_or_create(
        storting_id=row["id"],
        defaults={
            "session": session,
            "committee": committee,
            "title": row["title"],
            "short_title": row["short_title"],
            "kind": row["kind"],
            "reference": row["reference"],
            "document": PolicyDocument.objects.get(
                identifier=normalise_identifier(row["reference"])
            ),
            "procedure_name": row["procedure"],
        },
    )
    for number, name in enumerate(row["steps"], start=1):
        ProcedureStep.objects.update_or_create(case=case, number=number, defaults={"name": name})
    row = facts["hearing"]
    local = ZoneInfo(settings.TIME_ZONE)
    starts_at = datetime.fromisoformat(row["starts_at"]).replace(tzinfo=local)
    hearing, _ = Hearing.objects.update_or_create(
        storting_id=row["id"],
        defaults={
            "session": session,
            "committee": committee,
            "kind": row["kind"],
            "written_only": row["written_only"],
            "status": row["status"],
            "starts_at": starts_at,
            "input_deadline": datetime.fromisoformat(row["input_deadline"]).replace(tzinfo=local),
        },
    )
    hearing.cases.set([case])
    HearingTime.objects.update_or_create(
        hearing=hearing, at=starts_at, defaults={"place": row["place"]}
    )
    by_name = {organisation.name: organisation for organisation in organisations.values()}
    by_short = {organisation.short_name: organisation for organisation in organisations.values()}
    for entry in row["programme"]:
        name = entry["participant"]
        organisation = by_short.get(name.split(" – ")[0]) or by_name.get(name)
        ProgrammeEntry.objects.update_or_create(
            hearing=hearing,
            day=starts_at.date(),
            order=entry["order"],
            defaults={
                "participant": name,
                "time_slot": entry["time_slot"],
                "organisation": organisation,
            },
        )
    for entry in row["submissions"]:
        submission = submissions[entry["submission"]]
        if submission.source != Submission.Source.HEARING:
            submission.source = Submission.Source.HEARING
            submission.save(update_fields=["source"])
        HearingSubmission.objects.update_or_create(
            storting_id=entry["id"],
            defaults={
                "hearing": hearing,
                "submitted_on": submission.submitted_on,
                "organisation_name": entry["organisation_name"],
                "organisation": submission.organisation,
                "title": submission.title,
                "submission": submission,
            },
        )


@transaction.atomic
def load_demo() -> DemoResult:
    documents = load_documents()
    load_budget()
    organisations = load_organisations()
    accounts = load_accounts(organisations)
    submissions = load_submissions(organisations, documents)
    load_demands(organisations, documents, submissions)
    load_process(organisations, submissions)
    from proposals.outcomes.demo import load_outcomes

    load_outcomes()
    counts = {
        "documents": PolicyDocument.objects.count(),
        "chapters": Chapter.objects.count(),
        "budget_posts": BudgetPost.objects.count(),
        "organisations": Organisation.objects.count(),
        "submissions": Submission.objects.count(),
        "demands": Demand.objects.count(),
        "hearings": Hearing.objects.count(),
        "status_changes": StatusChange.objects.count(),
        "users": get_user_model().objects.count(),
    }
    return DemoResult(counts=counts, accounts=accounts)
