"""``generate_fake_data --demands N --seed S``: synthetic data at scale, for benchmarks.

Everything is made with the real models and rules: chapters get their sort
keys and parents from the same code as real ones, every demand's status is
reached by a path through ``workflow.TRANSITIONS`` and recorded as status
changes, version 1 is stored as a draft as ``services.demand_create`` does, and
the search vectors are refreshed by ``search.refresh_search_vectors``. Rows
are written with ``bulk_create``.

The same seed gives the same data. Demand number *i* depends only on the seed
and *i*, so running again with a larger N adds demands and running again with
the same N adds nothing. The synthetic organisations, documents, chapters and
budget posts are shared by all seeds (``SYN…``, ``NOU 2090:…``, year 2090).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organizations.models import Organisation
from proposals.demands import workflow
from proposals.demo import status_path
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    DemandStatus,
    DemandVersion,
    PolicyDocument,
    Stance,
    StatusChange,
)
from proposals.portal import search
from proposals.reference import services as reference_services

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2024, 1, 8, 9, 0, tzinfo=OSLO)
BATCH = 1000
YEAR = 2090

# How often each final status occurs (drafts included: they must never leak).
STATUS_WEIGHTS = {
    DemandStatus.DRAFT: 6,
    DemandStatus.SUBMITTED: 20,
    DemandStatus.UNDER_CONSIDERATION: 20,
    DemandStatus.ADDRESSED: 15,
    DemandStatus.ADOPTED: 10,
    DemandStatus.PARTIALLY_ADOPTED: 10,
    DemandStatus.NOT_ADOPTED: 12,
    DemandStatus.WITHDRAWN: 7,
}

VERBS = ["Øk", "Styrk", "Sikre", "Utred", "Innfør", "Fjern", "Bevar", "Finansier", "Prioriter"]
OBJECTS = [
    "studieplassene i sykepleie",
    "praksisplasser for bioingeniører",
    "kompetansehevingen i kommunene",
    "finansieringen av e-helse",
    "rekrutteringen til distriktene",
    "etter- og videreutdanningen",
    "digitale fellesløsninger",
    "forskningen på helseteknologi",
    "heltidskulturen i omsorgstjenesten",
    "lønnsvilkårene for ingeniører",
    "samarbeidet mellom sykehus og kommuner",
    "kapasiteten i legemiddelberedskapen",
]
REASONS = [
    "Mangelen på fagfolk er størst i distriktene.",
    "Dagens ordning gir for få kandidater der behovet er størst.",
    "Organisasjonens medlemmer melder om økende arbeidspress.",
    "Uten tiltak vil køene i helsetjenesten vokse.",
    "Teknologien finnes, men tas ikke i bruk.",
    "Flere studieplasser alene løser ikke utfordringen.",
]
KIND_WORDS = {
    Organisation.Kind.TRADE_UNION: "forbund",
    Organisation.Kind.PROFESSIONAL_ASSOCIATION: "forening",
    Organisation.Kind.UNIVERSITY: "høgskole",
    Organisation.Kind.COUNCIL: "råd",
    Organisation.Kind.PATIENT_ORGANISATION: "pasientforening",
    Organisation.Kind.MUNICIPALITY: "kommune",
    Organisation.Kind.BUSINESS: "bedrift",
    Organisation.Kind.OTHER: "organisasjon",
}


class Command(BaseCommand):
    help = "Lag syntetiske organisasjoner, dokumenter, kapitler, budsjettposter og krav."

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=int, default=1000, help="antall krav (N)")
        parser.add_argument("--seed", type=int, default=1, help="frø for tilfeldighetene")

    def handle(self, *args, demands: int, seed: int, **options):
        if demands < 0 or demands > 1_000_000:
            raise CommandError("--demands må være mellom 0 og 1 000 000.")
        with transaction.atomic():
            organisations = self._organisations(max(10, min(300, demands // 40)))
            documents = self._documents()
            chapters = self._chapters(documents)
            posts = self._budget_posts()
            created = self._demands(demands, seed, organisations, documents, chapters, posts)
        self.stdout.write(
            f"{created} nye krav (frø {seed}); nå {Demand.objects.count()} krav, "
            f"{Organisation.objects.count()} organisasjoner, "
            f"{Chapter.objects.count()} kapitler, {BudgetPost.objects.count()} budsjettposter."
        )

    # --- reference data (the same for every seed) ------------------------------

    def _organisations(self, count: int) -> list[Organisation]:
        rng = random.Random("organisations")
        kinds = list(KIND_WORDS)
        wanted = []
        for number in range(count):
            kind = rng.choice(kinds)
            short = f"SYN{number:03d}"
            wanted.append(
                Organisation(
                    short_name=short,
                    name=f"Syntetisk {KIND_WORDS[kind]} {number:03d}",
                    slug=short.lower(),
                    kind=kind,
                    members=rng.randrange(50, 200_000),
                )
            )
        Organisation.objects.bulk_create(wanted, ignore_conflicts=True)
        by_short = Organisation.objects.filter(short_name__startswith="SYN").in_bulk(
            field_name="short_name"
        )
        return [by_short[org.short_name] for org in wanted]

    def _documents(self) -> list[PolicyDocument]:
        specs = [(f"NOU {YEAR}:{n}", f"Syntetisk utredning {n}") for n in range(1, 5)]
        specs += [
            (f"Meld. St. {n} ({YEAR}–{YEAR + 1})", f"Syntetisk stortingsmelding {n}")
            for n in range(1, 4)
        ]
        specs.append((f"Prop. 1 S ({YEAR - 1}–{YEAR})", f"Syntetisk statsbudsjett {YEAR}"))
        documents = []
        for identifier, title in specs:
            document = PolicyDocument.objects.filter(identifier=identifier).first()
            if document is None:
                document = PolicyDocument(identifier=identifier, title=title)
                document.full_clean()
                if document.kind == PolicyDocument.Kind.BUDGET_PROPOSITION:
                    document.budget_year = YEAR
                document.save()
            documents.append(document)
        return documents

    def _chapters(self, documents) -> dict[int, list[Chapter]]:
        rng = random.Random("chapters")
        for document in documents:
            if document.chapters.exists():
                continue
            numbers = []
            for top in range(1, rng.randrange(8, 16)):
                numbers.append(str(top))
                for sub in range(1, rng.randrange(1, 8)):
                    numbers.append(f"{top}.{sub}")
                    for subsub in range(1, rng.choice([1, 1, 1, 3, 4])):
                        numbers.append(f"{top}.{sub}.{subsub}")
            rows = []
            for number in numbers:
                chapter = Chapter(document=document, number=number, title=f"Kapittel {number}")
                chapter.fill_derived()
                rows.append(chapter)
            Chapter.objects.bulk_create(rows)
            reference_services.chapters_relink(document=document)
        by_document: dict[int, list[Chapter]] = {}
        for chapter in Chapter.objects.filter(document__in=documents).order_by("sort_key"):
            by_document.setdefault(chapter.document_id, []).append(chapter)
        return by_document

    def _budget_posts(self) -> list[BudgetPost]:
        rng = random.Random("budget")
        wanted = []
        for chapter in range(700, 790, 3):
            for post in sorted(rng.sample([1, 21, 50, 60, 70, 72, 74], 3)):
                wanted.append(
                    BudgetPost(
                        year=YEAR,
                        chapter=chapter,
                        post=post,
                        chapter_name=f"Syntetisk kapittel {chapter}",
                        post_name=f"Post {post}",
                        amount_nok=rng.randrange(10, 50_000) * 100_000,
                    )
                )
        BudgetPost.objects.bulk_create(wanted, ignore_conflicts=True)
        return list(BudgetPost.objects.filter(year=YEAR).order_by("chapter", "post"))

    # --- demands (depend on the seed) -------------------------------------------

    def _demands(self, count, seed, organisations, documents, chapters, posts) -> int:
        prefix = f"syn-{seed}-"
        existing = set(
            Demand.objects.filter(source_key__startswith=prefix).values_list(
                "source_key", flat=True
            )
        )
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        created = 0
        for start in range(0, count, BATCH):
            plans = []
            for number in range(start, min(count, start + BATCH)):
                key = f"{prefix}{number}"
                if key in existing:
                    continue
                rng = random.Random(f"{seed}-{number}")
                plans.append(
                    self._plan(
                        key, rng, statuses, weights, organisations, documents, chapters, posts
                    )
                )
            if plans:
                self._write(plans)
                created += len(plans)
        return created

    def _plan(self, key, rng, statuses, weights, organisations, documents, chapters, posts):
        document = rng.choice(documents)
        status = rng.choices(statuses, weights)[0]
        stance = rng.choice(Stance.values)
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        text = " ".join(
            [f"Organisasjonen ber regjeringen {title[0].lower()}{title[1:]}."]
            + rng.sample(REASONS, 2)
        )
        own_chapters = chapters.get(document.pk, [])
        linked = rng.sample(own_chapters, min(len(own_chapters), rng.choice([0, 1, 1, 1, 2, 3])))
        is_budget = document.kind == PolicyDocument.Kind.BUDGET_PROPOSITION
        linked_posts = rng.sample(posts, rng.choice([1, 1, 2])) if is_budget else []
        amount = None
        if linked_posts and rng.random() < 0.7:
            amount = rng.randrange(-200, 1000) * 100_000
        created = START + timedelta(days=rng.randrange(0, 700), minutes=rng.randrange(0, 600))
        path = status_path(status) if status != DemandStatus.DRAFT else []
        moments = []
        moment = created
        for _step in path:
            moment += timedelta(days=rng.randrange(1, 40))
            moments.append(moment)
        demand = Demand(
            organisation=rng.choice(organisations),
            document=document,
            title=title,
            text=text,
            rationale=rng.choice(REASONS),
            stance=stance,
            requested_amount_nok=amount,
            status=status,
            hidden_from_public=rng.random() < 0.02,
            source_key=key,
            submitted_at=moments[0] if moments else None,
            status_changed_at=moments[-1] if moments else None,
        )
        return {
            "demand": demand,
            "created": created,
            "path": list(zip(path, moments, strict=True)),
            "chapters": linked,
            "posts": linked_posts,
        }

    def _write(self, plans) -> None:
        demands = Demand.objects.bulk_create([plan["demand"] for plan in plans])
        versions, changes, chapter_links, post_links = [], [], [], []
        ChapterLink = Demand.chapters.through
        PostLink = Demand.budget_posts.through
        for plan, demand in zip(plans, demands, strict=True):
            versions.append(
                DemandVersion(
                    demand=demand,
                    version=1,
                    title=demand.title,
                    text=demand.text,
                    rationale=demand.rationale,
                    stance=demand.stance,
                    requested_amount_nok=demand.requested_amount_nok,
                    chapter_labels=[c.number for c in plan["chapters"]],
                    budget_post_labels=[p.label for p in plan["posts"]],
                    status=DemandStatus.DRAFT,
                    created_at=plan["created"],
                )
            )
            previous = DemandStatus.DRAFT
            for step, moment in plan["path"]:
                if step not in workflow.TRANSITIONS.get(previous, {}):
                    raise CommandError(f"{previous} -> {step} er ikke tillatt")
                note = "Syntetisk merknad." if step in workflow.NOTE_REQUIRED else ""
                changes.append(
                    StatusChange(
                        demand=demand,
                        from_status=previous,
                        to_status=step,
                        note=note,
                        changed_at=moment,
                    )
                )
                previous = step
            chapter_links += [
                ChapterLink(demand_id=demand.pk, chapter_id=c.pk) for c in plan["chapters"]
            ]
            post_links += [PostLink(demand_id=demand.pk, budgetpost_id=p.pk) for p in plan["posts"]]
        # created_at is set on insert; give it the planned moment afterwards.
        for plan, demand in zip(plans, demands, strict=True):
            demand.created_at = plan["created"]
            demand.updated_at = plan["path"][-1][1] if plan["path"] else plan["created"]
        Demand.objects.bulk_update(demands, ["created_at", "updated_at"], batch_size=BATCH)
        DemandVersion.objects.bulk_create(versions, batch_size=BATCH)
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        ChapterLink.objects.bulk_create(chapter_links, batch_size=BATCH)
        PostLink.objects.bulk_create(post_links, batch_size=BATCH)
        search.refresh_search_vectors([demand.pk for demand in demands])
