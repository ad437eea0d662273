"""Reads that span tables. Every count of demands goes through the visibility rule.

Nothing here reads ``InternalNote``: the portal and its exports never show them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.models import Organisation
from organizations.permissions import demand_visibility_q
from proposals import formatting
from proposals.models import BudgetPost, Chapter, Demand, DemandStatus, PolicyDocument, Stance
from proposals.portal import cache, search
from proposals.portal.filters import (
    MAX_QUERY_LENGTH,
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_PARAMETER,
    SORT_CHOICES,
    DemandFilterSet,
    chapter_subtree_q,
    search_query,
)

DEMANDS_PER_PAGE = 50
CHAPTER_DEMANDS_PER_PAGE = 100
ORGANISATION_DEMANDS_PER_PAGE = 50
TOP_ORGANISATIONS = 20
# A facet lists at most this many more organisations (thousands would make the page
# megabytes); the others are counted and found from the organisations page.
MORE_ORGANISATIONS = 80
# Past this many matches a search is shown newest first: ranking every one of
# 90 000 matches to show 50 costs a scan of them all, for an order that says
# little at that size. Below it, matches are ranked by relevance as before.
RANK_LIMIT = 10_000

# ts_headline marks matches with these; they are swapped for <mark> only
# after the text has been escaped (see templatetags.kravsporing.highlight).
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"

# Chapters linked to a demand, in natural order, as shown in lists.
_CHAPTERS_IN_ORDER = Prefetch(
    "chapters",
    queryset=Chapter.objects.only("id", "number", "sort_key", "document_id").order_by("sort_key"),
)
_POSTS_IN_ORDER = Prefetch("budget_posts", queryset=BudgetPost.objects.order_by("year", "chapter"))


def visible_demands(user):
    return Demand.objects.visible_to(user)


# --- Home, documents and organisations -----------------------------------------------


def organisation_rows(*, user) -> QuerySet:
    """Organisations with the number of demands ``user`` may see (one query, not kept)."""
    return Organisation.objects.annotate(
        demand_count=Count("demands", filter=demand_visibility_q(user, prefix="demands__"))
    ).order_by("name")


def organisation_list(*, user) -> list[Organisation]:
    """``organisation_rows``, kept (portal.cache)."""
    return cache.kept("organisations", user, (), lambda: list(organisation_rows(user=user)))


def top_organisations(*, user, limit: int = TOP_ORGANISATIONS) -> list[Organisation]:
    """The organisations with the most demands ``user`` may see; the rest are a link away."""
    ranked = sorted(organisation_list(user=user), key=lambda org: (-org.demand_count, org.name))
    return [org for org in ranked[:limit] if org.demand_count]


def _count_per_document(queryset) -> Subquery:
    """A correlated count for each document row: no join, so no multiplied rows."""
    counts = (
        queryset.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counts.values("n")), 0)


def document_rows(*, user) -> QuerySet:
    """Documents with their visible demand and chapter counts (one query, not kept)."""
    return PolicyDocument.objects.annotate(
        demand_count=_count_per_document(visible_demands(user)),
        chapter_count=_count_per_document(Chapter.objects.all()),
    ).order_by("kind", "identifier")


def document_list(*, user) -> list[PolicyDocument]:
    """``document_rows``, kept (portal.cache)."""
    return cache.kept("documents", user, (), lambda: list(document_rows(user=user)))


def latest_visible_demands(*, user, limit: int = 10):
    return (
        visible_demands(user)
        .filter(~Q(status_changed_at=None))
        .select_related("organisation", "document")
        .order_by("-status_changed_at")[:limit]
    )


# --- Counting by status and stance ---------------------------------------------------


@dataclass
class Tally:
    """How many demands, split by status and by stance."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_stance: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, stance: str, count: int) -> None:
        self.total += count
        self.by_status[status] = self.by_status.get(status, 0) + count
        self.by_stance[stance] = self.by_stance.get(stance, 0) + count

    @property
    def open_count(self) -> int:
        """Demands still waiting for the committee (the work queue's default)."""
        from proposals.demands.workflow import OPEN

        return sum(self.by_status.get(status, 0) for status in OPEN)

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for the statuses present, in workflow order."""
        return [
            (value, label, self.by_status[value])
            for value, label in DemandStatus.choices
            if self.by_status.get(value)
        ]

    @property
    def stances(self) -> list[tuple[str, str, int]]:
        return [
            (value, label, self.by_stance[value])
            for value, label in Stance.choices
            if self.by_stance.get(value)
        ]


@dataclass
class ChapterNode:
    chapter: Chapter
    tally: Tally
    children: list[ChapterNode] = field(default_factory=list)


@dataclass
class DocumentOverview:
    tree: list[ChapterNode]
    chapter_count: int
    tally: Tally
    without_chapter: Tally


def _chapter_tallies(*, document: PolicyDocument, user, max_depth: int) -> dict[str, Tally]:
    """Visible demands on each chapter *and its sub-chapters*, keyed by sort key.

    A chapter's key is a prefix of its sub-chapters' keys (``0010`` of
    ``0010.0003``), so for every depth the links are grouped by the key cut to
    that depth: one grouped query per depth, joined with UNION ALL into one
    statement. A demand linked to 10.3 and 10.9 is counted once under 10.
    """
    links = Demand.chapters.through.objects.filter(chapter__document=document).filter(
        demand_visibility_q(user, prefix="demand__")
    )
    per_depth = [
        links.filter(chapter__depth__gte=depth)
        .annotate(key=Substr("chapter__sort_key", 1, 5 * depth - 1))
        .values("key", "demand__status", "demand__stance")
        .annotate(n=Count("demand_id", distinct=True))
        .order_by()
        for depth in range(1, max_depth + 1)
    ]
    tallies: dict[str, Tally] = defaultdict(Tally)
    if not per_depth:
        return tallies
    rows = per_depth[0].union(*per_depth[1:], all=True) if len(per_depth) > 1 else per_depth[0]
    for row in rows:
        tallies[row["key"]].add(row["demand__status"], row["demand__stance"], row["n"])
    return tallies


def document_overview(*, document: PolicyDocument, user) -> DocumentOverview:
    """The chapter tree in natural order with counts: three queries whatever the size."""
    chapters = list(Chapter.objects.filter(document=document).order_by("sort_key"))
    max_depth = max((chapter.depth for chapter in chapters), default=0)
    tallies = _chapter_tallies(document=document, user=user, max_depth=max_depth)

    nodes = {
        chapter.pk: ChapterNode(chapter, tallies.get(chapter.sort_key, Tally()))
        for chapter in chapters
    }
    tree: list[ChapterNode] = []
    for chapter in chapters:
        parent = nodes.get(chapter.parent_id)
        (parent.children if parent else tree).append(nodes[chapter.pk])

    has_chapter = Exists(Demand.chapters.through.objects.filter(demand_id=OuterRef("pk")))
    totals, without = Tally(), Tally()
    rows = (
        visible_demands(user)
        .filter(document=document)
        .annotate(has_chapter=has_chapter)
        .values("status", "stance", "has_chapter")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        totals.add(row["status"], row["stance"], row["n"])
        if not row["has_chapter"]:
            without.add(row["status"], row["stance"], row["n"])
    return DocumentOverview(
        tree=tree, chapter_count=len(chapters), tally=totals, without_chapter=without
    )


@dataclass
class ChapterView:
    chapter: Chapter
    parent: Chapter | None
    children: list[Chapter]
    previous: Chapter | None
    next: Chapter | None
    stances: list[tuple[str, str, list[dict]]]
    page: Page


def chapter_view(*, chapter: Chapter, user, page_number=1) -> ChapterView:
    """A chapter's demands (sub-chapters included), who stands where, and its neighbours."""
    siblings = Chapter.objects.filter(document_id=chapter.document_id)
    previous = siblings.filter(sort_key__lt=chapter.sort_key).order_by("-sort_key").first()
    following = siblings.filter(sort_key__gt=chapter.sort_key).order_by("sort_key").first()
    children = list(siblings.filter(parent=chapter).order_by("sort_key"))

    demands = visible_demands(user).filter(chapter_subtree_q(chapter))
    by_stance: dict[str, list[dict]] = defaultdict(list)
    rows = (
        demands.values("stance", "organisation__name", "organisation__slug")
        .annotate(n=Count("pk"))
        .order_by("organisation__name")
    )
    for row in rows:
        by_stance[row["stance"]].append(row)
    stances = [(value, label, by_stance[value]) for value, label in Stance.choices]

    listing = (
        demands.select_related("organisation")
        .prefetch_related(_CHAPTERS_IN_ORDER)
        .order_by("organisation__name", "title", "pk")
    )
    page = Paginator(listing, CHAPTER_DEMANDS_PER_PAGE).get_page(page_number)
    return ChapterView(
        chapter=chapter,
        parent=chapter.parent,
        children=children,
        previous=previous,
        next=following,
        stances=stances,
        page=page,
    )


@dataclass
class OrganisationView:
    organisation: Organisation
    documents: list[dict]
    statuses: list[tuple[str, str]]
    tally: Tally
    page: Page


def organisation_view(*, organisation: Organisation, user, page_number=1) -> OrganisationView:
    """An organisation's visible demands by document and status, and a page of them."""
    demands = visible_demands(user).filter(organisation=organisation)
    by_document: dict[int, dict] = {}
    tally = Tally()
    rows = (
        demands.values("document_id", "document__identifier", "document__slug", "status", "stance")
        .annotate(n=Count("pk"))
        .order_by("document__identifier")
    )
    for row in rows:
        entry = by_document.setdefault(
            row["document_id"],
            {
                "id": row["document_id"],
                "identifier": row["document__identifier"],
                "slug": row["document__slug"],
                "tally": Tally(),
            },
        )
        entry["tally"].add(row["status"], row["stance"], row["n"])
        tally.add(row["status"], row["stance"], row["n"])
    statuses = [
        (value, label) for value, label in DemandStatus.choices if tally.by_status.get(value)
    ]
    for entry in by_document.values():
        entry["cells"] = [entry["tally"].by_status.get(value, 0) for value, _label in statuses]

    listing = (
        demands.select_related("document")
        .prefetch_related(_CHAPTERS_IN_ORDER)
        .order_by("document__identifier", "title", "pk")
    )
    page = Paginator(listing, ORGANISATION_DEMANDS_PER_PAGE).get_page(page_number)
    return OrganisationView(
        organisation=organisation,
        documents=list(by_document.values()),
        statuses=statuses,
        tally=tally,
        page=page,
    )


def document_chapters(*, document: PolicyDocument, user):
    """The document's chapters in natural order, each with its own visible demand count."""
    return (
        Chapter.objects.filter(document=document)
        .annotate(
            demand_count=Count("demands", filter=demand_visibility_q(user, prefix="demands__"))
        )
        .order_by("sort_key")
    )


# --- One demand ---------------------------------------------------------------------


def demand_detail(*, pk: int, user) -> Demand:
    """The demand if ``user`` may read it (else Demand.DoesNotExist), with its links."""
    return (
        visible_demands(user)
        .select_related("organisation", "document", "submission")
        .prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.select_related("document")),
            _POSTS_IN_ORDER,
            "topics",
        )
        .get(pk=pk)
    )


# --- Budget -----------------------------------------------------------------------


def budget_post_rows(*, user) -> QuerySet:
    """Every post with the visible demands and organisations on it and the sum asked for.

    One query, not kept; a demand on two posts is counted under both.
    """
    visible = demand_visibility_q(user, prefix="demands__")
    return (
        BudgetPost.objects.select_related("programme_category")
        .annotate(
            demand_count=Count("demands", filter=visible, distinct=True),
            organisation_count=Count("demands__organisation", filter=visible, distinct=True),
            requested_sum=Sum("demands__requested_amount_nok", filter=visible),
        )
        .order_by("-year", "chapter", "post")
    )


def budget_post_list(*, user):
    """``budget_post_rows``, kept (portal.cache)."""
    return cache.kept("budget-posts", user, (), lambda: list(budget_post_rows(user=user)))


@dataclass
class BudgetPostView:
    post: BudgetPost
    other_years: list[BudgetPost]
    demand_count: int
    organisation_count: int
    requested_sum: int | None
    page: Page


def budget_post_view(*, post: BudgetPost, user, page_number=1) -> BudgetPostView:
    demands = visible_demands(user).filter(budget_posts=post)
    summary = demands.aggregate(
        demand_count=Count("pk"),
        organisation_count=Count("organisation", distinct=True),
        requested_sum=Sum("requested_amount_nok"),
    )
    other_years = list(
        BudgetPost.objects.filter(chapter=post.chapter, post=post.post)
        .exclude(pk=post.pk)
        .order_by("-year")
    )
    listing = demands.select_related("organisation", "document").order_by(
        "organisation__name", "title", "pk"
    )
    page = Paginator(listing, DEMANDS_PER_PAGE).get_page(page_number)
    return BudgetPostView(post=post, other_years=other_years, page=page, **summary)


# --- Browsing demands: filters, facets, search, pages --------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    legend: str
    options: list[FacetOption]
    more: list[FacetOption] = field(default_factory=list)
    # Options with matches that are not listed at all (found through their own pages).
    rest: int = 0


@dataclass
class DemandSearch:
    """The outcome of reading ``/demands/``'s query string: what to show and what went wrong."""

    filterset: DemandFilterSet
    params: QueryDict  # the query string as it is honoured: cleaned, bad values left out
    notices: list[str]
    queryset: QuerySet  # visible, filtered and ordered; not yet paginated
    query_text: str
    sort: str

    @property
    def has_errors(self) -> bool:
        return bool(self.filterset.errors)

    @property
    def data(self) -> dict:
        return self.filterset.valid_data()

    @property
    def sort_choices(self) -> list[tuple[str, str, bool]]:
        """The sort menu; its first entry (no value) lets a new search rank by relevance."""
        chosen = self.data.get("sort") or ""
        default = _("Standard (mest relevante ved søk, ellers nyeste)")
        return [("", default, not chosen)] + [
            (value, str(label), value == chosen)
            for value, label in SORT_CHOICES
            if value != "relevance" or self.query_text
        ]

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        """Filters without a facet of their own, kept when the facet form is sent."""
        data = self.data
        return [(name, str(data[name].pk)) for name in ("chapter", "budget_post") if data.get(name)]

    @property
    def active_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, value, what to call it) for each filter in force."""
        data, active = self.data, []
        choice_filters = [
            ("status", _("Status"), dict(DemandStatus.choices)),
            ("stance", _("Standpunkt"), dict(Stance.choices)),
            ("organisation_kind", _("Organisasjonstype"), dict(Organisation.Kind.choices)),
        ]
        for name, legend, choices in choice_filters:
            for value in data.get(name) or []:
                active.append((name, value, f"{legend}: {choices[value]}"))
        for organisation in data.get("organisation") or []:
            active.append(("organisation", str(organisation.pk), organisation.name))
        for document in data.get("document") or []:
            active.append(("document", str(document.pk), document.identifier))
        if data.get("chapter"):
            chapter = data["chapter"]
            active.append(
                (
                    "chapter",
                    str(chapter.pk),
                    _("%(document)s, kap. %(number)s med underkapitler")
                    % {"document": chapter.document.identifier, "number": chapter.number},
                )
            )
        if data.get("budget_post"):
            post = data["budget_post"]
            active.append(("budget_post", str(post.pk), str(post)))
        for year in data.get("year") or []:
            active.append(("year", str(year), _("Levert i %(year)s") % {"year": year}))
        if self.query_text:
            active.append(("q", self.query_text, _("Søk: «%(q)s»") % {"q": self.query_text}))
        return active


@dataclass
class DemandBrowse:
    search: DemandSearch
    page: Page
    facets: list[Facet]


def sanitise_params(params: QueryDict) -> QueryDict:
    """The query parameters as the FilterSet gets them (for the API, which lists no notices)."""
    return _sanitise(params)[0]


def _sanitise(params: QueryDict) -> tuple[QueryDict, list[str]]:
    """Strip NUL bytes, cut over-long values and over-many repeats, saying so."""
    clean = QueryDict(mutable=True)
    notices = []
    for key, values in params.lists():
        if len(values) > MAX_VALUES_PER_PARAMETER:
            values = values[:MAX_VALUES_PER_PARAMETER]
            notices.append(
                _("Bare de første %(n)s verdiene av et filter brukes.")
                % {"n": MAX_VALUES_PER_PARAMETER}
            )
        kept = []
        for value in values:
            value = value.replace("\x00", "")
            limit = MAX_QUERY_LENGTH if key == "q" else MAX_VALUE_LENGTH
            if len(value) > limit:
                value = value[:limit]
                if key == "q":
                    notices.append(
                        _("Søket var for langt og er forkortet til %(n)s tegn.")
                        % {"n": MAX_QUERY_LENGTH}
                    )
            kept.append(value)
        clean.setlist(key[:MAX_VALUE_LENGTH].replace("\x00", ""), kept)
    return clean, notices


def _error_notices(filterset: DemandFilterSet) -> list[str]:
    notices = []
    for name, errors in filterset.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        for error in errors:
            notices.append(
                _("%(filter)s: %(error)s Filteret er ikke brukt.")
                % {"filter": label, "error": error}
            )
    return notices


def _honoured_params(params: QueryDict, filterset: DemandFilterSet) -> QueryDict:
    """The query string without the filters that failed, for links and forms on the page."""
    honoured = params.copy()
    for name in filterset.errors:
        honoured.pop(name, None)
    honoured.pop("page", None)
    honoured.pop("format", None)
    return honoured


def _ordering(sort: str, has_query: bool) -> list:
    newest = [F("submitted_at").desc(nulls_last=True), F("created_at").desc(), "-pk"]
    orders = {
        "newest": newest,
        "oldest": [F("submitted_at").asc(nulls_last=True), "created_at", "pk"],
        "changed": [F("status_changed_at").desc(nulls_last=True), "-pk"],
        "title": ["title", "pk"],
        "organisation": ["organisation__name", "title", "pk"],
        "amount": [F("requested_amount_nok").desc(nulls_last=True), "-pk"],
        "relevance": [F("rank").desc(), *newest] if has_query else newest,
    }
    return orders[sort]


def demand_search(*, user, params: QueryDict) -> DemandSearch:
    """The visible demands that ``params`` selects, ordered; invalid filters are ignored."""
    params, notices = _sanitise(params)
    filterset = DemandFilterSet(params, queryset=visible_demands(user))
    notices += _error_notices(filterset)
    data = filterset.valid_data()
    query_text = (data.get("q") or "").strip()
    sort = data.get("sort") or ("relevance" if query_text else "newest")
    if sort == "relevance" and not query_text:
        sort = "newest"

    queryset = filterset.apply(filterset.queryset)
    if query_text and search.uses_full_text():
        queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search_query(query_text)))
    queryset = queryset.order_by(*_ordering(sort, bool(query_text) and search.uses_full_text()))
    return DemandSearch(
        filterset=filterset,
        params=_honoured_params(params, filterset),
        notices=notices,
        queryset=queryset,
        query_text=query_text,
        sort=sort,
    )


def _page(queryset: QuerySet, raw_page, notices: list[str], count: int | None = None) -> Page:
    """The asked-for page; a page past the end gives the last one and says so."""
    paginator = Paginator(queryset, DEMANDS_PER_PAGE)
    if count is not None:
        paginator.count = count  # kept per filter state (portal.cache), not recounted
    if raw_page in (None, ""):
        return paginator.page(1)
    try:
        number = int(str(raw_page).strip())
    except ValueError:
        notices.append(_("«%(page)s» er ikke et sidetall; viser første side.") % {"page": raw_page})
        return paginator.page(1)
    if number < 1:
        notices.append(_("Sidetallet må være 1 eller mer; viser første side."))
        return paginator.page(1)
    if number > paginator.num_pages:
        notices.append(
            ngettext(
                "Det finnes bare %(n)s side; viser den.",
                "Det finnes bare %(n)s sider; viser den siste.",
                paginator.num_pages,
            )
            % {"n": paginator.num_pages}
        )
        return paginator.page(paginator.num_pages)
    return paginator.page(number)


def page_ids(queryset: QuerySet, *, start: int, size: int, count: int) -> list[int]:
    """The ids of rows ``start`` to ``start + size`` of ``queryset``, read from its index.

    Only the ids are read past the skipped rows, so a sort with a narrow index
    of its own (migration 0006) walks that index and never the wide rows. A page
    in the second half is read from the far end in the reversed order, so the
    last page costs what the first does and no page skips more than half the
    matches. Page numbers stay plain ``?page=N``: every link can be shared.
    """
    ids = queryset.values_list("pk", flat=True)
    if count and start > count // 2:
        end = max(0, count - start)
        return list(ids.reverse()[max(0, end - size) : end])[::-1]
    return list(ids[start : start + size])


def _with_links(page: Page, queryset: QuerySet, query_text: str) -> None:
    """Fetch the page's rows with their links and, when searching, highlighted snippets.

    The snippets are made for the page's rows only, and the links come in two
    queries per page.
    """
    size = page.paginator.per_page
    ids = page_ids(queryset, start=(page.number - 1) * size, size=size, count=page.paginator.count)
    rows = (
        Demand.objects.filter(pk__in=ids)
        .select_related("organisation", "document")
        .prefetch_related(_CHAPTERS_IN_ORDER, _POSTS_IN_ORDER)
    )
    if query_text and search.uses_full_text():
        rows = rows.annotate(
            headline=SearchHeadline(
                "text",
                search_query(query_text),
                config=search.CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    position = {pk: index for index, pk in enumerate(ids)}
    page.object_list = sorted(rows, key=lambda demand: position[demand.pk])


def _facet_rows(filterset: DemandFilterSet, base: QuerySet, name: str, *columns) -> list[dict]:
    """One grouped query: the facet's values counted with the other filters applied."""
    return list(
        # COUNT(*) rather than of the id: the narrow index holds no id, and needs none.
        filterset.apply(base, leave_out=[name]).values(*columns).annotate(n=Count("*")).order_by()
    )


def _choice_facet(name, legend, choices, counts: dict, selected) -> Facet:
    selected = set(selected or [])
    options = [
        FacetOption(value, str(label), counts.get(value, 0), value in selected)
        for value, label in choices
        if counts.get(value) or value in selected
    ]
    return Facet(name, legend, options)


def demand_facets(*, found: DemandSearch, user) -> list[Facet]:
    """Counts for each facet, each with the *other* active filters applied.

    Six grouped queries, each over ids and codes only (an index-only scan of
    ``demand_public_facts`` for the public), and two reads of names.
    """
    filterset, data = found.filterset, found.data
    base = visible_demands(user)
    facets = []

    def counts(name, column):
        return {row[column]: row["n"] for row in _facet_rows(filterset, base, name, column)}

    facets.append(
        _choice_facet(
            "status",
            _("Status"),
            DemandStatus.choices,
            counts("status", "status"),
            data.get("status"),
        )
    )
    facets.append(
        _choice_facet(
            "stance",
            _("Standpunkt"),
            Stance.choices,
            counts("stance", "stance"),
            data.get("stance"),
        )
    )
    # Grouped by the ids alone (the narrow index holds them); names and kinds are
    # looked up from one read of the organisations.
    organisations = {
        pk: (name, kind)
        for pk, name, kind in Organisation.objects.values_list("id", "name", "kind")
    }
    by_kind: dict[str, int] = defaultdict(int)
    for organisation_id, n in counts("organisation_kind", "organisation_id").items():
        by_kind[organisations[organisation_id][1]] += n
    facets.append(
        _choice_facet(
            "organisation_kind",
            _("Organisasjonstype"),
            Organisation.Kind.choices,
            by_kind,
            data.get("organisation_kind"),
        )
    )

    chosen = {org.pk: org for org in data.get("organisation") or []}
    rows = [
        {"organisation_id": pk, "organisation__name": organisations[pk][0], "n": n}
        for pk, n in counts("organisation", "organisation_id").items()
    ]
    found_ids = {row["organisation_id"] for row in rows}
    rows += [
        {"organisation_id": pk, "organisation__name": org.name, "n": 0}
        for pk, org in chosen.items()
        if pk not in found_ids
    ]
    rows.sort(key=lambda row: (-row["n"], row["organisation__name"]))
    options = [
        FacetOption(
            str(row["organisation_id"]),
            row["organisation__name"],
            row["n"],
            row["organisation_id"] in chosen,
        )
        for row in rows
    ]
    # The top organisations first; the rest stay one click away (a <details>), with
    # any chosen ones kept in view.
    top = options[:TOP_ORGANISATIONS] + [o for o in options[TOP_ORGANISATIONS:] if o.checked]
    more = [o for o in options[TOP_ORGANISATIONS:] if not o.checked]
    facets.append(
        Facet(
            "organisation",
            _("Organisasjon"),
            top,
            more[:MORE_ORGANISATIONS],
            rest=max(0, len(more) - MORE_ORGANISATIONS),
        )
    )

    chosen_docs = {doc.pk: doc for doc in data.get("document") or []}
    identifiers = dict(PolicyDocument.objects.values_list("id", "identifier"))
    rows = [
        {"document_id": pk, "document__identifier": identifiers[pk], "n": n}
        for pk, n in counts("document", "document_id").items()
    ]
    found_ids = {row["document_id"] for row in rows}
    rows += [
        {"document_id": pk, "document__identifier": doc.identifier, "n": 0}
        for pk, doc in chosen_docs.items()
        if pk not in found_ids
    ]
    rows.sort(key=lambda row: row["document__identifier"])
    facets.append(
        Facet(
            "document",
            _("Dokument"),
            [
                FacetOption(
                    str(row["document_id"]),
                    row["document__identifier"],
                    row["n"],
                    row["document_id"] in chosen_docs,
                )
                for row in rows
            ],
        )
    )

    chosen_years = set(data.get("year") or [])
    year_counts = {
        row["submitted_year"]: row["n"]
        for row in filterset.apply(base, leave_out=["year"])
        .exclude(submitted_at=None)
        .annotate(submitted_year=ExtractYear("submitted_at"))
        .values("submitted_year")
        .annotate(n=Count("*"))
        .order_by()
    }
    for year in chosen_years:
        year_counts.setdefault(year, 0)
    facets.append(
        Facet(
            "year",
            _("År levert"),
            [
                FacetOption(str(year), str(year), count, year in chosen_years)
                for year, count in sorted(year_counts.items(), reverse=True)
            ],
        )
    )
    return facets


def _filter_state(found: DemandSearch) -> list:
    """What the count and the facets depend on: the honoured filters, not sort or page."""
    return sorted((key, sorted(values)) for key, values in found.params.lists() if key != "sort")


def match_count(*, found: DemandSearch, user) -> int:
    return cache.kept(
        "demand-count", user, _filter_state(found), lambda: found.queryset.order_by().count()
    )


def demand_browse(*, user, params: QueryDict) -> DemandBrowse:
    """Everything ``/demands/`` shows: a page of results, facets, and notices.

    The number of matches and the facets are kept per filter state
    (``portal.cache``); paging and sorting reuse them.
    """
    found = demand_search(user=user, params=params)
    count = match_count(found=found, user=user)
    if found.sort == "relevance" and count > RANK_LIMIT:
        found.queryset = found.queryset.order_by(*_ordering("newest", False))
        found.sort = "newest"
        found.notices.append(
            _(
                "Over %(n)s treff: viser de nyeste først. Snevre inn søket for å sortere etter relevans."
            )
            % {"n": formatting.number(RANK_LIMIT)}
        )
    page = _page(found.queryset, params.get("page"), found.notices, count)
    _with_links(page, found.queryset, found.query_text)
    facets = cache.kept(
        "facets", user, _filter_state(found), lambda: demand_facets(found=found, user=user)
    )
    return DemandBrowse(search=found, page=page, facets=facets)
