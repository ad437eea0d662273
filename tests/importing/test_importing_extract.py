"""Extraction from uploaded bytes: real PDFs, DOCX and text files, and every refusal."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from proposals.submissions.importing import (
    MAX_UPLOAD_BYTES,
    ImportRejected,
    clean_text,
    extract_text,
)


def make_pdf(pages: list[list[str]]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypt(pdf_bytes: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def rejection(data: bytes, filename: str) -> str:
    with pytest.raises(ImportRejected) as info:
        extract_text(data, filename)
    return info.value.message


def test_it_reads_norwegian_text_from_a_pdf():
    data = make_pdf([["Forbundet ber om økte midler til kap. 740 post 01.", "Særlig i år."]])
    text = extract_text(data, "innspill.pdf")
    assert "ber om økte midler til kap. 740 post 01." in text
    assert "Særlig" in text


def test_it_separates_pdf_pages_and_cleaning_drops_running_header_and_page_numbers():
    pages = [
        ["Høringssvar fra Eksempelforbundet", f"Avsnitt nummer {n} handler om utdanning.", str(n)]
        for n in range(1, 5)
    ]
    text = extract_text(make_pdf(pages), "svar.pdf")
    assert text.count("\f") == 3
    body = clean_text(text).body
    assert "Høringssvar fra Eksempelforbundet" not in body
    assert "Avsnitt nummer 3 handler om utdanning." in body
    assert not any(unit.strip().isdigit() for unit in body.split("\n"))


def test_it_reads_paragraphs_and_tables_from_docx():
    data = make_docx(["Vi foreslår en ny ordning."], [["Kap. 701", "post 21"]])
    text = extract_text(data, "Innspill.DOCX")
    assert "Vi foreslår en ny ordning." in text
    assert "Kap. 701 | post 21" in text


def test_it_decodes_windows_1252_text():
    data = "Rådet ønsker færre søknadsskjemaer – og «enklere» regler.".encode("cp1252")
    assert extract_text(data, "notat.txt") == (
        "Rådet ønsker færre søknadsskjemaer – og «enklere» regler."
    )


def test_it_decodes_utf8_with_and_without_bom():
    text = "Økt satsing på forebygging.\r\nNeste linje."
    assert (
        extract_text(text.encode("utf-8"), "a.txt") == "Økt satsing på forebygging.\nNeste linje."
    )
    assert extract_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt").startswith("Økt")


def test_it_refuses_an_empty_file():
    assert rejection(b"", "tom.pdf") == "Filen er tom."


def test_it_refuses_a_text_file_with_only_whitespace():
    assert rejection(b"  \n\n ", "blank.txt") == "Fant ingen tekst i filen."


def test_it_refuses_a_broken_pdf():
    message = rejection(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n trailer garbage", "x.pdf")
    assert "skadet" in message


def test_it_refuses_a_truncated_pdf():
    data = make_pdf([["Litt tekst her."]])
    assert "skadet" in rejection(data[: len(data) // 3], "halv.pdf")


def test_it_refuses_a_password_protected_pdf():
    data = encrypt(make_pdf([["Hemmelig innhold."]]), "passord123")
    assert "passordbeskyttet" in rejection(data, "låst.pdf")


def test_it_opens_a_pdf_encrypted_with_an_empty_user_password():
    data = encrypt(make_pdf([["Åpent innhold for alle."]]), "")
    assert "Åpent innhold for alle." in extract_text(data, "åpen.pdf")


def test_it_refuses_a_scanned_pdf_without_text():
    image = Image.new("RGB", (200, 100), color=(230, 230, 230))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=100)
    message = rejection(bytes(pdf.output()), "skannet.pdf")
    assert message == "Fant ingen tekst — er dokumentet skannet?"


def test_it_refuses_a_file_over_the_size_limit():
    data = b"a" * (MAX_UPLOAD_BYTES + 1)
    assert "for stor" in rejection(data, "stor.txt")


def test_it_accepts_a_file_exactly_at_the_size_limit():
    from dataclasses import replace

    from proposals.submissions.importing.extract import LIMITS

    data = b"a" * MAX_UPLOAD_BYTES
    # The byte limit alone: the limit on extracted characters is lower and tested apart.
    limits = replace(LIMITS, characters=MAX_UPLOAD_BYTES)
    assert len(extract_text(data, "akkurat.txt", limits=limits)) == MAX_UPLOAD_BYTES


def test_it_refuses_a_docx_named_pdf():
    message = rejection(make_docx(["Tekst."]), "innspill.pdf")
    assert "innspill.pdf" in message and "Word-dokument" in message


def test_it_refuses_pdf_bytes_named_txt():
    message = rejection(make_pdf([["Tekst."]]), "notat.txt")
    assert "PDF" in message


@pytest.mark.parametrize("name", ["gammel.doc", "program.exe", "bilde.png", "ark.xlsx"])
def test_it_refuses_unsupported_file_types_by_name(name):
    assert "støttes ikke" in rejection(b"whatever", name)


def test_it_refuses_an_image_named_txt():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    assert "bilde (PNG)" in rejection(buffer.getvalue(), "tekst.txt")


def test_it_refuses_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hei")
    assert "ZIP" in rejection(buffer.getvalue(), "dokument.docx")


def test_it_refuses_nul_bytes_in_a_text_file():
    assert "NUL" in rejection(b"Vanlig tekst\x00med binaert innhold", "rar.txt")


def test_it_reads_utf16_text_with_a_bom():
    data = "Vi støtter forslaget.".encode("utf-16")
    assert extract_text(data, "utf16.txt") == "Vi støtter forslaget."


def test_the_message_does_not_echo_a_long_path():
    message = rejection(make_pdf([["x"]]), "C:\\Users\\ola\\" + "a" * 200 + ".txt")
    assert "Users" not in message and len(message) < 250
