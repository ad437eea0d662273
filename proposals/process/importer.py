"""The Storting's answers into rows: committees, cases, hearings, programmes, submissions.

``StortingImport`` applies parsed answers (``stortinget.parse``) one at a time,
each in its own savepoint: a row that fails is reported and skipped, the rest
are kept. Rows are found by the Storting's id, so a second import updates;
every field it changes is recorded as an ``ImportChange``. What it did is
counted in ``Report`` (created, updated, unchanged, removed, skipped, and why).

Hearing submissions are matched to organisations by ``organizations.matching``;
a matched one becomes that organisation's ``Submission`` on the case's
document, ready for the secretariat's review; an unmatched name waits in the
``NameReview`` queue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.matching import fold
from organizations.models import NameReview
from organizations.services import name_index
from proposals.process.models import (
    Case,
    Committee,
    Hearing,
    HearingSubmission,
    HearingTime,
    ImportChange,
    ImportRun,
    ProcedureStep,
    ProgrammeEntry,
    Session,
)
from proposals.process.sources import StortingetClient
from proposals.process.stortinget import Answer, AnswerRefused, parse
from proposals.reference.identifiers import identifier_kind, normalise_identifier
from proposals.reference.models import PolicyDocument
from proposals.submissions import imports as submission_imports
from proposals.submissions.models import Submission

# Hearings first, so the programme and submissions of a hearing find it.
ORDER = [
    "komiteer_oversikt",
    "saker_oversikt",
    "horinger_oversikt",
    "detaljert_sak",
    "horingsprogram_oversikt",
    "horingsinnspill_oversikt",
    "skriftlige_innspill_oversikt",
]

# The standing committees' names, for committees met before their own answer.
COMMITTEE_NAMES = {
    "ARBSOS": "Arbeids- og sosialkomiteen",
    "ENERGI": "Energi- og miljøkomiteen",
    "FAM": "Familie- og kulturkomiteen",
    "FINANS": "Finanskomiteen",
    "HELSE": "Helse- og omsorgskomiteen",
    "JUSTIS": "Justiskomiteen",
    "KIRKE": "Utdannings- og forskningskomiteen",
    "KOMMFORV": "Kommunal- og forvaltningskomiteen",
    "KONTROLL": "Kontroll- og konstitusjonskomiteen",
    "NERINGS": "Næringskomiteen",
    "TRANSPORT": "Transport- og kommunikasjonskomiteen",
    "UFO": "Utenriks- og forsvarskomiteen",
    "UTDANNING": "Utdannings- og forskningskomiteen",
}

SOURCE_KEY = "stortinget-innspill-{id}"


@dataclass
class Report:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    problems: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def count(self, model: str, outcome: str, n: int = 1) -> None:
        self.counts[model][outcome] += n

    def problem(self, where: str, reason: str, model: str = "") -> None:
        self.problems.append(f"{where}: {reason}")
        if model:
            self.count(model, "skipped")

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": {model: dict(counter) for model, counter in sorted(self.counts.items())},
            "problems": self.problems,
            "changes": self.changes,
        }

    def lines(self) -> list[str]:
        out = []
        for model, counter in sorted(self.counts.items()):
            parts = ", ".join(f"{name} {n}" for name, n in sorted(counter.items()))
            out.append(f"{model}: {parts}")
        out += [f"endret: {change}" for change in self.changes]
        out += [f"hoppet over: {problem}" for problem in self.problems]
        return out


def _aware(value):
    if isinstance(value, datetime) and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return str(value)


class StortingImport:
    def __init__(
        self,
        *,
        session: str = "",
        committee: str = "",
        hearing: int | None = None,
        run: ImportRun | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ):
        self.session = session
        self.committee = committee.upper()
        self.hearing = hearing
        self.run = run
        self.on_progress = on_progress or (lambda done, total: None)
        self.report = Report()
        self.seen_hearings: list[int] = []
        self.seen_cases: set[int] = set()
        self._committees: dict[str, Committee] = {}
        self._sessions: dict[str, Session] = {}
        self._documents: dict[str, PolicyDocument | None] = {}
        self._names = None
        self._matched: dict[str, tuple[int | None, str]] = {}

    # --- sources -----------------------------------------------------------

    def from_saved(self, answers: Iterable[tuple[str, bytes]]) -> Report:
        parsed: list[tuple[str, Answer]] = []
        for name, data in answers:
            try:
                parsed.append((name, parse(data)))
            except AnswerRefused as refusal:
                self.report.problem(name, str(refusal), model="fil")
        parsed.sort(key=lambda item: (ORDER.index(item[1].kind), item[0]))
        for done, (name, answer) in enumerate(parsed, start=1):
            self.apply(answer, name)
            self.on_progress(done, len(parsed))
        return self.report

    def from_service(self, client: StortingetClient) -> Report:
        url, data = client.get("horinger", sesjonid=self.session)
        self.apply(self._parse_or_report(url, data), url)
        hearings = list(self.seen_hearings)
        total = len(hearings) * 2 + 1
        done = 1
        self.on_progress(done, total)
        for hearing_id in hearings:
            for resource in ("horingsprogram", "horingsinnspill"):
                url, data = client.get(resource, horingid=hearing_id)
                self.apply(self._parse_or_report(url, data), url)
                done += 1
                self.on_progress(done, total + len(self.seen_cases))
        for position, case_id in enumerate(sorted(self.seen_cases), start=1):
            url, data = client.get("sak", sakid=case_id)
            self.apply(self._parse_or_report(url, data), url)
            self.on_progress(done + position, total + len(self.seen_cases))
        return self.report

    def _parse_or_report(self, where: str, data: bytes) -> Answer | None:
        try:
            return parse(data)
        except AnswerRefused as refusal:
            self.report.problem(where, str(refusal), model="fil")
            return None

    # --- applying answers --------------------------------------------------

    def apply(self, answer: Answer | None, where: str) -> None:
        if answer is None:
            return
        for problem in answer.problems:
            self.report.problem(f"{where}: {problem.row}", problem.reason, model=answer.kind)
        handler = getattr(self, f"_apply_{answer.kind}")
        handler(answer, where)

    def _row(self, where: str, model: str, apply: Callable[[], Any]) -> Any:
        """One row in its own savepoint: a refusal is reported, the rest go on."""
        try:
            with transaction.atomic():
                return apply()
        except ValidationError as error:
            reasons = (
                "; ".join(
                    f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items()
                )
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
            self.report.problem(where, reasons, model=model)
            return None

    def _upsert(self, model, label: str, storting_id, values: dict[str, Any], existing=None):
        values = {key: _aware(value) for key, value in values.items()}
        obj = existing
        if obj is None:
            obj = model.objects.filter(storting_id=storting_id).first()
        if obj is None:
            obj = model(storting_id=storting_id, **values)
            # The row was looked up by its id; the database's constraint backs that up.
            obj.full_clean(validate_unique=False)
            obj.save()
            self.report.count(label, "created")
            return obj
        changed = []
        for key, value in values.items():
            old = getattr(obj, key)
            if old != value:
                changed.append((key, old, value))
                setattr(obj, key, value)
        if not changed:
            self.report.count(label, "unchanged")
            return obj
        obj.full_clean(validate_unique=False)
        obj.save()
        self.report.count(label, "updated")
        ImportChange.objects.bulk_create(
            ImportChange(
                run=self.run,
                model=label,
                storting_id=str(storting_id),
                field=key,
                old=_shown(old)[:10000],
                new=_shown(new)[:10000],
            )
            for key, old, new in changed
        )
        for key, old, new in changed:
            self.report.changes.append(
                f"{label} {storting_id} {key}: «{_shown(old)[:80]}» → «{_shown(new)[:80]}»"
            )
        return obj

    def committee_row(self, storting_id: str, name: str = "") -> Committee | None:
        storting_id = (storting_id or "").upper()
        if not storting_id:
            return None
        if storting_id not in self._committees:
            committee, created = Committee.objects.get_or_create(
                storting_id=storting_id,
                defaults={"name": name or COMMITTEE_NAMES.get(storting_id, "")},
            )
            if created:
                self.report.count("komité", "created")
            elif name and committee.name != name:
                committee.name = name
                committee.save(update_fields=["name", "updated_at"])
                self.report.count("komité", "updated")
            self._committees[storting_id] = committee
        return self._committees[storting_id]

    def session_row(self, storting_id: str) -> Session | None:
        storting_id = storting_id or self.session
        if not storting_id:
            return None
        if storting_id not in self._sessions:
            session = Session.objects.filter(storting_id=storting_id).first()
            if session is None:
                session = Session(storting_id=storting_id)
                session.full_clean()
                session.save()
                self.report.count("sesjon", "created")
            self._sessions[storting_id] = session
        return self._sessions[storting_id]

    def document_for(self, reference: str, title: str = "", create: bool = False):
        """The document a case's reference names, by the one identifier parser."""
        if not reference:
            return None
        identifier = normalise_identifier(reference)
        if identifier not in self._documents or (create and self._documents[identifier] is None):
            document = PolicyDocument.objects.filter(identifier=identifier).first()
            if document is None and create and identifier_kind(identifier) != "other" and title:
                document = PolicyDocument(identifier=identifier, title=title[:300])
                document.full_clean()
                document.save()
                self.report.count("dokument", "created")
            self._documents[identifier] = document
        return self._documents[identifier]

    def _wanted_committee(self, committee: str) -> bool:
        return not self.committee or committee == self.committee

    # committees

    def _apply_komiteer_oversikt(self, answer: Answer, where: str) -> None:
        for row in answer.rows:
            self.committee_row(row["id"], row["name"])

    # cases

    def _case_values(self, row: dict[str, Any], *, create_document: bool) -> dict[str, Any]:
        values = {
            "title": row["title"],
            "short_title": row.get("short_title", "")[:500],
            # Written as the one identifier parser writes it, whichever answer it came from.
            "reference": normalise_identifier(row.get("reference", ""))[:200],
        }
        document = self.document_for(values["reference"], row["title"], create=create_document)
        if document is not None:
            values["document"] = document
        return values

    def _apply_saker_oversikt(self, answer: Answer, where: str) -> None:
        session = answer.meta.get("sesjon_id") or self.session
        if self.session and session != self.session:
            self.report.problem(where, f"sesjon {session}, ikke {self.session}", model="sak")
            return
        existing = Case.objects.in_bulk(
            [row["id"] for row in answer.rows], field_name="storting_id"
        )
        for row in answer.rows:
            if not self._wanted_committee(row["committee"]):
                self.report.count("sak", "other committee")
                continue
            self._row(
                f"{where}: sak {row['id']}",
                "sak",
                lambda row=row: self._case(row, session, existing),
            )

    def _case(self, row, session, existing):
        values = self._case_values(row, create_document=False)
        values.update(
            kind=row.get("kind", ""),
            status=row.get("status", ""),
            committee=self.committee_row(row["committee"], row.get("committee_name", "")),
            session=self.session_row(session),
            recommendation_storting_id=row.get("recommendation_storting_id", "")[:40],
            source_updated_at=row.get("source_updated_at"),
        )
        case = self._upsert(Case, "sak", row["id"], values, existing.get(row["id"]))
        self.seen_cases.add(case.storting_id)
        return case

    def _apply_detaljert_sak(self, answer: Answer, where: str) -> None:
        for row in answer.rows:
            if not self._wanted_committee(row["committee"]):
                self.report.count("sak", "other committee")
                continue
            self._row(f"{where}: sak {row['id']}", "sak", lambda row=row: self._detailed_case(row))

    def _detailed_case(self, row):
        case = self._case(row, row.get("session") or self.session, {})
        recommendation = next(
            (ref for ref in row["publications"] if ref["text"].startswith("Innst")), None
        )
        values = {
            "recommended_decision": row["recommended_decision"],
            "decision_summary": row["decision_summary"],
            "decision_text": row["decision_text"],
            "procedure_name": row["procedure_name"][:200],
        }
        if recommendation:
            values["recommendation_reference"] = normalise_identifier(recommendation["text"])[:200]
            values["recommendation"] = self.document_for(recommendation["text"])
        self._upsert(Case, "sak", case.storting_id, values, case)
        steps = {step.number: step for step in case.steps.all()}
        for step in row["steps"]:
            current = steps.pop(step["number"], None)
            if current is None:
                ProcedureStep(case=case, **step).save()
                self.report.count("behandlingssteg", "created")
            elif (current.name, current.not_applicable) != (step["name"], step["not_applicable"]):
                current.name, current.not_applicable = step["name"], step["not_applicable"]
                current.full_clean()
                current.save()
                self.report.count("behandlingssteg", "updated")
        for gone in steps.values():
            gone.delete()
            self.report.count("behandlingssteg", "removed")

    # hearings

    def _apply_horinger_oversikt(self, answer: Answer, where: str) -> None:
        session = answer.meta.get("sesjon_id") or self.session
        if self.session and session and session != self.session:
            self.report.problem(where, f"sesjon {session}, ikke {self.session}", model="høring")
            return
        existing = Hearing.objects.in_bulk(
            [row["id"] for row in answer.rows], field_name="storting_id"
        )
        for row in answer.rows:
            if self.hearing and row["id"] != self.hearing:
                continue
            if not self._wanted_committee(row["committee"]):
                continue
            hearing = self._row(
                f"{where}: høring {row['id']}",
                "høring",
                lambda row=row: self._hearing(row, session, existing.get(row["id"])),
            )
            if hearing is not None:
                self.seen_hearings.append(hearing.storting_id)

    def _hearing(self, row, session, existing):
        values = {
            "committee": self.committee_row(row["committee"], row["committee_name"]),
            "session": self.session_row(session),
            "kind": row["kind"],
            "written_only": row["written_only"],
            "status": row["status"],
            "publication_status": row["publication_status"][:60],
            "status_text": row["status_text"],
            "request_deadline": row["request_deadline"],
            "input_deadline": row["input_deadline"],
            "application_deadline": row["application_deadline"],
            "starts_at": row["starts_at"],
        }
        hearing = self._upsert(Hearing, "høring", row["id"], values, existing)
        cases = []
        for info in row["cases"]:
            case = Case.objects.filter(storting_id=info["id"]).first()
            values = self._case_values(info, create_document=True)
            if not values["title"]:
                values["title"] = values["short_title"] or values["reference"] or str(info["id"])
            values["committee"] = hearing.committee
            if case is None:
                values["session"] = hearing.session
            case = self._upsert(Case, "sak", info["id"], values, case)
            self.seen_cases.add(case.storting_id)
            cases.append(case)
        hearing.cases.set(cases)
        times = [(slot["at"] and _aware(slot["at"]), slot["place"][:300]) for slot in row["times"]]
        if [(t.at, t.place) for t in hearing.times.all()] != times:
            hearing.times.all().delete()
            HearingTime.objects.bulk_create(
                HearingTime(hearing=hearing, at=at, place=place) for at, place in times
            )
        return hearing

    def _known_hearing(self, answer: Answer, where: str, model: str) -> Hearing | None:
        raw = answer.meta.get("horing_id")
        if not raw or not raw.isdigit():
            self.report.problem(where, "svaret mangler «horing_id»", model=model)
            return None
        if self.hearing and int(raw) != self.hearing:
            return None
        hearing = Hearing.objects.select_related("committee").filter(storting_id=int(raw)).first()
        if hearing is None:
            self.report.problem(where, f"høring {raw} er ikke importert", model=model)
            return None
        if self.committee and hearing.committee and hearing.committee.storting_id != self.committee:
            return None
        return hearing

    # programme

    def _apply_horingsprogram_oversikt(self, answer: Answer, where: str) -> None:
        hearing = self._known_hearing(answer, where, "programpost")
        if hearing is None:
            return
        self._row(where, "programpost", lambda: self._programme(hearing, answer.rows))

    def _programme(self, hearing: Hearing, rows: list[dict[str, Any]]) -> None:
        current = {(entry.day, entry.order): entry for entry in hearing.programme.all()}
        for row in rows:
            key = (row["day"], row["order"])
            match = self.match(row["participant"])
            values = {
                "participant": row["participant"][:500],
                "time_slot": row["time_slot"][:60],
                "footnote": row["footnote"],
                "organisation_id": match,
            }
            entry = current.pop(key, None)
            if entry is None:
                entry = ProgrammeEntry(
                    hearing=hearing, day=row["day"], order=row["order"], **values
                )
                entry.full_clean(validate_unique=False)
                entry.save()
                self.report.count("programpost", "created")
                continue
            if any(getattr(entry, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(entry, name, value)
                entry.full_clean(validate_unique=False)
                entry.save()
                self.report.count("programpost", "updated")
            else:
                self.report.count("programpost", "unchanged")
        for gone in current.values():
            gone.delete()
            self.report.count("programpost", "removed")

    # submissions

    def _apply_horingsinnspill_oversikt(self, answer: Answer, where: str) -> None:
        self._submissions(answer, where, HearingSubmission.Channel.HEARING)

    def _apply_skriftlige_innspill_oversikt(self, answer: Answer, where: str) -> None:
        self._submissions(answer, where, HearingSubmission.Channel.WRITTEN)

    def _submissions(self, answer: Answer, where: str, channel: str) -> None:
        hearing = self._known_hearing(answer, where, "innspill")
        if hearing is None:
            return
        if not answer.rows:
            self.report.count("høring uten innspill", "seen")
        document = next((case.document for case in hearing.cases.all() if case.document_id), None)
        existing = HearingSubmission.objects.select_related("submission").in_bulk(
            [row["id"] for row in answer.rows], field_name="storting_id"
        )
        for row in answer.rows:
            self._row(
                f"{where}: innspill {row['id']}",
                "innspill",
                lambda row=row: self._submission(
                    hearing, document, channel, row, existing.get(row["id"])
                ),
            )

    def _submission(self, hearing, document, channel, row, existing) -> HearingSubmission:
        values = {
            "hearing": hearing,
            "channel": channel,
            "submitted_on": row["date"],
            "organisation_name": row["organisation"][:500],
            "title": row["title"][:500],
            "text": row["text"],
        }
        if existing is None or existing.organisation_id is None:
            values["organisation_id"] = self.match(row["organisation"])
        received = self._upsert(HearingSubmission, "innspill", row["id"], values, existing)
        submission_sync(hearing_submission=received, document=document, report=self.report)
        return received

    # organisations

    def match(self, name: str) -> int | None:
        """The organisation a name is, or ``None`` with the name queued for review."""
        if name in self._matched:
            organisation_id, outcome = self._matched[name]
            self.report.count("organisasjon", outcome)
            return organisation_id
        organisation_id, outcome = self._match(name)
        self._matched[name] = (organisation_id, outcome)
        self.report.count("organisasjon", outcome)
        return organisation_id

    def _match(self, name: str) -> tuple[int | None, str]:
        if self._names is None:
            self._names = name_index()
        found = self._names.match(name)
        if found.matched:
            return found.organisation_id, "exact" if found.exact else "fuzzy"
        key = fold(name)
        if not key:
            return None, "no name"
        review, created = NameReview.objects.get_or_create(
            key=key[:500],
            defaults={
                "name": name[:500],
                "suggestion_id": found.suggestion_id,
                "score": found.score,
            },
        )
        if review.state != NameReview.State.OPEN and review.organisation_id:
            return review.organisation_id, "confirmed before"
        return None, "to review"


def submission_sync(*, hearing_submission: HearingSubmission, document=None, report=None):
    """The organisation's ``Submission`` of a matched hearing submission, created or brought up to date.

    Needs the organisation and the document the hearing's case treats; without
    either it waits (the report says so).
    """
    received = hearing_submission
    if document is None:
        document = next(
            (case.document for case in received.hearing.cases.all() if case.document_id), None
        )
    if received.organisation_id is None or document is None:
        if report is not None:
            report.count(
                "innspill til vurdering",
                "no organisation" if received.organisation_id is None else "no document",
            )
        return None
    submission = received.submission
    values = {
        "organisation_id": received.organisation_id,
        "document": document,
        "kind": Submission.Kind.HEARING_RESPONSE,
        "title": (received.title or received.organisation_name)[:300],
        "submitted_on": received.submitted_on,
        "text": received.text,
        "source": Submission.Source.HEARING,
    }
    if submission is None:
        submission = Submission(source_key=SOURCE_KEY.format(id=received.storting_id), **values)
    elif all(getattr(submission, key) == value for key, value in values.items()):
        return submission
    else:
        for key, value in values.items():
            setattr(submission, key, value)
    submission.full_clean(exclude=["file"], validate_unique=False)
    submission.save()
    # Read by the same analysis as an upload, in the background.
    submission_imports.submission_request_analysis(submission=submission)
    if received.submission_id != submission.pk:
        received.submission = submission
        received.save(update_fields=["submission", "imported_at"])
    if report is not None:
        report.count("levert innspill", "ready for review")
    return submission
