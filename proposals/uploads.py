"""Checks on an uploaded submission document: its size and what it really is.

The type is decided by the content, never by the name alone: a PDF starts
with ``%PDF-``; a DOCX is a ZIP archive holding ``word/document.xml``; a text
file decodes as UTF-8 or Windows-1252 and holds no NUL bytes. A file whose
content does not match its extension is refused, so a renamed program or
archive never passes as a document.
"""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF, DOCX, TXT = "pdf", "docx", "txt"
ALLOWED_EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".txt": TXT}
KIND_NAMES = {PDF: "PDF", DOCX: "Word (DOCX)", TXT: gettext_lazy("ren tekst")}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = b"".join(uploaded.chunks())
    uploaded.seek(0)
    return data


def _is_docx(uploaded) -> bool:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def content_kind(uploaded) -> str | None:
    """What the file's bytes say it is: ``pdf``, ``docx``, ``txt`` or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(uploaded) else None
    return TXT if _is_text(_read_all(uploaded)) else None


def validate_upload(uploaded) -> str:
    """The file's kind, or ValidationError with a message in Norwegian."""
    name = os.path.basename(getattr(uploaded, "name", "") or "")
    size = getattr(uploaded, "size", None) or 0
    if size == 0:
        raise ValidationError(_("Filen «%(name)s» er tom.") % {"name": name}, code="empty")
    if size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB.")
            % {"size": _megabytes(size), "max": _megabytes(settings.MAX_UPLOAD_BYTES)},
            code="too_big",
        )
    extension = os.path.splitext(name)[1].lower()
    expected = ALLOWED_EXTENSIONS.get(extension)
    if expected is None:
        raise ValidationError(
            _("Bare PDF-, DOCX- og TXT-filer kan lastes opp; «%(name)s» er ingen av dem.")
            % {"name": name},
            code="wrong_type",
        )
    actual = content_kind(uploaded)
    if actual is None:
        raise ValidationError(
            _("Innholdet i «%(name)s» er verken PDF, DOCX eller ren tekst.") % {"name": name},
            code="wrong_type",
        )
    if actual != expected:
        raise ValidationError(
            _("Filen «%(name)s» heter %(ext)s, men innholdet er %(kind)s. Gi den riktig navn.")
            % {"name": name, "ext": extension, "kind": KIND_NAMES[actual]},
            code="mismatch",
        )
    return actual
