"""Reading an archive of submissions within limits, and grouping form letters."""

import io
import random
import zipfile

import pytest

from proposals.process.batch import group_campaigns, read_archive
from proposals.submissions.importing import ImportRejected


def _zip(files, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_archive_gives_its_files_and_skips_folders_and_system_files():
    data = _zip(
        {"svar/nito.txt": b"NITO mener", "__MACOSX/._nito.txt": b"x", "tekna.txt": b"Tekna"}
    )
    assert read_archive(data) == [("nito.txt", b"NITO mener"), ("tekna.txt", b"Tekna")]


def test_a_zip_bomb_is_refused_from_its_compression_ratio():
    bomb = _zip({"bomb.txt": b"\0" * (10 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ImportRejected, match="ZIP-bombe"):
        read_archive(bomb)


def test_an_archive_too_large_unpacked_is_refused_before_reading():
    data = _zip(
        {f"{n}.txt": bytes(random.Random(n).randbytes(1000)) for n in range(5)}, zipfile.ZIP_STORED
    )
    with pytest.raises(ImportRejected, match="for stort"):
        read_archive(data, max_total=4000)
    with pytest.raises(ImportRejected, match="høyst 3"):
        read_archive(data, max_files=3)
    with pytest.raises(ImportRejected, match="for stor når den pakkes ut"):
        read_archive(data, max_member=999)


def test_a_member_that_lies_about_its_size_is_caught_while_reading():
    data = bytearray(_zip({"a.txt": b"a" * 5000}, zipfile.ZIP_STORED))
    # Declare 50 bytes in the central directory while 5 000 are stored.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (50).to_bytes(4, "little")
    with pytest.raises(ImportRejected):
        read_archive(bytes(data))


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_what_is_not_a_zip_is_refused_with_a_message(data):
    with pytest.raises(ImportRejected, match="ikke en gyldig ZIP-fil"):
        read_archive(data)


FORM_LETTER = (
    "Vi viser til høringen om nasjonal helse- og samhandlingsplan. "
    "Vi ber komiteen sikre flere studieplasser i sykepleie over hele landet. "
    "Vi ber også om at kommunene får øremerkede midler til kompetanseheving. "
    "Ventetidene i psykisk helsevern må ned, og fastlegeordningen må styrkes. "
    "Med vennlig hilsen"
)


def test_generated_form_letters_are_grouped_with_what_each_adds():
    rng = random.Random(15)
    texts = {}
    for n in range(50):
        signature = f"Avsender nummer {n}"
        extra = (
            f" Hos oss i kommune {n} mangler vi {rng.randint(2, 40)} sykepleiere."
            if n % 10 == 0
            else ""
        )
        texts[f"letter-{n}"] = FORM_LETTER + extra + "\n\n" + signature
    texts["own-1"] = (
        "Tekna mener at regjeringen må satse på teknologi i helsetjenesten og digital samhandling."
    )
    texts["own-2"] = (
        "Legeforeningen ber om en ny finansieringsmodell for sykehusene, med mindre innsatsstyring."
    )
    campaigns = group_campaigns(texts)
    assert len(campaigns) == 1
    campaign = campaigns[0]
    assert campaign.count == 50
    assert set(campaign.members) == {f"letter-{n}" for n in range(50)}
    with_extra = campaign.additions.get("letter-10") or campaign.additions.get("letter-20")
    assert any("mangler vi" in sentence for sentence in with_extra)


def test_different_texts_make_no_campaign():
    assert (
        group_campaigns(
            {"a": "NITO ber om flere studieplasser.", "b": "Tekna ønsker mer teknologi i helse."}
        )
        == []
    )


# --- the batch upload through its service and screen ---------------------------------

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.urls import reverse  # noqa: E402

from proposals.models import BatchFile, BatchUpload, Submission  # noqa: E402
from proposals.process import services  # noqa: E402
from tests.process.conftest import corpus_dir  # noqa: E402


def _corpus(name):
    path = corpus_dir() / name
    if not path.is_file():
        pytest.skip("the corpus is not present")
    return path.read_bytes()


@pytest.mark.django_db
def test_a_zip_of_submissions_is_read_matched_and_ready_for_review(
    client_for, secretary, nito, tekna, meld_st_9, django_capture_on_commit_callbacks
):
    archive = _zip(
        {
            "innspill/nito-meld-st-9.txt": _corpus("nito-meld-st-9-2023-2024.txt"),
            "ukjent.txt": b"Vi ber om flere studieplasser.\n\nMed hilsen\nEn privatperson",
            "bilde.pdf": b"\x89PNG\r\n\x1a\nnot a pdf",
        }
    )
    client = client_for(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("secretariat:batch_new"),
            {"document": meld_st_9.pk, "files": [SimpleUploadedFile("svar.zip", archive)]},
        )
    upload = BatchUpload.objects.get()
    assert response.url == reverse("secretariat:batch_detail", args=[upload.pk])
    rows = {row.filename: row for row in upload.files.all()}
    assert rows["nito-meld-st-9.txt"].organisation == nito  # from its letterhead
    submission = rows["nito-meld-st-9.txt"].submission
    assert submission.source == Submission.Source.BATCH and submission.document == meld_st_9
    assert (
        rows["ukjent.txt"].state == BatchFile.State.READ and rows["ukjent.txt"].organisation is None
    )
    assert rows["bilde.pdf"].state == BatchFile.State.FAILED and "PNG" in rows["bilde.pdf"].error
    page = client.get(response.url).content.decode()
    assert reverse("secretariat:import_review", args=[submission.pk]) in page
    # By hand: the secretariat says whose the unknown file is.
    client.post(response.url, {"file": rows["ukjent.txt"].pk, "organisation": tekna.pk})
    assert BatchFile.objects.get(pk=rows["ukjent.txt"].pk).submission.organisation == tekna


@pytest.mark.django_db
def test_a_zip_bomb_in_a_batch_is_refused_with_a_message(client_for, secretary, meld_st_9):
    bomb = _zip({"bomb.txt": b"\0" * (10 * 1024 * 1024)})
    response = client_for(secretary).post(
        reverse("secretariat:batch_new"),
        {"document": meld_st_9.pk, "files": [SimpleUploadedFile("svar.zip", bomb)]},
    )
    assert response.status_code == 200
    assert "ZIP-bombe" in response.content.decode()
    assert not BatchUpload.objects.exists()


@pytest.mark.django_db
def test_a_file_that_times_out_is_marked_failed_and_the_others_go_on(
    monkeypatch, secretary, nito, meld_st_9, django_capture_on_commit_callbacks
):
    from celery.exceptions import SoftTimeLimitExceeded

    real = services.extract_text

    def slow(data, filename, **kwargs):
        if filename.startswith("treg"):
            raise SoftTimeLimitExceeded()
        return real(data, filename, **kwargs)

    monkeypatch.setattr(services, "extract_text", slow)
    with django_capture_on_commit_callbacks(execute=True):
        upload = services.batch_create(
            user=secretary,
            document=meld_st_9,
            uploads=[("treg.txt", b"tekst"), ("nito.txt", b"NITO\n\nVi ber om mer.")],
        )
    rows = {row.filename: row for row in upload.files.all()}
    assert rows["treg.txt"].state == BatchFile.State.FAILED
    assert "for lang tid" in rows["treg.txt"].error
    assert rows["nito.txt"].organisation == nito


@pytest.mark.django_db
def test_only_the_secretariat_uploads_batches(client_for, nito_editor, meld_st_9):
    assert client_for(nito_editor).get(reverse("secretariat:batch_new")).status_code == 403
    with pytest.raises(services.PermissionDenied):
        services.batch_create(user=nito_editor, document=meld_st_9, uploads=[("a.txt", b"a")])
