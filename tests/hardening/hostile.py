"""Hostile files, generated at run time: small on disk, expensive to read without limits."""

from __future__ import annotations

import io
import zipfile


def _docx_with_body(body: bytes) -> bytes:
    """A valid DOCX package whose document.xml body is ``body`` (already XML)."""
    import docx

    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("PLACEHOLDER")
    document.save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                start = data.index(b"<w:body>") + len(b"<w:body>")
                end = data.index(b"</w:body>")
                data = data[:start] + body + data[end:]
            target.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb_docx(unpacked_mb: int = 300) -> bytes:
    """Paragraphs that unpack to ``unpacked_mb`` MB (the issue's 877 KB → 300 MB file)."""
    paragraph = b"<w:p><w:r><w:t>" + b"krav " * 2000 + b"</w:t></w:r></w:p>"
    count = unpacked_mb * 1024 * 1024 // len(paragraph)
    return _docx_with_body(paragraph * count)


def huge_text_node_docx(characters: int = 8_000_000) -> bytes:
    """One paragraph holding one enormous run of distinct-looking text."""
    words = b" ".join(b"ord%d" % i for i in range(characters // 8))
    return _docx_with_body(b"<w:p><w:r><w:t>" + words + b"</w:t></w:r></w:p>")


def deeply_nested_docx(depth: int = 100_000) -> bytes:
    """Elements nested far deeper than any document (an XML parser's stack)."""
    return _docx_with_body(b"<w:p>" * depth + b"</w:p>" * depth)


def many_pages_pdf(pages: int = 5000, lines: int = 200) -> bytes:
    """``pages`` pages sharing one content stream (the issue's 794 KB, 5 000-page file)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td (Krav til kapittel 10.3) Tj ET\n" * lines)
    shared = writer._add_object(content.flate_encode())
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = writer._add_object(
        DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
    )
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Contents")] = shared
        page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_named_pdf() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 512


def zip_named_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "ikke et Word-dokument")
    return out.getvalue()
