"""The hearing prep pack as a printable page and as a PDF: the secretariat's and the public's."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from proposals.models import Hearing
from proposals.process import prep_pack as packs
from proposals.views.process import hearings_required


def _pack(request, pk, *, public: bool):
    try:
        return packs.prep_pack(hearing_id=pk, user=request.user, public=public)
    except Hearing.DoesNotExist:
        raise Http404(_("Fant ikke høringen.")) from None


def _page(request, pk, *, public: bool):
    pack = _pack(request, pk, public=public)
    return render_to_string("process/prep_pack.html", {"pack": pack}, request=request)


def _pdf(request, pk, *, public: bool):
    html = _page(request, pk, public=public)
    try:
        data = packs.render_pdf(html, request.build_absolute_uri("/"))
    except packs.PdfUnavailable:
        return HttpResponse(
            _(
                "PDF kan ikke lages på denne maskinen (WeasyPrint trenger Pango). Bruk utskriftssiden."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="forberedelse-horing-{pk}.pdf"'
    return response


def public_page(request, pk):
    return HttpResponse(_page(request, pk, public=True))


def public_pdf(request, pk):
    return _pdf(request, pk, public=True)


@hearings_required
def secretariat_page(request, pk):
    return HttpResponse(_page(request, pk, public=False))


@hearings_required
def secretariat_pdf(request, pk):
    return _pdf(request, pk, public=False)
