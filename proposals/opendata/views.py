"""``/data/``: what the bulk download holds, its licence and data dictionary, and the files."""

from datetime import datetime

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from proposals.opendata import build
from proposals.opendata.tables import TABLES

CONTENT_TYPES = {
    build.CSV_ZIP: "application/zip",
    build.JSONL: "application/gzip",
    build.DICTIONARY: "text/csv; charset=utf-8",
    build.LICENCE: "text/plain; charset=utf-8",
}


DESCRIPTIONS = {
    build.CSV_ZIP: _("CSV (UTF-8, komma), én fil per tabell, i en ZIP-fil"),
    build.JSONL: _("JSON Lines, ett objekt per linje med feltet «table», gzip-komprimert"),
    build.DICTIONARY: _("dataordboken"),
    build.LICENCE: _("lisensen"),
}


def data_page(request):
    manifest = build.current()
    downloads = (
        [
            (name, manifest["files"].get(name, 0), description)
            for name, description in DESCRIPTIONS.items()
        ]
        if manifest
        else []
    )
    return render(
        request,
        "portal/open_data.html",
        {
            "manifest": manifest,
            "built_at": datetime.fromisoformat(manifest["built_at"]) if manifest else None,
            "downloads": downloads,
            "tables": TABLES,
        },
    )


def data_file(request, name):
    path = build.current_file(name) if name in CONTENT_TYPES else None
    if path is None:
        raise Http404
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[name]
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
