"""The organisation workspace: an organisation's members and their own demands.

Each view loads, asks ``organizations.permissions``, calls one service or
selector, and responds. Demands of other organisations do not exist here
(404): their public part is on the portal.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from organizations import permissions
from organizations import services as organisation_services
from organizations.models import Organisation
from proposals.demands import history, services, work_selectors
from proposals.demands.diff import version_diff
from proposals.forms import (
    AttachDemandsForm,
    DemandForm,
    DocumentChoiceForm,
    NewDemandForm,
    OrganisationForm,
    StatusForm,
    SubmissionForm,
    WithdrawForm,
)
from proposals.models import Demand, DemandStatus, DemandVersion, Submission
from proposals.submissions import services as submission_services
from proposals.views.access import picker_required, workspace_required
from proposals.views.common import add_service_errors, status_change


def _own_demand(request, pk: int) -> Demand:
    queryset = Demand.objects.filter(permissions.workspace_demand_q(request.user))
    return get_object_or_404(queryset.select_related("organisation", "document"), pk=pk)


def _editable_organisations(user):
    return Organisation.objects.filter(pk__in=permissions.roles_of(user).editor_of).order_by("name")


@workspace_required
def home(request):
    memberships, changes = history.changes_since_last_visit(user=request.user)
    changes = list(changes)
    page = Paginator(work_selectors.workspace_demands(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    response = render(
        request,
        "workspace/home.html",
        {
            "memberships": memberships,
            "changes": changes,
            "page": page,
            "submissions": work_selectors.workspace_submissions(user=request.user)[:10],
            "activity": history.unread_activity(user=request.user),
            "can_write": bool(permissions.roles_of(request.user).editor_of),
        },
    )
    organisation_services.membership_mark_seen(user=request.user, at=timezone.now())
    return response


@workspace_required
def demand_new(request):
    organisations = _editable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("Bare organisasjonens redaktører kan skrive krav."))
    choice = DocumentChoiceForm(request.GET or None)
    if not choice.is_valid():
        return render(request, "workspace/document_choice.html", {"form": choice})
    document = choice.cleaned_data["document"]
    form = NewDemandForm(request.POST or None, document=document, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        organisation = changes.pop("organisation")
        try:
            demand = services.demand_create(
                user=request.user,
                organisation=organisation,
                document=document,
                submit="submit_now" in request.POST,
                **changes,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kravet er lagret."))
            return redirect("workspace:demand_detail", pk=demand.pk)
    return render(
        request, "workspace/demand_form.html", {"form": form, "document": document, "demand": None}
    )


@workspace_required
def demand_detail(request, pk):
    demand = _own_demand(request, pk)
    allowed = services.allowed_transitions(demand=demand, user=request.user)
    # Withdrawing has its own button and asks for confirmation; it is never
    # the preselected choice of the status menu.
    can_withdraw = DemandStatus.WITHDRAWN in allowed
    allowed = [status for status in allowed if status != DemandStatus.WITHDRAWN]
    return render(
        request,
        "workspace/demand_detail.html",
        {
            **history.demand_record(demand=demand, user=request.user),
            "allowed": allowed,
            "status_form": StatusForm(allowed=allowed, initial={"expected_status": demand.status}),
            "can_edit": permissions.can_edit_demand(request.user, demand),
            "can_withdraw": can_withdraw,
        },
    )


@workspace_required
def demand_withdraw(request, pk):
    """Withdraw a submitted demand: a page that asks first, with an optional reason."""
    demand = _own_demand(request, pk)
    form = WithdrawForm(request.POST or None, initial={"expected_status": demand.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_change_status(
                demand=demand,
                to_status=DemandStatus.WITHDRAWN,
                user=request.user,
                note=form.cleaned_data["reason"],
                expected_status=form.cleaned_data["expected_status"],
            )
        except (services.TransitionRefused, PermissionDenied) as refusal:
            for message in services._messages(refusal):
                messages.error(request, message)
        else:
            messages.success(request, _("Kravet er trukket."))
        return redirect("workspace:demand_detail", pk=demand.pk)
    return render(request, "workspace/withdraw.html", {"demand": demand, "form": form})


def _conflict_context(demand: Demand, conflict: services.EditConflict) -> dict:
    """What the other person changed: their version against the one this user loaded."""
    versions = {
        v.version: v
        for v in DemandVersion.objects.filter(
            demand=demand, version__in=[conflict.expected_version, conflict.current.version]
        )
    }
    loaded, current = (
        versions.get(conflict.expected_version),
        versions.get(conflict.current.version),
    )
    return {
        "conflict": conflict,
        "conflict_diff": version_diff(loaded, current) if current is not None else [],
        "conflict_by": current.created_by if current is not None else None,
    }


def _initial(demand: Demand) -> dict:
    return {
        "title": demand.title,
        "text": demand.text,
        "rationale": demand.rationale,
        "stance": demand.stance,
        "requested_amount_nok": demand.requested_amount_nok,
        "chapters": list(demand.chapters.values_list("pk", flat=True)),
        "budget_posts": list(demand.budget_posts.values_list("pk", flat=True)),
        "topics": list(demand.topics.values_list("pk", flat=True)),
        "version": demand.version,
    }


@workspace_required
def demand_edit(request, pk):
    demand = _own_demand(request, pk)
    if not permissions.can_edit_demand(request.user, demand):
        if permissions.can_write_for_organisation(request.user, demand.organisation_id):
            messages.error(request, _("Et trukket krav kan ikke endres. Lever det på nytt først."))
            return redirect("workspace:demand_detail", pk=demand.pk)
        raise PermissionDenied(_("Du kan ikke endre dette kravet."))
    context = {"demand": demand, "document": demand.document}
    if request.method != "POST":
        form = DemandForm(initial=_initial(demand), document=demand.document)
        return render(request, "workspace/demand_form.html", {**context, "form": form})
    form = DemandForm(request.POST, document=demand.document)
    if form.is_valid() and form.cleaned_data.get("version") is None:
        form.add_error(None, _("Skjemaet mangler versjonsnummer. Last siden på nytt."))
    if not form.is_valid():
        return render(request, "workspace/demand_form.html", {**context, "form": form})
    try:
        saved = services.demand_update(
            demand=demand,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            **form.changes(),
        )
    except services.EditConflict as conflict:
        # Keep what the user wrote, now based on the current version: saving
        # again is a deliberate choice made after seeing the other change.
        data = request.POST.copy()
        data["version"] = conflict.current.version
        form = DemandForm(data, document=demand.document)
        form.is_valid()
        context |= _conflict_context(demand, conflict)
        return render(request, "workspace/demand_form.html", {**context, "form": form}, status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "workspace/demand_form.html", {**context, "form": form})
    if saved.version == form.cleaned_data["version"]:
        messages.info(request, _("Ingen endringer å lagre."))
    else:
        messages.success(request, _("Lagret som versjon %(n)s.") % {"n": saved.version})
    return redirect("workspace:demand_detail", pk=demand.pk)


@require_POST
@workspace_required
def demand_status(request, pk):
    return status_change(request, _own_demand(request, pk), back="workspace:demand_detail")


# --- Picker searches: small JSON for static/js/picker.js --------------------------


def _picker_response(results) -> JsonResponse:
    return JsonResponse({"results": results})


@require_GET
@picker_required
def search_chapters(request):
    document_id = request.GET.get("document", "")
    if not document_id.isdigit() or len(document_id) > 18:
        return JsonResponse({"error": _("Oppgi dokumentet det skal søkes i.")}, status=400)
    chapters = work_selectors.chapter_search(
        document_id=int(document_id), query=request.GET.get("q", "")
    )
    return _picker_response([{"id": c.pk, "label": str(c)} for c in chapters])


@require_GET
@picker_required
def search_budget_posts(request):
    posts = work_selectors.budget_post_search(query=request.GET.get("q", ""))
    return _picker_response([{"id": p.pk, "label": p.choice_label} for p in posts])


# --- Submissions ---------------------------------------------------------------------


@workspace_required
def submission_new(request):
    organisations = _editable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("Bare organisasjonens redaktører kan laste opp innspill."))
    form = SubmissionForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = submission_services.submission_create(
                user=request.user,
                organisation=data["organisation"],
                document=data["document"],
                title=data["title"],
                kind=data["kind"],
                submitted_on=data["submitted_on"],
                uploaded_file=data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error, field="file")
        else:
            messages.success(request, _("Innspillet er lastet opp."))
            return redirect("workspace:submission_detail", pk=submission.pk)
    return render(request, "workspace/submission_form.html", {"form": form})


@workspace_required
def submission_detail(request, pk):
    submission = get_object_or_404(
        Submission.objects.filter(permissions.workspace_submission_q(request.user)).select_related(
            "organisation", "document"
        ),
        pk=pk,
    )
    can_write = permissions.can_write_for_organisation(request.user, submission.organisation_id)
    form = AttachDemandsForm(request.POST or None, submission=submission)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied(
                _("Bare organisasjonens redaktører kan knytte krav til innspill.")
            )
        if form.is_valid():
            try:
                count = submission_services.submission_attach_demands(
                    submission=submission,
                    demand_ids=[d.pk for d in form.cleaned_data["demands"]],
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s krav er knyttet til innspillet.",
                        "%(n)s krav er knyttet til innspillet.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("workspace:submission_detail", pk=submission.pk)
    return render(
        request,
        "workspace/submission_detail.html",
        {
            "submission": submission,
            "form": form,
            "can_write": can_write,
            "attached": submission.demands.order_by("title"),
        },
    )


# --- The organisation's own profile -------------------------------------------------


@workspace_required
def organisation_edit(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.filter(pk__in=permissions.roles_of(request.user).member_of),
        slug=slug,
    )
    if not permissions.can_edit_organisation(request.user, organisation.pk):
        raise PermissionDenied(_("Bare organisasjonens redaktører kan endre den."))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_services.organisation_update(
                organisation=organisation,
                user=request.user,
                **{
                    name: form.cleaned_data[name]
                    for name in organisation_services.ORGANISATION_EDITABLE
                },
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisasjonen er oppdatert."))
            return redirect("workspace:home")
    return render(
        request, "workspace/organisation_form.html", {"form": form, "organisation": organisation}
    )


@require_POST
@workspace_required
def submit_drafts(request):
    ids = [int(v) for v in request.POST.getlist("demands") if v.isdigit() and len(v) <= 18]
    try:
        changes = services.demands_bulk_submit(demand_ids=ids, user=request.user)
    except services.BulkRefused as refused:
        messages.error(request, _("Ingen krav ble levert:"))
        for message in refused.messages:
            messages.error(request, message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        n = len(changes)
        messages.success(
            request, ngettext("%(n)s krav er levert.", "%(n)s krav er levert.", n) % {"n": n}
        )
    return redirect("workspace:home")


@require_GET
@workspace_required
def own_export(request, kind: str):
    """The organisation's own demands, drafts included (``kind``: csv or xlsx)."""
    from django.http import HttpResponse
    from django.utils.translation import pgettext

    from proposals.demands import own_export as export

    name = pgettext("filnavn", "vaare-krav")
    if kind == "csv":
        response = HttpResponse(export.as_csv(user=request.user), content_type="text/csv")
    else:
        response = HttpResponse(
            export.as_xlsx(user=request.user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@require_POST
@workspace_required
def activity_read(request):
    organisation_services.activity_mark_read(user=request.user)
    messages.success(request, _("Aktiviteten er merket som lest."))
    return redirect("workspace:home")
