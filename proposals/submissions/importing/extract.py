"""Turn an uploaded file (PDF, DOCX or plain text) into text.

The file type is decided by the bytes, never by the name alone: a user who
renames a Word file to ``.pdf`` should get a clear message rather than a parser
crash, and a file whose name and content disagree is refused because it is
usually a mistake (or something worse). :func:`check_file` is the one rule
for what an upload may be; ``proposals.submissions.uploads`` wraps it for Django's
uploaded files, so the workspace and the importer refuse the same files with
the same words.

The text returned is faithful to the source: pages are separated by form feeds
(``\\f``) so that :func:`proposals.submissions.importing.clean.clean_text` can recognise
running headers, page numbers and footnotes. Cleaning is a separate step so the
stored extraction keeps the footnotes, where many references live.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Literal

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What reading one file may cost; a file past any of them is refused, naming it.

    The first four are checked while reading (see :func:`extract_text`); memory,
    CPU time and wall time are enforced on the reading process by
    :mod:`proposals.submissions.importing.sandbox`.
    """

    pages: int = 2000
    # Per member of a DOCX archive: its unpacked size, and unpacked / packed.
    member_bytes: int = 64 * 1024 * 1024
    member_ratio: int = 200
    characters: int = 3_000_000
    memory_bytes: int = 1024 * 1024 * 1024
    cpu_seconds: int = 30
    wall_seconds: int = 60


LIMITS = Limits()

Kind = Literal["pdf", "docx", "txt"]

# Extensions we accept, and the content kind each must have.
EXTENSION_KINDS: dict[str, Kind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
}

_KIND_NAMES = {"pdf": "PDF", "docx": "et Word-dokument (DOCX)", "txt": "ren tekst"}
_ALLOWED = "Bare PDF-, DOCX- og TXT-filer kan lastes opp."
_BINARY_TEXT = "Filen inneholder NUL-tegn og ser ut til å være binær, ikke tekst."
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

# Binary formats people commonly upload by mistake; named so the message helps.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "et gammelt Word-dokument (DOC)"),
    (b"\x89PNG\r\n\x1a\n", "et bilde (PNG)"),
    (b"\xff\xd8\xff", "et bilde (JPEG)"),
    (b"GIF87a", "et bilde (GIF)"),
    (b"GIF89a", "et bilde (GIF)"),
    (b"II*\x00", "et bilde (TIFF)"),
    (b"MM\x00*", "et bilde (TIFF)"),
    (b"MZ", "et program (EXE)"),
    (b"\x7fELF", "et program"),
    (b"{\\rtf", "et RTF-dokument"),
)


class ImportRejected(ValueError):
    """The file cannot be imported; ``message`` is shown to the user as is.

    ``code`` says which rule refused it (``empty``, ``too_big``, ``wrong_type``,
    ``mismatch``, ``encrypted``, ``broken``, ``no_text``), for callers that
    turn the refusal into a form error.
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def check_size(size: int, *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse an empty file or one over the limit, before reading it."""
    if size <= 0:
        raise ImportRejected("Filen er tom.", code="empty")
    if size > max_bytes:
        raise ImportRejected(
            f"Filen er for stor ({_megabytes(size)} MB). "
            f"Største tillatte størrelse er {_megabytes(max_bytes)} MB.",
            code="too_big",
        )


def check_file(data: bytes, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> Kind:
    """What the file is (``pdf``, ``docx`` or ``txt``), or :class:`ImportRejected`.

    The one rule for what an upload may be: its size, an extension we read,
    and content of the kind the extension promises. A text file must also
    decode as text. The document inside is not parsed here (see
    :func:`extract_text`).
    """
    kind, _text = _checked(data, filename, max_bytes=max_bytes)
    return kind


def extract_text(
    data: bytes, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES, limits: Limits = LIMITS
) -> str:
    """Return the text of an uploaded file, or raise :class:`ImportRejected`.

    In this process and without limits on memory or time: the web and the
    workers call :func:`proposals.submissions.importing.sandbox.extract_in_sandbox`.
    """
    kind, text = _checked(data, filename, max_bytes=max_bytes)
    if kind == "pdf":
        text = _pdf_text(data, limits)
    elif kind == "docx":
        text = _docx_text(data, limits)

    text = _normalise(text or "")
    _check_characters(len(text), limits)
    if not text.strip():
        if kind == "pdf":
            raise ImportRejected("Fant ingen tekst — er dokumentet skannet?", code="no_text")
        raise ImportRejected("Fant ingen tekst i filen.", code="no_text")
    return text


def detect_kind(data: bytes) -> Kind | None:
    """The kind of content, or None for a binary format we do not read."""
    kind = _kind_from_content(data)
    return None if isinstance(kind, tuple) else kind


def _checked(data: bytes, filename: str, *, max_bytes: int) -> tuple[Kind, str | None]:
    """The kind, and for a text file its decoded text (so it is decoded once)."""
    check_size(len(data), max_bytes=max_bytes)
    name = _display_name(filename)
    expected = _kind_from_name(filename)
    actual = _kind_from_content(data)
    if isinstance(actual, tuple):  # a recognised binary format we do not read
        raise ImportRejected(
            f"Innholdet i «{name}» er {actual[1]} — verken PDF, DOCX eller ren tekst. {_ALLOWED}",
            code="wrong_type",
        )
    if actual != expected:
        raise ImportRejected(
            f"Filen heter «{name}», men innholdet er {_KIND_NAMES[actual]}. "
            "Sjekk at du har valgt riktig fil, eller gi den riktig navn.",
            code="mismatch",
        )
    return actual, (_decode_text(data) if actual == "txt" else None)


def _megabytes(size: int) -> str:
    """``20 971 521`` bytes → ``20,1``: rounded up, so a file just over the limit never reads as equal to it."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    whole, tenth = divmod(tenths, 10)
    return f"{whole},{tenth}" if tenth else str(whole)


def _base_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1]


def _display_name(filename: str) -> str:
    # Only the last path part, and short: the name is user input echoed back.
    name = _base_name(filename)
    return name if len(name) <= 80 else name[:77] + "…"


def _kind_from_name(filename: str) -> Kind:
    name = _base_name(filename).lower()
    if "." not in name:
        raise ImportRejected(
            f"Filen «{_display_name(filename)}» har ingen filendelse. {_ALLOWED}",
            code="wrong_type",
        )
    ext = name[name.rindex(".") :]
    if ext not in EXTENSION_KINDS:
        raise ImportRejected(f"Filtypen {ext[:20]} støttes ikke. {_ALLOWED}", code="wrong_type")
    return EXTENSION_KINDS[ext]


def _kind_from_content(data: bytes) -> Kind | tuple[Literal["binary"], str]:
    # Some PDF writers put a few bytes (often a BOM or whitespace) before the header;
    # the PDF specification lets readers look in the first kilobyte.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else ("binary", "et ZIP-arkiv, ikke et Word-dokument")
    for signature, description in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return ("binary", description)
    return "txt"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _nb(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _check_characters(count: int, limits: Limits) -> None:
    if count > limits.characters:
        raise ImportRejected(
            f"Filen inneholder mer enn {_nb(limits.characters)} tegn tekst, som er grensen "
            "for én fil. Del dokumentet opp, eller last opp bare delen med innspillene.",
            code="too_much_text",
        )


def _check_pages(count: int, limits: Limits) -> None:
    if count > limits.pages:
        raise ImportRejected(
            f"PDF-filen har {_nb(count)} sider; grensen er {_nb(limits.pages)} sider.",
            code="too_many_pages",
        )


def _check_archive(data: bytes, limits: Limits) -> None:
    """Refuse a DOCX whose parts unpack to more than the limits, before any is unpacked."""
    mb = limits.member_bytes // (1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.file_size > limits.member_bytes:
                raise ImportRejected(
                    f"En del av Word-dokumentet ({_display_name(member.filename)}) pakkes ut "
                    f"til mer enn {mb} MB; grensen er {mb} MB per del.",
                    code="too_big_unpacked",
                )
            packed = max(member.compress_size, 1)
            if member.file_size > 1024 * 1024 and member.file_size / packed > limits.member_ratio:
                raise ImportRejected(
                    f"En del av Word-dokumentet ({_display_name(member.filename)}) pakkes ut "
                    f"til {round(member.file_size / packed)} ganger sin størrelse; grensen er "
                    f"{limits.member_ratio} ganger.",
                    code="too_big_unpacked",
                )


def _pdf_text(data: bytes, limits: Limits = LIMITS) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An empty user password is common for "protected" PDFs that anyone
            # may open; only a real password stops us.
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError, FileNotDecryptedError):
                opened = 0
            if not opened:
                raise ImportRejected(
                    "PDF-filen er passordbeskyttet. Fjern passordet og last opp på nytt.",
                    code="encrypted",
                )
        _check_pages(len(reader.pages), limits)
        pages, characters = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            characters += len(pages[-1])
            # Stop early: a page can be a huge text, and the next ones the same.
            _check_characters(characters, limits)
    except (ImportRejected, MemoryError):
        # Running out of the sandbox's memory is its limit, not a broken file.
        raise
    except (PdfReadError, FileNotDecryptedError) as exc:
        raise ImportRejected("PDF-filen er skadet og kan ikke leses.", code="broken") from exc
    except Exception as exc:
        # pypdf raises many exception types (ValueError, KeyError, struct errors…)
        # on malformed input; to the user they all mean the same thing.
        raise ImportRejected("PDF-filen er skadet og kan ikke leses.", code="broken") from exc
    return "\f".join(pages)


def _docx_text(data: bytes, limits: Limits = LIMITS) -> str:
    import docx

    try:
        _check_archive(data, limits)
    except zipfile.BadZipFile as exc:
        raise ImportRejected("Word-dokumentet er skadet og kan ikke leses.", code="broken") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception as exc:
        # python-docx raises KeyError/ValueError/lxml errors on broken packages.
        raise ImportRejected("Word-dokumentet er skadet og kan ikke leses.", code="broken") from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    # Tables often hold the budget lines (kap./post), so they are read too.
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRejected("Tekstfilen har ugyldig tegnkoding.", code="wrong_type") from exc
    else:
        if b"\x00" in data:
            raise ImportRejected(_BINARY_TEXT, code="wrong_type")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Norwegian text files from older Windows tools are Windows-1252;
            # a few byte values are undefined there, and Latin-1 accepts them.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if "\x00" in text:
        raise ImportRejected(_BINARY_TEXT, code="wrong_type")
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(8, len(text) // 100):
        raise ImportRejected("Filen ser ikke ut til å være en tekstfil.", code="wrong_type")
    return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")
