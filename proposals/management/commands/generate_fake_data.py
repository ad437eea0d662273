"""``generate_fake_data --demands N --seed S``: synthetic data in a parliament's shape.

The shape: about 5,000 organisations of every kind, 200 documents, 10,000
chapters in trees up to three deep, 2,000 budget posts over five years; each
demand has on average 1.5 chapter links, 0.5 budget-post links and about five
status changes; a few organisations, documents and chapters draw most of the
demands (Zipf-like weights), as in real life.

Everything follows the real rules: chapters get their sort keys and parents as
real ones do (``reference.chapters``, nearest existing ancestor),
every status history is a walk through ``workflow.TRANSITIONS`` with a note
where one is required, version 1 is stored as a draft as
``services.demand_create`` does, and the search vectors are computed by the
expression of ``search.vector_sql``.

Rows go in as plain tuples: on PostgreSQL with COPY (demands through a staging
table, so each row is written once, with its search vector), elsewhere with
``executemany`` in batches; statistics and the visibility map are refreshed (VACUUM ANALYZE) at the end
(not inside a test's transaction, where VACUUM cannot run).

The same seed gives the same data. Demand number *i* depends only on the seed
and *i*, so running again with a larger N adds demands and running again with
the same N adds nothing. The reference data (``SYN…`` organisations, documents
of the 2090s) is shared by all seeds and made once.

Later steps (hearings, cases, submissions) belong after ``_reference`` and
before ``_demands`` in ``handle``: they get the same row writer.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from organizations.models import Organisation
from proposals.bulk import RowWriter, reserve_ids
from proposals.demands import workflow
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
from proposals.reference.chapters import chapter_depth, chapter_parent_number, chapter_sort_key
from proposals.reference.identifiers import identifier_kind

OSLO = ZoneInfo("Europe/Oslo")
START = datetime(2019, 1, 7, 9, 0, tzinfo=OSLO)
DAYS = 7 * 365
BATCH = 20_000
YEAR = 2090
BUDGET_YEARS = range(YEAR - 4, YEAR + 1)

ORGANISATIONS = 5_000
CHAPTERS_PER_DOCUMENT = (5, 9)  # top-level chapters: from, to (exclusive)
POSTS_PER_YEAR = 400

# Kinds of organisation, with how common each is.
KIND_WEIGHTS = {
    Organisation.Kind.TRADE_UNION: 8,
    Organisation.Kind.PROFESSIONAL_ASSOCIATION: 10,
    Organisation.Kind.UNIVERSITY: 4,
    Organisation.Kind.COUNCIL: 5,
    Organisation.Kind.PATIENT_ORGANISATION: 10,
    Organisation.Kind.MUNICIPALITY: 25,
    Organisation.Kind.BUSINESS: 28,
    Organisation.Kind.OTHER: 10,
}
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

# Walk lengths (number of status changes) and how often each occurs: about five
# on average; a walk of 0 stays a draft (drafts must never leak).
WALK_LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
WALK_WEIGHTS = [6, 10, 10, 10, 10, 10, 10, 10, 9, 8, 7]
CHAPTER_LINKS = [0, 1, 1, 2, 2, 3]  # 1.5 on average
POST_LINKS = [0, 0, 0, 0, 1, 2]  # 0.5 on average

VERBS = ["Øk", "Styrk", "Sikre", "Utred", "Innfør", "Fjern", "Bevar", "Finansier", "Prioriter"]
OBJECTS = [
    "studieplassene i sykepleie",
    "praksisplasser for bioingeniører",
    "kompetansehevingen i helsetjenesten",
    "finansieringen av e-helse",
    "rekrutteringen til distriktene",
    "etter- og videreutdanningen",
    "digitale fellesløsninger",
    "forskningen på helseteknologi",
    "heltidskulturen i omsorgstjenesten",
    "lønnsvilkårene for ingeniører",
    "samarbeidet mellom sykehus og fastleger",
    "kapasiteten i legemiddelberedskapen",
]
REASONS = [
    "Mangelen på fagfolk er størst utenfor byene.",
    "Dagens ordning gir for få kandidater der behovet er størst.",
    "Organisasjonens medlemmer melder om økende arbeidspress.",
    "Uten tiltak vil køene i helsetjenesten vokse.",
    "Teknologien finnes, men tas ikke i bruk.",
    "Flere studieplasser alene løser ikke utfordringen.",
]
# In about half the demands: the benchmark's "word in half the rows".
COMMON_SENTENCE = "Saken haster."
COMMON_WORD = "haster"
# In about one demand in twelve (one of OBJECTS).
RARE_WORD = "legemiddelberedskapen"


def zipf_cumulative(count: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights 1, 1/2^s, 1/3^s, …: the first few draw most."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def pick(rng: random.Random, items: Sequence, cumulative: Sequence[float]):
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def pick_distinct(rng, items, cumulative, count: int) -> list:
    chosen: dict[int, object] = {}
    for _attempt in range(count * 4):
        if len(chosen) == count:
            break
        item = pick(rng, items, cumulative)
        chosen[id(item)] = item
    return list(chosen.values())


# --- the plan of one demand ---------------------------------------------------------


@dataclass
class Reference:
    organisations: list[tuple[int, str]]  # (id, kind)
    organisation_weights: list[float]
    documents: list[int]
    document_weights: list[float]
    chapters: dict[int, list[tuple[int, str]]]  # document id -> [(id, number)]
    chapter_weights: dict[int, list[float]]
    posts: list[tuple[int, str]]  # (id, label)
    post_weights: list[float]


def status_walk(rng: random.Random, length: int) -> list[str]:
    """``length`` moves from a draft, each one allowed by the transition table."""
    walk, status = [], DemandStatus.DRAFT
    for _step in range(length):
        status = rng.choice(sorted(workflow.TRANSITIONS[status]))
        walk.append(status)
    return walk


class Command(BaseCommand):
    help = "Lag syntetiske organisasjoner, dokumenter, kapitler, budsjettposter og krav."

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=int, default=1000, help="antall krav (N)")
        parser.add_argument("--seed", type=int, default=1, help="frø for tilfeldighetene")

    def handle(self, *args, demands: int, seed: int, **options):
        if demands < 0 or demands > 1_000_000:
            raise CommandError("--demands må være mellom 0 og 1 000 000.")
        started = time.perf_counter()
        with transaction.atomic():
            reference = self._reference()
            created = self._demands(demands, seed, reference)
        if connection.vendor == "postgresql" and created and not connection.in_atomic_block:
            # Statistics for the planner, and the visibility map that lets the
            # portal's narrow indexes answer without reading the rows.
            with connection.cursor() as cursor:
                for model in (Demand, DemandVersion, StatusChange, Chapter):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
                for model in (Demand.chapters.through, Demand.budget_posts.through):
                    cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        self.stdout.write(
            f"{created} nye krav (frø {seed}); nå {Demand.objects.count()} krav, "
            f"{Organisation.objects.count()} organisasjoner, "
            f"{PolicyDocument.objects.count()} dokumenter, "
            f"{Chapter.objects.count()} kapitler, {BudgetPost.objects.count()} budsjettposter "
            f"({time.perf_counter() - started:.1f} s)."
        )

    # --- reference data (the same for every seed) ------------------------------

    def _reference(self) -> Reference:
        self._organisations()
        self._documents()
        self._budget_posts()
        organisations = list(
            Organisation.objects.filter(short_name__startswith="SYN")
            .order_by("short_name")
            .values_list("id", "kind")
        )
        documents = list(
            PolicyDocument.objects.filter(slug__endswith="-syn")
            .order_by("pk")
            .values_list("id", flat=True)
        )
        self._chapters(documents)
        chapters: dict[int, list[tuple[int, str]]] = {}
        for pk, document_id, number in (
            Chapter.objects.filter(document_id__in=documents)
            .order_by("document_id", "sort_key")
            .values_list("id", "document_id", "number")
        ):
            chapters.setdefault(document_id, []).append((pk, number))
        # The order of the weights is shuffled once, so the most-cited chapter is not
        # always chapter 1 (and the biggest organisation not always SYN0000).
        shuffled = random.Random("weights")
        org_order = organisations[:]
        shuffled.shuffle(org_order)
        posts = [
            (pk, f"Kap. {chapter}, post {post:02d}")
            for pk, chapter, post in BudgetPost.objects.filter(year__in=BUDGET_YEARS)
            .order_by("year", "chapter", "post")
            .values_list("id", "chapter", "post")
        ]
        post_order = posts[:]
        shuffled.shuffle(post_order)
        return Reference(
            organisations=org_order,
            organisation_weights=zipf_cumulative(len(org_order)),
            documents=documents,
            document_weights=zipf_cumulative(len(documents), 0.9),
            chapters=chapters,
            chapter_weights={k: zipf_cumulative(len(v)) for k, v in chapters.items()},
            posts=post_order,
            post_weights=zipf_cumulative(len(post_order), 0.8),
        )

    def _organisations(self) -> None:
        if Organisation.objects.filter(short_name__startswith="SYN").count() >= ORGANISATIONS:
            return
        rng = random.Random("organisations")
        kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        wanted = []
        for number in range(ORGANISATIONS):
            kind = rng.choices(kinds, weights)[0]
            short = f"SYN{number:04d}"
            wanted.append(
                Organisation(
                    short_name=short,
                    name=f"Syntetisk {KIND_WORDS[kind]} {number:04d}",
                    slug=short.lower(),
                    kind=kind,
                    members=rng.randrange(50, 200_000),
                )
            )
        Organisation.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)

    def _documents(self) -> None:
        specs = [(f"NOU {YEAR}:{n}", f"Syntetisk utredning {n}") for n in range(1, 61)]
        specs += [
            (f"Meld. St. {n} ({YEAR}–{YEAR + 1})", f"Syntetisk stortingsmelding {n}")
            for n in range(1, 81)
        ]
        specs += [
            (f"Prop. {n} L ({YEAR}–{YEAR + 1})", f"Syntetisk lovproposisjon {n}")
            for n in range(2, 57)
        ]
        specs += [
            (f"Prop. 1 S ({year - 1}–{year})", f"Syntetisk statsbudsjett {year}")
            for year in BUDGET_YEARS
        ]
        have = set(PolicyDocument.objects.values_list("identifier", flat=True))
        rows = []
        for identifier, title in specs:
            if identifier in have:
                continue
            document = PolicyDocument(identifier=identifier, title=title)
            document.full_clean(validate_unique=False)
            # A slug of its own, so the synthetic documents are easy to tell apart.
            document.slug = f"{document.slug}-syn"
            document.kind = identifier_kind(identifier)
            if document.kind == PolicyDocument.Kind.BUDGET_PROPOSITION:
                document.budget_year = int(identifier[-5:-1])
            rows.append(document)
        PolicyDocument.objects.bulk_create(rows)

    def _chapters(self, documents: list[int]) -> None:
        done = set(
            Chapter.objects.filter(document_id__in=documents).values_list("document_id", flat=True)
        )
        todo = [pk for pk in documents if pk not in done]
        plans = []
        for document_id in todo:
            rng = random.Random(f"chapters-{document_id - documents[0]}")
            numbers = []
            for top in range(1, rng.randrange(*CHAPTERS_PER_DOCUMENT)):
                numbers.append(str(top))
                for sub in range(1, rng.randrange(2, 8)):
                    numbers.append(f"{top}.{sub}")
                    for subsub in range(1, rng.choice([1, 1, 2, 3, 4])):
                        numbers.append(f"{top}.{sub}.{subsub}")
            plans.append((document_id, numbers))
        ids = reserve_ids(Chapter, sum(len(numbers) for _doc, numbers in plans))
        writer = RowWriter(
            Chapter, ["id", "document_id", "number", "title", "parent_id", "sort_key", "depth"]
        )
        rows = []
        next_id = iter(ids)
        for document_id, numbers in plans:
            by_number: dict[str, int] = {}
            for number in numbers:
                pk = next(next_id)
                by_number[number] = pk
                parent = chapter_parent_number(number)
                rows.append(
                    (
                        pk,
                        document_id,
                        number,
                        f"Kapittel {number}",
                        by_number.get(parent),
                        chapter_sort_key(number),
                        chapter_depth(number),
                    )
                )
        writer.write(rows)

    def _budget_posts(self) -> None:
        if BudgetPost.objects.filter(year__in=BUDGET_YEARS).count() >= POSTS_PER_YEAR * len(
            BUDGET_YEARS
        ):
            return
        rng = random.Random("budget")
        plan = []
        while len(plan) < POSTS_PER_YEAR:
            chapter = 100 + len(plan) * 7
            for post in sorted(rng.sample([1, 21, 45, 50, 60, 70, 72, 74], 4)):
                plan.append((chapter, post))
        wanted = [
            BudgetPost(
                year=year,
                chapter=chapter,
                post=post,
                chapter_name=f"Syntetisk kapittel {chapter}",
                post_name=f"Post {post}",
                amount_nok=rng.randrange(10, 50_000) * 100_000,
            )
            for year in BUDGET_YEARS
            for chapter, post in plan[:POSTS_PER_YEAR]
        ]
        BudgetPost.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)

    # --- demands (depend on the seed) -------------------------------------------

    def _demands(self, count: int, seed: int, reference: Reference) -> int:
        prefix = f"syn-{seed}-"
        existing = set(
            Demand.objects.filter(source_key__startswith=prefix).values_list(
                "source_key", flat=True
            )
        )
        created = 0
        for start in range(0, count, BATCH):
            plans = [
                self._plan(f"{prefix}{number}", random.Random(f"{seed}-{number}"), reference)
                for number in range(start, min(count, start + BATCH))
                if f"{prefix}{number}" not in existing
            ]
            if plans:
                self._write(plans)
                created += len(plans)
        return created

    def _plan(self, key: str, rng: random.Random, ref: Reference) -> dict:
        document_id = pick(rng, ref.documents, ref.document_weights)
        organisation_id, _kind = pick(rng, ref.organisations, ref.organisation_weights)
        stance = rng.choice(Stance.values)
        thing = rng.choice(OBJECTS)
        title = f"{rng.choice(VERBS)} {thing}"
        sentences = [f"Organisasjonen ber regjeringen {title[0].lower()}{title[1:]}."]
        sentences += rng.sample(REASONS, 2)
        if rng.random() < 0.5:
            sentences.append(COMMON_SENTENCE)
        own = ref.chapters.get(document_id, [])
        linked = (
            pick_distinct(rng, own, ref.chapter_weights[document_id], rng.choice(CHAPTER_LINKS))
            if own
            else []
        )
        posts = pick_distinct(rng, ref.posts, ref.post_weights, rng.choice(POST_LINKS))
        amount = None
        if posts and rng.random() < 0.7:
            amount = rng.randrange(-200, 1000) * 100_000
        created = START + timedelta(days=rng.randrange(0, DAYS), minutes=rng.randrange(0, 600))
        walk = status_walk(rng, rng.choices(WALK_LENGTHS, WALK_WEIGHTS)[0])
        moments, moment = [], created
        for _step in walk:
            moment += timedelta(days=rng.randrange(1, 40), minutes=rng.randrange(0, 600))
            moments.append(moment)
        return {
            "key": key,
            "organisation_id": organisation_id,
            "document_id": document_id,
            "title": title,
            "text": " ".join(sentences),
            "rationale": rng.choice(REASONS),
            "stance": stance,
            "amount": amount,
            "status": walk[-1] if walk else DemandStatus.DRAFT,
            "hidden": rng.random() < 0.02,
            "created": created,
            "walk": list(zip(walk, moments, strict=True)),
            "chapters": linked,
            "posts": posts,
        }

    def _write(self, plans: list[dict]) -> None:
        ids = reserve_ids(Demand, len(plans))
        demand_columns = [
            "id",
            "organisation_id",
            "document_id",
            "title",
            "text",
            "rationale",
            "stance",
            "requested_amount_nok",
            "status",
            "version",
            "hidden_from_public",
            "source_key",
            "created_at",
            "updated_at",
            "submitted_at",
            "status_changed_at",
        ]
        demand_rows = []
        for pk, plan in zip(ids, plans, strict=True):
            walk = plan["walk"]
            demand_rows.append(
                (
                    pk,
                    plan["organisation_id"],
                    plan["document_id"],
                    plan["title"],
                    plan["text"],
                    plan["rationale"],
                    plan["stance"],
                    plan["amount"],
                    plan["status"],
                    1,
                    plan["hidden"],
                    plan["key"],
                    plan["created"],
                    walk[-1][1] if walk else plan["created"],
                    walk[0][1] if walk else None,
                    walk[-1][1] if walk else None,
                )
            )
        self._write_demands(RowWriter(Demand, demand_columns), demand_rows)
        RowWriter(
            DemandVersion,
            [
                "demand_id",
                "version",
                "title",
                "text",
                "rationale",
                "stance",
                "requested_amount_nok",
                "chapter_labels",
                "budget_post_labels",
                "status",
                "created_at",
            ],
        ).write(
            (
                pk,
                1,
                plan["title"],
                plan["text"],
                plan["rationale"],
                plan["stance"],
                plan["amount"],
                json.dumps([number for _id, number in plan["chapters"]]),
                json.dumps([label for _id, label in plan["posts"]]),
                DemandStatus.DRAFT,
                plan["created"],
            )
            for pk, plan in zip(ids, plans, strict=True)
        )
        RowWriter(
            StatusChange, ["demand_id", "from_status", "to_status", "note", "changed_at"]
        ).write(self._changes(ids, plans))
        chapter_link = Demand.chapters.through
        RowWriter(chapter_link, ["demand_id", "chapter_id"]).write(
            (pk, chapter_id)
            for pk, plan in zip(ids, plans, strict=True)
            for chapter_id, _number in plan["chapters"]
        )
        post_link = Demand.budget_posts.through
        RowWriter(post_link, ["demand_id", "budgetpost_id"]).write(
            (pk, post_id)
            for pk, plan in zip(ids, plans, strict=True)
            for post_id, _label in plan["posts"]
        )

    @staticmethod
    def _changes(ids, plans):
        for pk, plan in zip(ids, plans, strict=True):
            previous = DemandStatus.DRAFT
            for step, moment in plan["walk"]:
                note = "Syntetisk merknad." if step in workflow.NOTE_REQUIRED else ""
                yield (pk, previous, step, note, moment)
                previous = step

    @staticmethod
    def _write_demands(writer: RowWriter, rows: list[tuple]) -> None:
        """On PostgreSQL through a staging table, so each row is stored once with its vector."""
        if connection.vendor != "postgresql":
            writer.write(rows)
            return
        columns = ", ".join(connection.ops.quote_name(c) for c in writer.columns)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS fake_demand_stage "
                "(LIKE proposals_demand INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            cursor.execute("TRUNCATE fake_demand_stage")
        writer.write(rows, table="fake_demand_stage")
        selected = ", ".join(f"d.{connection.ops.quote_name(c)}" for c in writer.columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO proposals_demand ({columns}, search_vector) "  # noqa: S608
                f"SELECT {selected}, {search.vector_sql('d', 'o')} "
                "FROM fake_demand_stage AS d "
                "JOIN organizations_organisation AS o ON o.id = d.organisation_id",
                {"config": search.CONFIG},
            )
