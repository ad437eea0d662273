"""Visual summaries: compute every chart, store them as one generation, show them.

- Every number comes from a GROUP BY in the database; Python only shapes the
  aggregated rows (``proposals.summaries.charts``). The one exception: each
  demand's first outcome (a grouped MIN) is put in its month in Python.
- Snapshots hold what the pages show: the organisations × chapters chart has
  the document's ``TOP_ORGANISATIONS`` organisations (its summary counts all).
- Public charts count what the public may see: ``published_demands_q()``,
  the portal's own rule (no drafts, nothing hidden by the secretariat).
- Chapter counts roll up: a demand on 10.3 counts under 10.3 *and* under 10
  (and under 10 only once if it is on 10.3 and 10.9 both); demands linked to
  no chapter of the document are shown as «Uten kapittel».
- A refresh writes a complete new ``SummaryGeneration`` and makes it current
  in one transaction: readers see the old set or the new one, and a refresh
  that dies half-way leaves the previous set whole.
- Single flight: ``SummaryRefreshLock`` is claimed with a conditional UPDATE
  (works on PostgreSQL and SQLite alike); a refresh asked for while another
  runs sets ``rerun`` and the running one goes once more: one more run, not N.
- The lock's lease is short (``LOCK_LEASE``) and renewed by a heartbeat while
  the refresh runs, so a holder that dies frees it within the lease; the rerun
  it was asked for stays set and is honoured by the next claimer.
- After a change to demands, the outbox calls ``refresh_request``, which
  enqueues one refresh at most every ``SUMMARIES_DEBOUNCE_SECONDS`` (a cache
  ``add`` is the guard).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Case, Count, Exists, F, Max, Min, OuterRef, Q, Sum, When
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone, translation

from organizations.models import Organisation
from organizations.permissions import published_demands_q
from proposals.bulk import RowWriter
from proposals.demands import workflow
from proposals.models import (
    Chapter,
    ChartKind,
    Demand,
    PolicyDocument,
    StatusChange,
    SummaryGeneration,
    SummaryRefreshLock,
    SummarySnapshot,
)
from proposals.reference.chapters import chapter_sort_key_prefix
from proposals.summaries import charts

logger = logging.getLogger(__name__)

DEBOUNCE_KEY = "summaries:refresh-queued"
# Beat refreshes every SUMMARIES_BEAT_SECONDS; charts older than that plus a margin
# mean the refreshes are not running.
STALE_MARGIN = timedelta(minutes=5)
# Short, and renewed every LOCK_RENEW_SECONDS while a refresh runs: a holder that is
# killed frees the lock within this time.
LOCK_LEASE = timedelta(seconds=30)
LOCK_RENEW_SECONDS = 10
LOCK_PK = 1

PAGES = {
    "home": [ChartKind.OVER_TIME, ChartKind.BUDGET_POSTS],
    "budget": [ChartKind.BUDGET_POSTS, ChartKind.ASKED_VS_GOT],
    "document": [
        ChartKind.CHAPTER_STATUS,
        ChartKind.CHAPTER_ORGANISATIONS,
        ChartKind.CHAPTER_STANCE,
    ],
    "organisation": [ChartKind.ORGANISATION_STATUS],
}


def debounce_seconds() -> int:
    """The debounce window; a moment only when tasks run in-process.

    In eager mode (``make run``, no broker) the task runs at once instead of
    after the window, so a long window would drop the changes made during it.
    The moment still folds the burst of commits a bulk load makes into one run.
    """
    from config.celery import app

    if app.conf.task_always_eager:
        return 1
    return getattr(settings, "SUMMARIES_DEBOUNCE_SECONDS", 30)


# --- Reading the data: one GROUP BY per question -----------------------------------------


def _published(prefix: str = "") -> Q:
    return published_demands_q(prefix)


# The organisations × chapters chart shows this many organisations per document (those
# with the most published demands there); its summary still counts them all.
TOP_ORGANISATIONS = 12


def _top_organisations() -> tuple[dict[int, list[int]], dict[int, int]]:
    """Per document: its most active organisations' ids, and how many organisations in all.

    One grouped query over ids only (an index-only scan of ``demand_public_facts``).
    """
    per_document: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for document_id, organisation_id, n in (
        Demand.objects.filter(_published())
        .values_list("document_id", "organisation_id")
        .annotate(n=Count("*"))
        .order_by()
    ):
        per_document[document_id].append((n, organisation_id))
    top = {
        document_id: [
            pk for _n, pk in sorted(pairs, key=lambda p: (-p[0], p[1]))[:TOP_ORGANISATIONS]
        ]
        for document_id, pairs in per_document.items()
    }
    return top, {document_id: len(pairs) for document_id, pairs in per_document.items()}


@dataclass
class ChapterCounts:
    """Every number the three chapter charts need, read in three statements for all documents.

    ``cells`` holds published demands per (document, chapter key or None, status,
    stance); a demand falls in exactly one cell per chapter key, so summing cells
    gives the status and the stance charts with every demand once.
    ``organisation_cells`` holds the same per organisation, for each document's
    top organisations only.
    """

    cells: list[tuple]
    organisation_cells: list[tuple]  # (document, key, organisation, n), top organisations only
    chapters: dict[tuple[int, str], tuple[str, str]]  # (document, sort key) -> (number, title)
    top: dict[int, list[int]]
    organisation_total: dict[int, int]
    names: dict[int, str]


def chapter_counts_read() -> ChapterCounts:
    """Published demands per chapter *and every chapter above it*, in one statement.

    A chapter's sort key starts with its parent's (``0010`` of ``0010.0003``), so
    the links are grouped, for each depth, by the key cut to that depth (one
    grouped SELECT per depth, joined by UNION ALL), counting distinct demands:
    a demand on 10.3 and 10.9 counts once under 10. Demands linked to no chapter
    of their document are counted by a second statement.
    """
    top, organisation_total = _top_organisations()
    top_pairs = [(d, o) for d, ids in top.items() for o in ids]
    top_ids = {o for _d, o in top_pairs}
    chapters = {
        (document_id, sort_key): (number_, title)
        for document_id, sort_key, number_, title in Chapter.objects.values_list(
            "document_id", "sort_key", "number", "title"
        )
    }
    max_depth = Chapter.objects.aggregate(m=Max("depth"))["m"] or 0
    links = Demand.chapters.through.objects.filter(
        _published("demand__"), chapter__document_id=F("demand__document_id")
    )

    def rolled_up(queryset, *columns):
        per_depth = [
            queryset.filter(chapter__depth__gte=depth)
            .annotate(key=Substr("chapter__sort_key", 1, chapter_sort_key_prefix(depth)))
            .values_list("chapter__document_id", "key", *columns)
            .annotate(n=Count("demand_id", distinct=True))
            .order_by()
            for depth in range(1, max_depth + 1)
        ]
        if not per_depth:
            return []
        return list(
            per_depth[0].union(*per_depth[1:], all=True) if len(per_depth) > 1 else per_depth[0]
        )

    cells: list[tuple] = [
        (document_id, key, status, stance, None, n)
        for document_id, key, status, stance, n in rolled_up(
            links, "demand__status", "demand__stance"
        )
    ]
    # The organisations' cells only for the top ones: far fewer links to join.
    org_cells = [
        (document_id, key, organisation_id, n)
        for document_id, key, organisation_id, n in rolled_up(
            links.filter(demand__organisation_id__in=top_ids), "demand__organisation_id"
        )
    ]
    has_chapter = Exists(
        Demand.chapters.through.objects.filter(
            demand_id=OuterRef("pk"), chapter__document_id=OuterRef("document_id")
        )
    )
    unlinked_org = Case(
        When(organisation_id__in=top_ids, then=F("organisation_id")),
        default=None,
        output_field=models.BigIntegerField(),
    )
    for document_id, status, stance, org, n in (
        Demand.objects.filter(_published())
        .filter(~has_chapter)
        .annotate(org=unlinked_org)
        .values_list("document_id", "status", "stance", "org")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells.append((document_id, None, status, stance, None, n))
        if org is not None:
            org_cells.append((document_id, None, org, n))
    names = dict(Organisation.objects.filter(pk__in=top_ids).values_list("id", "name"))
    return ChapterCounts(cells, org_cells, chapters, top, organisation_total, names)


def _chapter_rows(counts: ChapterCounts, name: str) -> dict[int, list[dict]]:
    """One chart's rows per document from the cells: ``{"chapter", "title", name, "count"}``."""
    totals: dict[tuple, int] = defaultdict(int)
    if name == "organisation":
        for document_id, key, organisation_id, n in counts.organisation_cells:
            if organisation_id in counts.top.get(document_id, ()):
                totals[(document_id, key, counts.names[organisation_id])] += n
    else:
        index = {"status": 2, "stance": 3}[name]
        for cell in counts.cells:
            totals[(cell[0], cell[1], cell[index])] += cell[5]
    by_document: dict[int, list[dict]] = {}
    for (document_id, key, value), n in sorted(
        totals.items(), key=lambda item: (item[0][0], item[0][1] or "\uffff", str(item[0][2]))
    ):
        if key is None:
            number_, title = None, ""
        elif (document_id, key) in counts.chapters:
            number_, title = counts.chapters[(document_id, key)]
        else:
            continue  # a level with no chapter of its own (10.3 given, 10 missing)
        by_document.setdefault(document_id, []).append(
            {"chapter": number_, "title": title, name: value, "count": n}
        )
    return by_document


def chapter_status_rows() -> dict[int, list[dict]]:
    return _chapter_rows(chapter_counts_read(), "status")


def chapter_stance_rows() -> dict[int, list[dict]]:
    return _chapter_rows(chapter_counts_read(), "stance")


def chapter_organisation_rows() -> dict[int, list[dict]]:
    """The top organisations' rows per document (``TOP_ORGANISATIONS``)."""
    return _chapter_rows(chapter_counts_read(), "organisation")


def budget_post_rows() -> list[dict]:
    """Each budget post with published demands: requested sum, organisations, demands."""
    post = "budget_posts__"
    rows = (
        Demand.objects.filter(_published(), budget_posts__isnull=False)
        .values(
            post_id=F(post + "id"),
            year=F(post + "year"),
            budget_chapter=F(post + "chapter"),
            budget_post=F(post + "post"),
            post_name=F(post + "post_name"),
            amount_nok=F(post + "amount_nok"),
        )
        .annotate(
            requested_nok=Sum("requested_amount_nok"),
            organisations=Count("organisation", distinct=True),
            demands=Count("id", distinct=True),
        )
        .order_by("-year", "budget_chapter", "budget_post")
    )
    return [{**row, "chapter": row["budget_chapter"], "post": row["budget_post"]} for row in rows]


# The budget chart shows the posts with the most demands; /budget/ lists them all.
TOP_BUDGET_POSTS = 25


def top_budget_post_rows() -> list[dict]:
    """``budget_post_rows`` cut to the ``TOP_BUDGET_POSTS`` most demanded, in budget order."""
    rows = budget_post_rows()
    if len(rows) <= TOP_BUDGET_POSTS:
        return rows
    ranked = sorted(range(len(rows)), key=lambda i: (-rows[i]["demands"], i))
    return [rows[i] for i in sorted(ranked[:TOP_BUDGET_POSTS])]


def asked_versus_got_rows() -> list[dict]:
    """Posts with published demands or stored figures: asked against adopted, as the public sees."""
    from proposals.outcomes.selectors import asked_versus_got
    from proposals.reference.models import BudgetPost

    posts = BudgetPost.objects.filter(
        Q(pk__in=Demand.objects.filter(_published()).values("budget_posts"))
        | Q(figures__isnull=False)
    ).distinct()
    rows = asked_versus_got(posts=posts.order_by("-year", "chapter", "post"), user=None)
    return [
        {
            "year": row["post"].year,
            "chapter": row["post"].chapter,
            "post": row["post"].post,
            "post_name": row["post"].post_name,
            **{key: row[key] for key in ("proposed", "asked", "organisations", "adopted", "spent")},
        }
        for row in rows
    ]


def _month(field_name: str):
    return TruncMonth(field_name, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _as_date(value) -> datetime:
    return value.date() if isinstance(value, datetime) else value


def submitted_per_month() -> list[dict]:
    rows = (
        Demand.objects.filter(_published(), submitted_at__isnull=False)
        .annotate(month=_month("submitted_at"))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("month")
    )
    return [{"month": _as_date(row["month"]), "count": row["count"]} for row in rows]


def resolved_per_month() -> list[dict]:
    """Demands by the month they first reached an outcome (from the status history).

    The first outcome of each published demand is one grouped read of the
    history (``MIN`` per demand), counted per month in the database.
    """
    first = (
        StatusChange.objects.filter(_published("demand__"), to_status__in=workflow.OUTCOME)
        .values("demand_id")
        .annotate(resolved_at=Min("changed_at"))
        .order_by()
    )
    months: dict = defaultdict(int)
    for row in first.values("resolved_at"):
        months[_as_date(timezone.localtime(row["resolved_at"]).replace(day=1))] += 1
    return [{"month": month, "count": count} for month, count in sorted(months.items())]


def organisation_status_rows(organisation_ids=None) -> dict[int, list[dict]]:
    """Published demands per organisation and status (for the portal and the workspaces)."""
    queryset = Demand.objects.filter(_published())
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=list(organisation_ids))
    by_organisation: dict[int, list[dict]] = {}
    for row in (
        queryset.values("organisation_id", "status")
        .annotate(count=Count("id"))
        .order_by("organisation_id", "status")
    ):
        by_organisation.setdefault(row["organisation_id"], []).append(
            {"status": row["status"], "count": row["count"]}
        )
    return by_organisation


def organisation_chart(organisation: Organisation) -> charts.Chart:
    """Chart 6 for one organisation computed now (two grouped queries at most)."""
    rows = organisation_status_rows([organisation.pk]).get(organisation.pk, [])
    return charts.organisation_status_chart(organisation=organisation.name, rows=rows)


# --- Computing a generation ------------------------------------------------------------


@dataclass
class _Built:
    kind: str
    chart: charts.Chart
    document_id: int | None = None
    organisation_id: int | None = None
    duration_ms: int = 0
    row_count: int = 0
    language: str = ""


@dataclass
class RefreshOutcome:
    ran: bool
    runs: int = 0
    generation: SummaryGeneration | None = None
    snapshots: int = 0
    duration_ms: int = 0
    row_count: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _Read:
    """The result of one aggregation and how long the database took to give it."""

    rows: object
    duration_ms: int


@dataclass
class ChartData:
    """Every aggregated row the charts need, read once and drawn in each language."""

    documents: list[dict]
    organisations: list[dict]
    chapter_status: _Read
    chapter_organisations: _Read
    chapter_stance: _Read
    budget_posts: _Read
    asked_vs_got: _Read
    over_time: _Read
    organisation_status: _Read
    # Organisations with published demands per document (the chart shows the top ones).
    organisation_total: dict[int, int] = field(default_factory=dict)


def _timed(function) -> _Read:
    started = time.perf_counter()
    result = function()
    return _Read(result, int((time.perf_counter() - started) * 1000))


def site_languages() -> list[str]:
    """The language codes the site is shown in, the default first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


@contextmanager
def _room_to_sort():
    """Memory for the refresh's grouped reads, so their sorts stay off the disk (PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '64MB'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET work_mem")


def chart_data_read() -> ChartData:
    """Every GROUP BY the charts need: a fixed number of queries whatever the size."""
    with _room_to_sort():
        return _chart_data_read()


def _chart_data_read() -> ChartData:
    counts = _timed(chapter_counts_read)
    return ChartData(
        documents=list(PolicyDocument.objects.values("id", "identifier").order_by("identifier")),
        organisations=list(Organisation.objects.values("id", "name").order_by("name")),
        chapter_status=_Read(_chapter_rows(counts.rows, "status"), counts.duration_ms),
        chapter_organisations=_Read(_chapter_rows(counts.rows, "organisation"), counts.duration_ms),
        chapter_stance=_Read(_chapter_rows(counts.rows, "stance"), counts.duration_ms),
        budget_posts=_timed(top_budget_post_rows),
        asked_vs_got=_timed(asked_versus_got_rows),
        over_time=_timed(lambda: (submitted_per_month(), resolved_per_month())),
        organisation_status=_timed(organisation_status_rows),
        organisation_total=counts.rows.organisation_total,
    )


def charts_draw(data: ChartData) -> list[_Built]:
    """Every chart from the rows, in the active language; no queries."""
    built: list[_Built] = []
    per_document = (
        (ChartKind.CHAPTER_STATUS, data.chapter_status, charts.chapter_status_chart),
        (
            ChartKind.CHAPTER_ORGANISATIONS,
            data.chapter_organisations,
            charts.chapter_organisations_chart,
        ),
        (ChartKind.CHAPTER_STANCE, data.chapter_stance, charts.chapter_stance_chart),
    )
    for kind, read, draw in per_document:
        for document in data.documents:
            document_rows = read.rows.get(document["id"], [])
            extra = {}
            if kind == ChartKind.CHAPTER_ORGANISATIONS:
                extra["organisation_count"] = data.organisation_total.get(document["id"])
            chart = draw(document=document["identifier"], rows=document_rows, **extra)
            built.append(
                _Built(kind, chart, document["id"], None, read.duration_ms, len(document_rows))
            )

    read = data.budget_posts
    chart = charts.budget_posts_chart(rows=read.rows)
    built.append(
        _Built(ChartKind.BUDGET_POSTS, chart, None, None, read.duration_ms, len(read.rows))
    )

    read = data.asked_vs_got
    chart = charts.asked_versus_got_chart(rows=read.rows)
    built.append(
        _Built(ChartKind.ASKED_VS_GOT, chart, None, None, read.duration_ms, len(read.rows))
    )

    submitted, resolved = data.over_time.rows
    chart = charts.over_time_chart(submitted=submitted, resolved=resolved)
    built.append(
        _Built(
            ChartKind.OVER_TIME,
            chart,
            None,
            None,
            data.over_time.duration_ms,
            len(submitted) + len(resolved),
        )
    )

    read = data.organisation_status
    for organisation in data.organisations:
        org_rows = read.rows.get(organisation["id"], [])
        chart = charts.organisation_status_chart(organisation=organisation["name"], rows=org_rows)
        built.append(
            _Built(
                ChartKind.ORGANISATION_STATUS,
                chart,
                None,
                organisation["id"],
                read.duration_ms,
                len(org_rows),
            )
        )
    return built


def compute_charts(languages: list[str] | None = None) -> list[_Built]:
    """Every chart in every language of the site; the database is asked once for all."""
    data = chart_data_read()
    built: list[_Built] = []
    for code in languages or site_languages():
        with translation.override(code):
            for item in charts_draw(data):
                item.language = code
                built.append(item)
    return built


@transaction.atomic
def generation_store(
    *, built: list[_Built], computed_at: datetime, duration_ms: int
) -> SummaryGeneration:
    """Write the new set and make it current in one transaction; drop the old ones."""
    # The rows were read once and drawn in each language: count them once.
    first_language = built[0].language if built else ""
    generation = SummaryGeneration.objects.create(
        computed_at=computed_at,
        duration_ms=duration_ms,
        row_count=sum(item.row_count for item in built if item.language == first_language),
        snapshot_count=len(built),
    )
    # Thousands of charts: written as tuples (COPY on PostgreSQL), not as model instances.
    columns = ["generation_id", "kind", "document_id", "organisation_id", "language", "title"]
    columns += ["summary", "figure", "columns", "rows", "computed_at", "duration_ms", "row_count"]
    RowWriter(SummarySnapshot, columns).write(
        (
            generation.pk,
            item.kind,
            item.document_id,
            item.organisation_id,
            item.language,
            item.chart.title[:300],
            item.chart.summary,
            json.dumps(item.chart.figure),
            json.dumps(item.chart.columns),
            json.dumps(item.chart.rows),
            computed_at,
            item.duration_ms,
            item.row_count,
        )
        for item in built
    )
    _make_current(generation)
    return generation


def _make_current(generation: SummaryGeneration) -> None:
    # Order matters: at most one current row at any statement (a partial unique index).
    SummaryGeneration.objects.filter(is_current=True).update(is_current=False)
    SummaryGeneration.objects.filter(pk=generation.pk).update(is_current=True)
    SummaryGeneration.objects.exclude(pk=generation.pk).delete()
    generation.is_current = True


def refresh_once() -> tuple[SummaryGeneration, int]:
    """Compute everything and store it as the new current generation."""
    started = time.perf_counter()
    computed_at = timezone.now()
    built = compute_charts()
    duration_ms = int((time.perf_counter() - started) * 1000)
    generation = generation_store(built=built, computed_at=computed_at, duration_ms=duration_ms)
    return generation, len(built)


# --- Single flight -----------------------------------------------------------------------


def _lock_row() -> None:
    SummaryRefreshLock.objects.get_or_create(pk=LOCK_PK)


def _claim(holder: str) -> bool:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    claimed = SummaryRefreshLock.objects.filter(free, pk=LOCK_PK).update(
        holder=holder, lease_until=now + LOCK_LEASE
    )
    return claimed == 1


def _ask_for_rerun() -> bool:
    """Tell the running refresh to go once more; False if none is running."""
    return (
        SummaryRefreshLock.objects.filter(pk=LOCK_PK, lease_until__gte=timezone.now())
        .exclude(holder="")
        .update(rerun=True)
        == 1
    )


def _start_run(holder: str) -> None:
    SummaryRefreshLock.objects.filter(pk=LOCK_PK, holder=holder).update(
        rerun=False, lease_until=timezone.now() + LOCK_LEASE
    )


class _Heartbeat:
    """Renews the lease from a thread of its own while the holder computes."""

    def __init__(self, holder: str):
        self.holder = holder
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="summaries-lease", daemon=True)

    def _run(self) -> None:
        from django.db import connection

        try:
            while not self.stop.wait(LOCK_RENEW_SECONDS):
                SummaryRefreshLock.objects.filter(pk=LOCK_PK, holder=self.holder).update(
                    lease_until=timezone.now() + LOCK_LEASE
                )
        except Exception:
            logger.exception("summaries: could not renew the refresh lock")
        finally:
            connection.close()

    def __enter__(self):
        # Inside a transaction (a test, a caller's atomic block) the claim is not
        # committed, and another connection could only wait on it.
        self.started = not transaction.get_connection().in_atomic_block
        if self.started:
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.started:
            self.thread.join()


def _release_unless_rerun(holder: str) -> bool:
    """Let go of the lock, unless a rerun was asked for meanwhile (then keep it)."""
    return (
        SummaryRefreshLock.objects.filter(pk=LOCK_PK, holder=holder, rerun=False).update(
            holder="", lease_until=None
        )
        == 1
    )


def _release(holder: str) -> None:
    SummaryRefreshLock.objects.filter(pk=LOCK_PK, holder=holder).update(holder="", lease_until=None)


def rerun_pending() -> bool:
    return SummaryRefreshLock.objects.filter(pk=LOCK_PK, rerun=True).exists()


def lease_remaining() -> float:
    lease = SummaryRefreshLock.objects.filter(pk=LOCK_PK).values_list("lease_until", flat=True)
    until = lease.first()
    return max(0.0, (until - timezone.now()).total_seconds()) if until else 0.0


def summaries_refresh(*, only_if_pending: bool = False) -> RefreshOutcome:
    """Refresh all charts now, unless a refresh is running (then it runs once more).

    Safe to call twice or concurrently, and the same result whatever the
    number of calls: each run reads the data as it is and replaces the set.
    ``only_if_pending``: run only if a rerun asked for earlier has not happened
    yet (a check after a coalesced request, in case its holder died).
    """
    _lock_row()
    if only_if_pending and not rerun_pending():
        return RefreshOutcome(ran=False, notes=["done by another run"])
    holder = uuid.uuid4().hex
    if not _claim(holder):
        # A refresh is running: ask it to go once more.
        if _ask_for_rerun():
            return RefreshOutcome(ran=False, notes=["coalesced"])
        # It let go between our two statements; take over, unless someone beat us to it
        # (then that run started after our caller's change and will see it).
        if not _claim(holder):
            _ask_for_rerun()
            return RefreshOutcome(ran=False, notes=["coalesced"])
    outcome = RefreshOutcome(ran=True)
    try:
        while True:
            _start_run(holder)
            with _Heartbeat(holder):
                generation, count = refresh_once()
            outcome.runs += 1
            outcome.generation = generation
            outcome.snapshots = count
            outcome.duration_ms += generation.duration_ms
            outcome.row_count = generation.row_count
            if _release_unless_rerun(holder):
                break
    except BaseException:
        # The rerun flag stays set; the next refresh (a retry, beat, a change) honours it.
        _release(holder)
        raise
    logger.info(
        "summaries: %s charts in %s ms (%s run(s))",
        outcome.snapshots,
        outcome.duration_ms,
        outcome.runs,
    )
    return outcome


# --- Triggers ---------------------------------------------------------------------------


def refresh_request() -> None:
    """Enqueue one refresh unless one was enqueued in the last debounce window.

    The outbox's handler for ``summaries_refresh``: it runs after the commit, so
    the worker sees the change. A cache or broker that is down raises, and the
    outbox asks again later; the guard is taken back so that retry is not
    swallowed by the debounce.
    """
    seconds = debounce_seconds()
    if not cache.add(DEBOUNCE_KEY, timezone.now().isoformat(), timeout=seconds):
        return
    from proposals.summaries.tasks import refresh_summaries

    try:
        # One second beyond the guard, so a change made as the guard expires
        # is either seen by this run or enqueues the next one.
        refresh_summaries.apply_async(countdown=seconds + 1, retry=False)
    except Exception:
        try:
            cache.delete(DEBOUNCE_KEY)
        except Exception:  # noqa: S110 - the cache failing too changes nothing here
            pass
        raise


def refresh_soon() -> bool:
    """``refresh_request`` that logs instead of raising: False when nothing could be asked."""
    try:
        refresh_request()
    except Exception:
        logger.exception("summaries: could not enqueue a chart refresh")
        return False
    return True


# --- Showing -------------------------------------------------------------------------------


def snapshot_language(code: str | None = None) -> str:
    """The stored language for a page in ``code`` (the active one by default).

    ``en-gb`` reads the ``en`` charts; a language the site does not offer
    reads the default language's.
    """
    code = (code or translation.get_language() or settings.LANGUAGE_CODE).lower()
    languages = site_languages()
    for candidate in (code, code.split("-")[0]):
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE


def page_snapshots(page: str, obj=None) -> list[SummarySnapshot]:
    """The current charts of one page in the active language, in the page's order: one query."""
    kinds = PAGES.get(page)
    if kinds is None:
        return []
    filters = Q(generation__is_current=True, kind__in=kinds, language=snapshot_language())
    if page == "document":
        filters &= Q(document_id=getattr(obj, "pk", None))
    elif page == "organisation":
        filters &= Q(organisation_id=getattr(obj, "pk", None))
    else:
        filters &= Q(document__isnull=True, organisation__isnull=True)
    snapshots = list(SummarySnapshot.objects.filter(filters))
    order = {kind: index for index, kind in enumerate(kinds)}
    return sorted(snapshots, key=lambda snapshot: order[snapshot.kind])


def stale_after() -> timedelta:
    return timedelta(seconds=settings.SUMMARIES_BEAT_SECONDS) + STALE_MARGIN


def is_stale(computed_at: datetime, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) - computed_at > stale_after()


def newest_summary_at() -> datetime | None:
    return (
        SummaryGeneration.objects.filter(is_current=True)
        .values_list("computed_at", flat=True)
        .first()
    )
