"""Uploading a submission document: the type is decided by the content, the size is capped."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.models import Submission
from proposals.submissions import uploads
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b")
    return buffer.getvalue()


PDF = pdf_bytes(["NITO ber om flere studieplasser."])


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("svar.pdf", PDF, "pdf"),
        ("svar.docx", _docx(), "docx"),
        ("svar.txt", "Høringssvar fra NITO – «kapittel 10.3».".encode(), "txt"),
        ("SVAR.TXT", "Æøå i Windows-1252".encode("cp1252"), "txt"),
    ],
)
def test_it_accepts_pdf_docx_and_text_by_their_content(name, content, kind):
    assert uploads.validate_upload(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("tom.pdf", b"", "empty", "tom"),
        ("program.exe", b"MZ\x90\x00", "wrong_type", "Bare PDF-, DOCX- og TXT-filer"),
        ("bilde.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "wrong_type", "verken PDF, DOCX"),
        ("falsk.pdf", b"Dette er bare tekst.", "mismatch", "innholdet er ren tekst"),
        ("falsk.docx", PDF, "mismatch", "innholdet er PDF"),
        ("arkiv.docx", _zip_without_word(), "wrong_type", "verken PDF, DOCX"),
        ("dokument.txt", _docx(), "mismatch", "Word-dokument (DOCX)"),
        ("uten-endelse", PDF, "wrong_type", "Bare PDF-, DOCX- og TXT-filer"),
    ],
)
def test_it_refuses_with_a_norwegian_message(name, content, code, words):
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile(name, content))
    assert refused.value.code == code
    assert words in refused.value.messages[0]


def test_it_refuses_a_file_over_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile("stor.pdf", PDF + b"0" * 2048))
    assert refused.value.code == "too_big"
    assert "for stor" in refused.value.messages[0]


def test_the_limit_is_twenty_megabytes(settings):
    assert settings.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def _post(client, nou, upload, **extra):
    return client.post(
        reverse("workspace:submission_new"),
        {"document": nou.pk, "kind": "hearing_response", "title": "", "file": upload, **extra},
    )


def test_an_editor_uploads_a_submission_and_attaches_demands(client_for, nito, nou, nito_editor):
    from tests.factories import make_demand

    client = client_for(nito_editor)
    response = _post(client, nou, SimpleUploadedFile("høringssvar.pdf", PDF))
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert (submission.organisation, submission.original_filename) == (nito, "høringssvar.pdf")
    assert submission.title == "Innspill fra NITO til NOU 2023:4"
    assert "studieplasser" in submission.text
    assert submission.file.read() == PDF

    demand = make_demand(organisation=nito, document=nou, status="draft", title="Fra svaret")
    detail = reverse("workspace:submission_detail", args=[submission.pk])
    client.post(detail, {"demands": [demand.pk]})
    demand.refresh_from_db()
    assert demand.submission == submission
    assert "Fra svaret" in client.get(detail).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.txt", b"", "tom"),
        ("falsk.pdf", b"bare tekst", "innholdet er ren tekst"),
        ("virus.exe", b"MZ\x90\x00", "Bare PDF-, DOCX- og TXT-filer"),
    ],
)
def test_a_refused_upload_shows_the_reason_and_stores_nothing(
    client_for, nou, nito_editor, name, content, message
):
    response = _post(client_for(nito_editor), nou, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_too_big_upload_is_refused_on_the_page(client_for, nou, nito_editor, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = _post(client_for(nito_editor), nou, SimpleUploadedFile("stor.txt", b"a" * 200))
    assert "for stor" in response.content.decode()
    assert Submission.objects.count() == 0


def test_another_organisations_submission_is_not_found(
    client_for, nito, nou, nito_editor, tekna_editor
):
    _post(client_for(nito_editor), nou, SimpleUploadedFile("svar.txt", b"Tekst"))
    submission = Submission.objects.get()
    url = reverse("workspace:submission_detail", args=[submission.pk])
    assert client_for(tekna_editor).get(url).status_code == 404


def test_an_uploaded_submission_links_to_the_review_of_the_demands_found_in_it(
    client_for, nito, nou, nito_editor
):
    client = client_for(nito_editor)
    _post(client, nou, SimpleUploadedFile("svar.pdf", PDF))
    submission = Submission.objects.get()
    page = client.get(reverse("workspace:submission_detail", args=[submission.pk]))
    review = reverse("workspace:import_review", args=[submission.pk])
    assert review in page.content.decode()
    assert "flere studieplasser" in client.get(review).content.decode()
