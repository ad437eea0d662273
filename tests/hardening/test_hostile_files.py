"""Hostile files through the upload path: each refused by the limit it crosses, nothing kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.models import Submission
from proposals.submissions.importing import ImportRejected
from proposals.submissions.importing.extract import LIMITS
from proposals.submissions.importing.sandbox import SandboxCost, extract_in_sandbox
from tests.hardening import hostile

pytestmark = pytest.mark.django_db

MAX = 20 * 1024 * 1024


def _upload(client, document, name, data):
    return client.post(
        reverse("workspace:import_upload"),
        {"document": document.pk, "title": "", "file": SimpleUploadedFile(name, data)},
    )


def _refused(data: bytes, name: str, limits=LIMITS) -> tuple[ImportRejected, SandboxCost]:
    cost = SandboxCost()
    with pytest.raises(ImportRejected) as refused:
        extract_in_sandbox(data, name, max_bytes=MAX, limits=limits, cost=cost)
    print(
        f"{name}: {len(data) / 1024:.0f} KB → refused ({refused.value.code}) after "
        f"{cost.wall_seconds:.2f} s wall, {cost.cpu_seconds:.2f} s CPU, "
        f"peak {cost.peak_memory_mb:.0f} MB: {refused.value.message}"
    )
    return refused.value, cost


def test_a_zip_bomb_is_refused_by_the_unpacked_size_limit():
    refusal, _cost = _refused(hostile.zip_bomb_docx(300), "bombe.docx")
    assert refusal.code == "too_big_unpacked"
    assert "64 MB per del" in refusal.message


def test_a_zip_bomb_under_the_size_limit_is_refused_by_the_ratio_limit():
    refusal, _cost = _refused(hostile.zip_bomb_docx(40), "bombe.docx")
    assert refusal.code == "too_big_unpacked"
    assert "grensen er 200 ganger" in refusal.message


def test_a_huge_single_text_node_is_refused_by_the_character_limit():
    refusal, _cost = _refused(
        hostile.huge_text_node_docx(8_000_000), "lang.docx", replace(LIMITS, member_ratio=10_000)
    )
    assert refusal.code == "too_much_text"
    assert "3\u00a0000\u00a0000 tegn" in refusal.message


def test_deep_nesting_is_refused_without_taking_the_process():
    # Past the ratio limit as it is; without it, the XML parser's own depth limit refuses it.
    refusal, _cost = _refused(hostile.deeply_nested_docx(), "dyp.docx")
    assert refusal.code == "too_big_unpacked"
    refusal, _cost = _refused(
        hostile.deeply_nested_docx(), "dyp.docx", replace(LIMITS, member_ratio=10**6)
    )
    assert refusal.code == "broken"


def test_a_pdf_of_thousands_of_pages_is_refused_by_the_page_limit():
    refusal, _cost = _refused(hostile.many_pages_pdf(5000), "sider.pdf")
    assert refusal.code == "too_many_pages"
    assert "grensen er 2\u00a0000 sider" in refusal.message


def test_a_reader_that_runs_past_its_cpu_time_is_stopped():
    limits = replace(LIMITS, cpu_seconds=1, pages=100_000)
    # One page whose content stream is 300 000 text operations, packed to a few kilobytes.
    refusal, cost = _refused(hostile.many_pages_pdf(1, lines=300_000), "tett.pdf", limits)
    assert refusal.code == "too_slow"
    assert "1 sekunder regnetid" in refusal.message
    assert cost.cpu_seconds < 5


def test_a_reader_that_needs_more_memory_than_allowed_is_stopped():
    limits = replace(LIMITS, memory_bytes=200 * 1024 * 1024, member_ratio=10_000)
    refusal, _cost = _refused(hostile.zip_bomb_docx(60), "bombe.docx", limits)
    assert refusal.code == "too_big_unpacked"
    assert "200 MB minne" in refusal.message


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("bilde.pdf", hostile.png_named_pdf, "et bilde (PNG)"),
        ("arkiv.docx", hostile.zip_named_docx, "ZIP-arkiv"),
    ],
)
def test_a_file_of_the_wrong_type_by_name_is_refused_in_the_request(
    client_for, nou, nito_editor, name, make, words
):
    response = _upload(client_for(nito_editor), nou, name, make())
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Submission.objects.exists()


def test_a_hostile_upload_through_the_screen_is_refused_and_nothing_is_kept(
    client_for, nou, nito_editor
):
    response = _upload(client_for(nito_editor), nou, "bombe.docx", hostile.zip_bomb_docx(300))
    assert response.status_code == 200
    assert "64 MB per del" in response.content.decode()
    assert not Submission.objects.exists()


def test_with_a_broker_the_web_stores_the_file_and_a_worker_reads_it(
    client_for, nou, nito_editor, django_capture_on_commit_callbacks
):
    from unittest import mock

    from config.celery import app
    from proposals.outbox import delivery, outbox_deliver
    from proposals.submissions.tasks import read_submission

    app.conf.task_always_eager = False  # restored by the autouse fixture
    client = client_for(nito_editor)
    with (
        mock.patch.object(delivery, "kick", autospec=True),
        mock.patch.object(read_submission, "apply_async", autospec=True) as enqueue,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = _upload(client, nou, "bombe.docx", hostile.zip_bomb_docx(300))
        assert response.status_code == 302
        submission = Submission.objects.get()
        assert submission.read_state == "reading"
        page = client.get(response["Location"]).content.decode()
        assert "Leser filen «bombe.docx» …" in page
        outbox_deliver()
    assert enqueue.call_args.kwargs["args"] == [submission.pk]

    app.conf.task_always_eager = True
    read_submission.apply(args=[submission.pk])
    submission.refresh_from_db()
    assert submission.read_state == "refused"
    assert "64 MB per del" in submission.read_error
    assert not submission.file
    page = client.get(response["Location"]).content.decode()
    assert "ble avvist og er ikke lagret" in page


def test_a_good_file_read_by_the_worker_reaches_the_review(
    client_for, nou, nito_editor, django_capture_on_commit_callbacks
):
    from unittest import mock

    from config.celery import app
    from proposals.outbox import delivery
    from proposals.submissions.tasks import submission_read

    app.conf.task_always_eager = False
    client = client_for(nito_editor)
    text = "Innspill til NOU 2023:4\n\nNITO ber om flere studieplasser i kapittel 10.3.\n"
    with mock.patch.object(delivery, "kick", autospec=True):
        response = _upload(client, nou, "svar.txt", text.encode())
    submission = Submission.objects.get()
    assert submission.text == ""
    assert submission_read(submission_id=submission.pk) == "read"
    submission.refresh_from_db()
    assert "studieplasser" in submission.text
    assert client.get(response["Location"]).status_code == 200
