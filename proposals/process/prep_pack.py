"""The hearing prep pack: one section per participant in speaking order, and a cover.

Read through the visibility rule: the secretariat's pack holds what the
secretariat may read; the public pack only what anyone may read. A fixed number
of queries whatever the number of participants.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber

from proposals.demands.models import Demand, Stance
from proposals.process.models import Hearing, HearingSubmission, ProgrammeEntry
from proposals.process.selectors import hearing_view
from proposals.reference.models import Chapter

EARLIER = 5


@dataclass
class Participant:
    entry: ProgrammeEntry
    submissions: list[HearingSubmission] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    earlier: list[Demand] = field(default_factory=list)
    stances: dict[int, dict[str, int]] = field(default_factory=dict)


@dataclass
class PrepPack:
    hearing: Hearing
    public: bool
    participants: list[Participant]
    chapters: list[Chapter]

    def stance_rows(self):
        """(participant, [cell per chapter]) for the cover's table; a cell lists stances."""
        labels = dict(Stance.choices)
        rows = []
        for participant in self.participants:
            cells = []
            for chapter in self.chapters:
                counts = participant.stances.get(chapter.pk, {})
                cells.append(
                    ", ".join(
                        f"{labels.get(stance, stance)} {n}" for stance, n in sorted(counts.items())
                    )
                )
            rows.append((participant, cells))
        return rows


def prep_pack(*, hearing_id: int, user=None, public: bool = False) -> PrepPack:
    reader = AnonymousUser() if public or user is None else user
    hearing = hearing_view(hearing_id=hearing_id)
    entries = list(hearing.programme.all())
    documents = [case.document_id for case in hearing.cases.all() if case.document_id]
    organisation_ids = {entry.organisation_id for entry in entries if entry.organisation_id}
    chapters_prefetch = Prefetch("chapters", queryset=Chapter.objects.order_by("sort_key"))
    visible = Demand.objects.visible_to(reader).filter(organisation_id__in=organisation_ids)

    on_case = list(
        visible.filter(document_id__in=documents)
        .select_related("document")
        .prefetch_related(chapters_prefetch)
        .order_by("organisation_id", "created_at")
    )
    earlier = list(
        visible.exclude(document_id__in=documents)
        .select_related("document")
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("organisation_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(place__lte=EARLIER)
        .order_by("organisation_id", "place")
    )
    by_org_case, by_org_earlier = defaultdict(list), defaultdict(list)
    for demand in on_case:
        by_org_case[demand.organisation_id].append(demand)
    for demand in earlier:
        by_org_earlier[demand.organisation_id].append(demand)
    submissions = defaultdict(list)
    for received in hearing.submissions.all():
        if received.organisation_id:
            submissions[received.organisation_id].append(received)

    chapters: dict[int, Chapter] = {}
    participants = []
    for entry in entries:
        participant = Participant(entry=entry)
        if entry.organisation_id:
            participant.submissions = submissions[entry.organisation_id]
            participant.demands = by_org_case[entry.organisation_id]
            participant.earlier = by_org_earlier[entry.organisation_id]
            for demand in participant.demands:
                for chapter in demand.chapters.all():
                    chapters[chapter.pk] = chapter
                    cell = participant.stances.setdefault(chapter.pk, {})
                    cell[demand.stance] = cell.get(demand.stance, 0) + 1
        participants.append(participant)
    ordered = sorted(chapters.values(), key=lambda chapter: chapter.sort_key)
    return PrepPack(hearing=hearing, public=public, participants=participants, chapters=ordered)


def render_pdf(html: str, base_url: str) -> bytes:
    """The printable page as a tagged PDF (WeasyPrint; needs Pango from the system).

    Raises ``PdfUnavailable`` when WeasyPrint or its system libraries are missing.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from None
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        """The site's own static files (the style sheet), read from disk; never the network.

        A PDF rendered inside a request must not fetch URLs, the site's own or anyone else's.
        """

        def fetch(self, url, headers=None):
            found = _static_file(url)
            if found is None:
                raise ValueError(f"not a static file of this site: {url[:100]}")
            with open(found, "rb") as handle:
                body = handle.read()
            kind = "text/css" if found.endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnly()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def _static_file(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix) or ".." in path:
        return None
    name = path[len(prefix) :]
    found = finders.find(name)
    if not found and staticfiles_storage.exists(name):
        found = staticfiles_storage.path(name)
    return found or None


class PdfUnavailable(RuntimeError):
    pass
