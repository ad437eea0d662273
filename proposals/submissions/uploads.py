"""Django's uploaded files, checked by the one rule in ``proposals.submissions.importing.extract``.

What an upload may be (its size, an extension we read, content of the kind
the extension promises) is decided there, in plain Python, for the importer
and the workspace alike. This module only adapts it: it reads an
``UploadedFile`` (after checking its size, so a huge file is not read) and
turns a refusal into a ``ValidationError`` with the same Norwegian message
and a ``code`` naming the rule.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError

from proposals.submissions.importing import ImportRejected, check_file, check_size

PDF, DOCX, TXT = "pdf", "docx", "txt"


def base_name(name: str) -> str:
    """A file's own name, without any path a browser (or a command line) may send."""
    return os.path.basename((name or "").replace("\\", "/"))


def upload_name(uploaded) -> str:
    return base_name(getattr(uploaded, "name", "") or "")


def read_upload(uploaded) -> bytes:
    """The file's bytes; an empty or too large file is refused before it is read."""
    try:
        check_size(getattr(uploaded, "size", None) or 0, max_bytes=settings.MAX_UPLOAD_BYTES)
    except ImportRejected as refusal:
        raise as_validation_error(refusal) from refusal
    uploaded.seek(0)
    data = b"".join(uploaded.chunks())
    uploaded.seek(0)
    return data


def validate_upload(uploaded) -> str:
    """The file's kind (``pdf``, ``docx`` or ``txt``), or ValidationError in Norwegian."""
    data = read_upload(uploaded)
    try:
        return check_file(data, upload_name(uploaded), max_bytes=settings.MAX_UPLOAD_BYTES)
    except ImportRejected as refusal:
        raise as_validation_error(refusal) from refusal


def upload_extract(data: bytes, name: str) -> str:
    """The file's text, read in a child process with the limits of ``importing.extract.LIMITS``."""
    from proposals.submissions.importing.sandbox import extract_in_sandbox

    return extract_in_sandbox(data, name, max_bytes=settings.MAX_UPLOAD_BYTES)


def reads_in_worker() -> bool:
    """True with a broker: the web stores the file and a worker reads it."""
    from config.celery import app

    return not app.conf.task_always_eager


def as_validation_error(refusal: ImportRejected) -> ValidationError:
    return ValidationError(refusal.message, code=refusal.code)
