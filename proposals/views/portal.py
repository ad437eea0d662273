"""The public portal: pages anyone can read."""

from django.shortcuts import get_object_or_404, render

from organizations.models import Organisation

from .. import selectors
from ..models import PolicyDocument


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "documents": selectors.document_list(user=request.user),
            "organisations": selectors.organisation_list(user=request.user),
            "latest": selectors.latest_visible_demands(user=request.user),
        },
    )


def organisation_list(request):
    return render(
        request,
        "portal/organisation_list.html",
        {"organisations": selectors.organisation_list(user=request.user)},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "organisation": organisation,
            "demands": selectors.organisation_demands(organisation=organisation, user=request.user),
        },
    )


def document_detail(request, slug):
    document = get_object_or_404(PolicyDocument, slug=slug)
    return render(
        request,
        "portal/document_detail.html",
        {
            "document": document,
            "chapters": selectors.document_chapters(document=document, user=request.user),
        },
    )
