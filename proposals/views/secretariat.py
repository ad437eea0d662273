"""The committee secretariat: the work queue, status changes, notes, reference data, export.

Every view asks ``organizations.permissions``; the moves themselves are
judged by ``workflow.TRANSITIONS``. Drafts never appear here: they belong to
their organisation.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from organizations import permissions
from proposals.demands import (
    committee_export,
    curation,
    history,
    publication,
    services,
    work_selectors,
    workflow,
)
from proposals.forms import (
    BudgetPostForm,
    BulkCurationForm,
    BulkStatusForm,
    ChapterListForm,
    CurationLinksForm,
    DocumentForm,
    DuplicateForm,
    EditorialTitleForm,
    InternalNoteForm,
    PrepareOutcomeForm,
    PublishOutcomesForm,
    QueueFilterForm,
    SharedDemandJoinForm,
    SplitForm,
    StatusForm,
    VisibilityForm,
)
from proposals.models import BudgetPost, Demand, DemandStatus, PolicyDocument, Topic
from proposals.reference import services as reference_services
from proposals.views.access import secretariat_required
from proposals.views.common import add_service_errors, flash_errors, status_change

PAGE_SIZE = 50


def _queue_demand(request, pk: int) -> Demand:
    visible = Demand.objects.at_secretariat(request.user)
    return get_object_or_404(visible.select_related("organisation", "document"), pk=pk)


def _without(params, *names) -> str:
    """The query string of ``params`` without ``names``, for links that set them anew."""
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _queue_filters(request):
    """The queue's filter form and the filters it gives (empty when the form has errors)."""
    form = QueueFilterForm(request.GET or None)
    filters = work_selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = work_selectors.QueueFilters(
            document=data["document"],
            chapter=data["chapter_obj"],
            status=data["status"],
            organisation=data["organisation"],
            state=data["state"],
        )
    return form, filters


@require_GET
@secretariat_required
def queue(request):
    form, filters = _queue_filters(request)
    tree = (
        work_selectors.queue_tree(user=request.user, document=filters.document)
        if filters.document is not None
        else None
    )
    page = Paginator(work_selectors.queue_demands(user=request.user, filters=filters), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    for demand in page.object_list:
        # The moves the table allows each row, so the bulk form offers only common ones.
        demand.allowed_moves = " ".join(
            services.allowed_transitions(demand=demand, user=request.user)
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "secretariat/queue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "statuses": [(v, DemandStatus(v).label) for v in workflow.PUBLIC],
            "can_bulk_change": permissions.can_bulk_change(request.user),
            "filters": filters,
            "tree": tree,
            "documents": (
                work_selectors.queue_documents(user=request.user) if tree is None else None
            ),
            "tree_query": _without(request.GET, "chapter", "page"),
            "state_query": _without(request.GET, "state", "status", "page"),
            "curation_chapters": (
                filters.document.chapters.order_by("sort_key") if filters.document else []
            ),
            "topics": Topic.objects.order_by("name"),
        },
    )


@require_GET
@secretariat_required
def demand_detail(request, pk):
    demand = _queue_demand(request, pk)
    allowed = services.allowed_transitions(demand=demand, user=request.user)
    return render(
        request,
        "secretariat/demand_detail.html",
        {
            **history.demand_record(demand=demand, user=request.user),
            "status_form": StatusForm(allowed=allowed, initial={"expected_status": demand.status}),
            "allowed": allowed,
            "note_form": InternalNoteForm(),
            "visibility_form": VisibilityForm(),
            **curation_context(demand),
            **outcome_context(demand, request.user),
        },
    )


@require_POST
@secretariat_required
def demand_status(request, pk):
    return status_change(request, _queue_demand(request, pk), back="secretariat:demand_detail")


@require_POST
@secretariat_required
def demand_visibility(request, pk):
    """Hide a demand from the public, or show it again, with the reason for it."""
    demand = _queue_demand(request, pk)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        hidden = not demand.hidden_from_public
        try:
            services.demand_set_hidden(
                demand=demand, user=request.user, hidden=hidden, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("Kravet er skjult for offentligheten.") if hidden else _("Kravet vises igjen."),
            )
    else:
        flash_errors(request, form)
    return redirect("secretariat:demand_detail", pk=demand.pk)


@require_POST
@secretariat_required
def note_add(request, pk):
    demand = _queue_demand(request, pk)
    form = InternalNoteForm(request.POST)
    if form.is_valid():
        try:
            services.internal_note_add(
                demand=demand, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Notatet er lagret."))
    else:
        flash_errors(request, form)
    return redirect("secretariat:demand_detail", pk=demand.pk)


@require_POST
@secretariat_required
def bulk_status(request):
    if not permissions.can_bulk_change(request.user):
        raise PermissionDenied(_("Du kan ikke endre status på flere krav."))
    form = BulkStatusForm(request.POST)
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/")
    target = back if safe else "secretariat:queue"
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(target)
    ids = form.cleaned_data["demands"]
    seen = {pk: request.POST.get(f"seen_{pk}") for pk in ids if request.POST.get(f"seen_{pk}")}
    try:
        changes = services.demands_bulk_change_status(
            demand_ids=ids,
            to_status=form.cleaned_data["to_status"],
            user=request.user,
            note=form.cleaned_data["note"],
            expected_statuses=seen,
        )
    except services.BulkRefused as refused:
        messages.error(request, _("Ingen krav ble endret. Disse kan ikke få den valgte statusen:"))
        flash_errors(request, refused)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s krav har fått ny status.", "%(n)s krav har fått ny status.", len(changes)
            )
            % {"n": len(changes)},
        )
    return redirect(target)


# --- Documents, chapters and budget posts ---------------------------------------------


def _require_manager(request) -> None:
    if not permissions.can_manage_reference_data(request.user):
        raise PermissionDenied(_("Du kan ikke endre dokumenter og kapitler."))


@secretariat_required
def documents(request):
    _require_manager(request)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = reference_services.document_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Dokumentet «%(id)s» er lagt til.") % {"id": document.identifier}
            )
            return redirect("secretariat:document_detail", slug=document.slug)
    return render(
        request,
        "secretariat/documents.html",
        {"form": form, "documents": PolicyDocument.objects.order_by("identifier")},
    )


@secretariat_required
def document_detail(request, slug):
    _require_manager(request)
    document = get_object_or_404(PolicyDocument, slug=slug)
    form = ChapterListForm(request.POST or None)
    line_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = reference_services.chapters_import(
                document=document, text=form.cleaned_data["lines"], user=request.user
            )
        except reference_services.ChapterLinesRefused as refused:
            line_errors = refused.messages
            form.add_error("lines", _("Ingenting er lagret. Rett linjene under og send på nytt."))
        except ValidationError as error:
            form.add_error("lines", error)
        else:
            messages.success(
                request,
                _("Nye kapitler: %(new)s, med ny tittel: %(re)s, uendret: %(same)s.")
                % {
                    "new": len(result.created),
                    "re": len(result.retitled),
                    "same": result.unchanged,
                },
            )
            return redirect("secretariat:document_detail", slug=document.slug)
    return render(
        request,
        "secretariat/document_detail.html",
        {
            "document": document,
            "chapters": document.chapters.order_by("sort_key"),
            "form": form,
            "line_errors": line_errors,
            "can_export": permissions.can_export_committee(request.user),
        },
    )


@secretariat_required
def budget_posts(request):
    _require_manager(request)
    form = BudgetPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = reference_services.budget_post_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(post)s er lagt til.") % {"post": post})
            return redirect("secretariat:budget_posts")
    page = Paginator(
        BudgetPost.objects.select_related("programme_category").order_by(
            "-year", "chapter", "post"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(request, "secretariat/budget_posts.html", {"form": form, "page": page})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(content: bytes, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(*parts: str) -> str:
    return "-".join(parts)


def _require_export(request) -> None:
    if not permissions.can_export_committee(request.user):
        raise PermissionDenied(_("Du kan ikke laste ned eksporten til innstillingen."))


def _workbook(request, *, name: str, **scope) -> HttpResponse:
    internal = request.GET.get("internal", "1") != "0"
    content = committee_export.committee_workbook(
        user=request.user,
        link=lambda demand: request.build_absolute_uri(demand.get_absolute_url()),
        internal=internal,
        **scope,
    )
    suffix = "" if internal else "-" + pgettext("filnavn", "til-deling")
    return _file(content, XLSX, f"{name}{suffix}.xlsx")


@require_GET
@secretariat_required
def committee_export_xlsx(request, slug):
    _require_export(request)
    document = get_object_or_404(PolicyDocument, slug=slug)
    return _workbook(
        request,
        name=_filename(pgettext("filnavn", "innstilling"), document.slug),
        document=document,
    )


@require_GET
@secretariat_required
def recommendation_docx(request, slug):
    _require_export(request)
    document = get_object_or_404(PolicyDocument, slug=slug)
    title = _("Utkast til merknader: %(doc)s %(title)s") % {
        "doc": document.identifier,
        "title": document.title,
    }
    content = committee_export.recommendation_draft(
        user=request.user, title=title, document=document
    )
    name = _filename(pgettext("filnavn", "merknader"), document.slug)
    return _file(content, DOCX, f"{name}.docx")


@require_GET
@secretariat_required
def queue_export_xlsx(request):
    _require_export(request)
    _form, filters = _queue_filters(request)
    base = work_selectors.queue_demands(user=request.user, filters=filters)
    return _workbook(request, name=pgettext("filnavn", "arbeidsko"), base=_plain(base))


@require_GET
@secretariat_required
def queue_docx(request):
    _require_export(request)
    _form, filters = _queue_filters(request)
    base = work_selectors.queue_demands(user=request.user, filters=filters)
    title = _("Utkast til merknader: utvalg fra arbeidskøen")
    if filters.document is not None:
        title = _("Utkast til merknader: %(doc)s %(title)s") % {
            "doc": filters.document.identifier,
            "title": filters.document.title,
        }
    content = committee_export.recommendation_draft(
        user=request.user, title=title, base=_plain(base)
    )
    name = pgettext("filnavn", "merknader")
    return _file(content, DOCX, f"{name}.docx")


def _plain(queryset):
    """The queue's demands as a plain filter (its annotations and ordering left behind)."""
    return Demand.objects.filter(pk__in=queryset.order_by().values("pk"))


# --- Curation ----------------------------------------------------------------------


def curation_context(demand: Demand) -> dict:
    """The curation forms of the secretariat's demand page, filled with the demand's state."""
    return {
        "links_form": CurationLinksForm(
            document=demand.document,
            initial={
                "chapters": list(demand.chapters.values_list("pk", flat=True)),
                "budget_posts": list(demand.budget_posts.values_list("pk", flat=True)),
                "topics": list(demand.topics.values_list("pk", flat=True)),
            },
        ),
        "title_form": EditorialTitleForm(initial={"editorial_title": demand.editorial_title}),
        "duplicate_form": DuplicateForm(initial={"kept": demand.duplicate_of_id}),
        "shared_form": SharedDemandJoinForm(
            document=demand.document, initial={"shared": demand.shared_demand_id}
        ),
        "split_form": SplitForm(initial={"text": demand.text}),
    }


def _curate(request, demand: Demand, action: str):
    """Carry out one curation form; returns a success message or raises ValidationError."""
    user = request.user
    if action == "links":
        form = CurationLinksForm(request.POST, document=demand.document)
        _require_valid(form)
        data = form.cleaned_data
        current_chapters = set(demand.chapters.all())
        current_posts = set(demand.budget_posts.all())
        with transaction.atomic():
            curation.demand_link_chapters(
                demand=demand,
                user=user,
                add=set(data["chapters"]) - current_chapters,
                remove=current_chapters - set(data["chapters"]),
            )
            curation.demand_link_budget_posts(
                demand=demand,
                user=user,
                add=set(data["budget_posts"]) - current_posts,
                remove=current_posts - set(data["budget_posts"]),
            )
            curation.demand_set_topics(demand=demand, user=user, topics=data["topics"])
        return _("Koblingene er lagret.")
    if action == "title":
        form = EditorialTitleForm(request.POST)
        _require_valid(form)
        curation.demand_set_editorial_title(
            demand=demand, user=user, title=form.cleaned_data["editorial_title"]
        )
        return _("Tittelen er lagret.")
    if action == "duplicate":
        form = DuplicateForm(request.POST)
        _require_valid(form)
        kept = None
        if form.cleaned_data["kept"]:
            kept = Demand.objects.filter(pk=form.cleaned_data["kept"]).first()
            if kept is None:
                raise ValidationError(_("Fant ikke kravet som skal beholdes."))
        curation.demand_mark_duplicate(demand=demand, user=user, of=kept)
        return _("Duplikatmarkeringen er lagret.")
    if action == "shared":
        form = SharedDemandJoinForm(request.POST, document=demand.document)
        _require_valid(form)
        if form.cleaned_data["shared"] is None:
            curation.shared_demand_remove(demand=demand, user=user)
        else:
            curation.shared_demand_add(shared=form.cleaned_data["shared"], demand=demand, user=user)
        return _("Det felles kravet er lagret.")
    if action == "split":
        form = SplitForm(request.POST)
        _require_valid(form)
        _kept, part = curation.demand_split(demand=demand, user=user, **form.cleaned_data)
        return _("Kravet er delt; det nye kravet er #%(pk)s.") % {"pk": part.pk}
    raise ValidationError(_("Ukjent handling."))


def _require_valid(form) -> None:
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])


@require_POST
@secretariat_required
def demand_curate(request, pk):
    demand = _queue_demand(request, pk)
    try:
        message = _curate(request, demand, request.POST.get("action", ""))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, message)
    return redirect("secretariat:demand_detail", pk=demand.pk)


@require_POST
@secretariat_required
def bulk_curate(request):
    form = BulkCurationForm(request.POST)
    target = _safe_next(request)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(target)
    data = form.cleaned_data
    ids = data["demands"]
    try:
        if data["action"] == "link":
            count = curation.demands_bulk_link(
                user=request.user,
                demand_ids=ids,
                chapter=data["chapter"],
                budget_post=data["budget_post_obj"],
            )
        elif data["action"] == "tag":
            count = curation.demands_bulk_tag(
                user=request.user, demand_ids=ids, topic=data["topic"]
            )
        else:
            curation.shared_demand_create(user=request.user, title=data["title"], demand_ids=ids)
            count = len(ids)
    except services.BulkRefused as refused:
        messages.error(request, _("Ingen krav ble endret:"))
        flash_errors(request, refused)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            ngettext("%(n)s krav er oppdatert.", "%(n)s krav er oppdatert.", count) % {"n": count},
        )
    return redirect(target)


def _safe_next(request) -> str:
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/")
    return back if safe else "secretariat:queue"


# --- Prepared outcomes -------------------------------------------------------------


def outcome_context(demand: Demand, user) -> dict:
    allowed = [
        s
        for s in services.allowed_transitions(demand=demand, user=user)
        if s in publication.OUTCOMES
    ]
    return {
        "prepare_form": PrepareOutcomeForm(allowed=allowed, prefix="prepare") if allowed else None,
        "prepared": publication.pending_outcomes(user=user).filter(demand=demand).first(),
    }


@require_POST
@secretariat_required
def outcome_prepare(request, pk):
    demand = _queue_demand(request, pk)
    if request.POST.get("discard"):
        publication.outcome_discard(demand=demand, user=request.user)
        messages.success(request, _("Det forberedte utfallet er forkastet."))
        return redirect("secretariat:demand_detail", pk=demand.pk)
    allowed = [
        s
        for s in services.allowed_transitions(demand=demand, user=request.user)
        if s in publication.OUTCOMES
    ]
    form = PrepareOutcomeForm(request.POST, allowed=allowed, prefix="prepare")
    try:
        _require_valid(form)
        publication.outcome_prepare(
            demand=demand,
            user=request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Utfallet er forberedt. Det vises bare for sekretariatet til det publiseres."),
        )
    return redirect("secretariat:demand_detail", pk=demand.pk)


@require_POST
@secretariat_required
def outcomes_publish(request):
    form = PublishOutcomesForm(request.POST)
    target = _safe_next(request)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(target)
    data = form.cleaned_data
    selection = data["scope"] == "selection"
    try:
        result = publication.outcomes_publish(
            user=request.user,
            document=None if selection else data["document"],
            demand_ids=data["demands"] if selection else None,
            at=data["publish_at"],
        )
    except services.BulkRefused as refused:
        messages.error(request, _("Ingenting ble publisert:"))
        flash_errors(request, refused)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if result.scheduled:
            messages.success(
                request,
                ngettext(
                    "%(n)s utfall publiseres %(when)s.",
                    "%(n)s utfall publiseres %(when)s.",
                    result.scheduled,
                )
                % {
                    "n": result.scheduled,
                    "when": formats.date_format(data["publish_at"], "j.n.Y H:i"),
                },
            )
        else:
            n = len(result.published)
            messages.success(
                request,
                ngettext("%(n)s utfall er publisert.", "%(n)s utfall er publisert.", n) % {"n": n},
            )
    return redirect(target)
