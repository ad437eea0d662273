"""Turn an uploaded file (PDF, DOCX or plain text) into text.

The file type is decided by the bytes, never by the name alone: a user who
renames a Word file to ``.pdf`` should get a clear message rather than a parser
crash, and a file whose name and content disagree is refused because it is
usually a mistake (or something worse).

The text returned is faithful to the source: pages are separated by form feeds
(``\\f``) so that :func:`proposals.importing.clean.clean_text` can recognise
running headers, page numbers and footnotes. Cleaning is a separate step so the
stored extraction keeps the footnotes, where many references live.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from typing import Literal

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

Kind = Literal["pdf", "docx", "text"]

# Extensions we accept, and the content kind each must have.
_EXTENSION_KINDS: dict[str, Kind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
}

_KIND_NAMES = {"pdf": "en PDF-fil", "docx": "et Word-dokument (DOCX)", "text": "en tekstfil"}

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
    """The file cannot be imported; ``message`` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def extract_text(data: bytes, filename: str) -> str:
    """Return the text of an uploaded file, or raise :class:`ImportRejected`."""
    if not data:
        raise ImportRejected("Filen er tom.")
    if len(data) > MAX_UPLOAD_BYTES:
        mb = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ImportRejected(f"Filen er for stor. Største tillatte størrelse er {mb} MB.")

    expected = _kind_from_name(filename)
    actual = _kind_from_content(data)
    if isinstance(actual, tuple):  # a recognised binary format we do not read
        raise ImportRejected(
            f"Filen «{_display_name(filename)}» ser ut til å være {actual[1]}. "
            "Last opp PDF, DOCX eller TXT."
        )
    if expected is not None and actual != expected:
        raise ImportRejected(
            f"Filen heter «{_display_name(filename)}», men innholdet er {_KIND_NAMES[actual]}. "
            "Sjekk at du har valgt riktig fil."
        )

    if actual == "pdf":
        text = _pdf_text(data)
    elif actual == "docx":
        text = _docx_text(data)
    else:
        text = _decode_text(data)

    text = _normalise(text)
    if not text.strip():
        if actual == "pdf":
            raise ImportRejected("Fant ingen tekst — er dokumentet skannet?")
        raise ImportRejected("Fant ingen tekst i filen.")
    return text


def detect_kind(data: bytes) -> Kind | None:
    """The kind of content, or None for a binary format we do not read."""
    kind = _kind_from_content(data)
    return None if isinstance(kind, tuple) else kind


def _base_name(filename: str) -> str:
    return filename.replace("\\", "/").rsplit("/", 1)[-1]


def _display_name(filename: str) -> str:
    # Only the last path part, and short: the name is user input echoed back.
    name = _base_name(filename)
    return name if len(name) <= 80 else name[:77] + "…"


def _kind_from_name(filename: str) -> Kind | None:
    name = _base_name(filename).lower()
    if "." not in name:
        return None  # no extension: let the content decide
    ext = name[name.rindex(".") :]
    if ext not in _EXTENSION_KINDS:
        raise ImportRejected(f"Filtypen {ext} støttes ikke. Last opp PDF, DOCX eller TXT.")
    return _EXTENSION_KINDS[ext]


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
    return "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _pdf_text(data: bytes) -> str:
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
                    "PDF-filen er passordbeskyttet. Fjern passordet og last opp på nytt."
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportRejected:
        raise
    except (PdfReadError, FileNotDecryptedError) as exc:
        raise ImportRejected("PDF-filen er skadet og kan ikke leses.") from exc
    except Exception as exc:
        # pypdf raises many exception types (ValueError, KeyError, struct errors…)
        # on malformed input; to the user they all mean the same thing.
        raise ImportRejected("PDF-filen er skadet og kan ikke leses.") from exc
    return "\f".join(pages)


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        # python-docx raises KeyError/ValueError/lxml errors on broken packages.
        raise ImportRejected("Word-dokumentet er skadet og kan ikke leses.") from exc
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
            raise ImportRejected("Tekstfilen har ugyldig tegnkoding.") from exc
    else:
        if b"\x00" in data:
            raise ImportRejected(
                "Filen inneholder NUL-tegn og ser ut til å være binær, ikke tekst."
            )
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
        raise ImportRejected("Filen inneholder NUL-tegn og ser ut til å være binær, ikke tekst.")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise ImportRejected("Filen ser ikke ut til å være en tekstfil.")
    return text


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "")
