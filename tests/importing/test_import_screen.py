"""The import screen: upload a file, review the proposed demands, create the chosen ones.

The same screens serve an organisation's editors (workspace) and the committee
secretariat; what they may do differs, and both are tested here.
"""

from __future__ import annotations

import io
from unittest import mock

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from organizations.models import Membership, Organisation
from proposals.demands import services
from proposals.models import Chapter, Demand, DemandStatus, PolicyDocument, Submission
from proposals.submissions import imports
from proposals.submissions.importing import MAX_UPLOAD_BYTES, analyse
from tests.factories import BudgetPostFactory, UserFactory, member, pdf_bytes

pytestmark = pytest.mark.django_db

LETTER = """Høringssvar fra NITO om NOU 2023:4

10.3 Dimensjonering av helsefagutdanningene
NITO ber om flere studieplasser for bioingeniører, og kap. 701, post 21 må økes med 40 mill. kroner.

14.2 Oppgavedeling i sykehusene
NITO krever at bioingeniører får ansvar for prøvetaking i alle sykehus.

12 Digitalisering
NITO støtter forslaget om en felles journal for hele helsetjenesten.
"""

CORPUS = [
    ("nito-meld-st-9-2023-2024", "NITO", "Meld. St. 9 (2023–2024)"),
    ("nito-budsjettinnspill-2023", "NITO", "Prop. 1 S (2022–2023)"),
    ("tekna-budsjettinnspill-helse", "Tekna", "Prop. 1 S (2025–2026)"),
    ("helseomsorg21-helsepersonellkommisjonen", "HelseOmsorg21-rådet", "NOU 2023:4"),
]


@pytest.fixture
def posts(db):
    return {
        (701, 21): BudgetPostFactory(year=2026, chapter=701, post=21),
        (746, 1): BudgetPostFactory(year=2026, chapter=746, post=1, post_name="Driftsutgifter"),
    }


# --- helpers ------------------------------------------------------------------------------


def _upload(client, area, document, name, data, *, organisation=None, title=""):
    payload = {"document": document.pk, "title": title, "file": SimpleUploadedFile(name, data)}
    if organisation is not None:
        payload["organisation"] = organisation.pk
    return client.post(reverse(f"{area}:import_upload"), payload)


def _uploaded(client, area, document, data=None, name="svar.txt", **kwargs):
    response = _upload(client, area, document, name, data or LETTER.encode(), **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.latest("pk")


def _review_url(area, submission):
    return reverse(f"{area}:import_review", args=[submission.pk])


def _review_data(response, changes=None):
    """The review form as the browser would send it unchanged, with ``changes`` by index."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()
    }
    for index, form in enumerate(formset.forms):
        values = dict(form.initial)
        values.update((changes or {}).get(index, {}))
        for name, value in values.items():
            if name == "include":
                if value:
                    data[f"{form.prefix}-include"] = "on"
                continue
            data[f"{form.prefix}-{name}"] = "" if value is None else value
    return data


def _scanned_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 100), color=(230, 230, 230)), x=10, y=10, w=100)
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Hemmelig innhold."]))))
    writer.encrypt("passord123", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- All four corpus files, through the screen -------------------------------------------


@pytest.mark.parametrize(("stem", "short_name", "identifier"), CORPUS)
def test_every_corpus_file_imports_through_the_screen(
    demo, corpus_dir, client_for, stem, short_name, identifier
):
    organisation = Organisation.objects.get(short_name=short_name)
    document = PolicyDocument.objects.get(identifier=identifier)
    editor = member(UserFactory(username=f"redaktor-{organisation.slug}"), organisation)
    client = client_for(editor)
    data = (corpus_dir / f"{stem}.txt").read_bytes()

    submission = _uploaded(client, "workspace", document, data, name=f"{stem}.txt")
    assert submission.organisation == organisation
    assert submission.file.read() == data
    expected = analyse(submission.text, target_document=identifier)["candidates"]
    assert expected, "every sample response asks for something"

    review = client.get(_review_url("workspace", submission))
    assert review.status_code == 200
    first_page = expected[: imports.PAGE_SIZE]
    assert len(review.context["formset"].forms) == len(first_page)
    # Only the proposals the importer is sure of come ticked; the page sends them as they are.
    created = client.post(_review_url("workspace", submission), _review_data(review))
    assert created.status_code == 302, created.context and created.context["field_errors"]
    demands = list(submission.demands.order_by("pk"))
    assert [d.text for d in demands] == [c["text"] for c in first_page if c["confident"]]
    assert {d.status for d in demands} == {DemandStatus.DRAFT}
    # Reopened, it offers the rest, and none of those already taken.
    again = client.get(_review_url("workspace", submission))
    offered = {item.candidate["text"] for item in again.context["review"].items}
    assert not offered & {d.text for d in demands}
    assert again.context["review"].open_count == len(expected) - len(demands)


def test_teknas_budget_input_links_both_posts_through_the_screen(demo, corpus_dir, client_for):
    tekna = Organisation.objects.get(short_name="Tekna")
    client = client_for(member(UserFactory(username="tekna-redaktor"), tekna))
    document = PolicyDocument.objects.get(identifier="Prop. 1 S (2025–2026)")
    data = (corpus_dir / "tekna-budsjettinnspill-helse.txt").read_bytes()
    submission = _uploaded(client, "workspace", document, data, name="tekna.txt")

    page = client.get(_review_url("workspace", submission)).content.decode()
    assert "Finnes:</span> Kap. 701, post 21 (2026) Spesielle driftsutgifter" in page
    assert "Programkategori" in page and "10.40" in page
    review = client.get(_review_url("workspace", submission))
    client.post(_review_url("workspace", submission), _review_data(review))
    linked = {p.label for d in submission.demands.all() for p in d.budget_posts.all()}
    assert linked == {"Kap. 701, post 21", "Kap. 746, post 01"}


# --- Untick, edit, create ---------------------------------------------------------------


def test_it_creates_exactly_the_ticked_proposals_with_the_edited_values_and_links(
    client_for, nito, nou, nito_editor, posts
):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou, title="Vårt svar")
    review = client.get(_review_url("workspace", submission))
    assert len(review.context["formset"].forms) == 3
    # The proposal about 10.3 comes with its chapter, its post and its amount.
    assert review.context["formset"].forms[0].initial["chapters"] == "10.3"
    assert review.context["formset"].forms[0].initial["budget_posts"] == "Kap. 701, post 21"
    assert review.context["formset"].forms[0].initial["requested_amount_nok"] == 40_000_000

    data = _review_data(
        review,
        {
            0: {
                "title": "Flere studieplasser",
                "text": "NITO ber om 500 flere studieplasser.",
                "stance": "new_measure",
                "requested_amount_nok": "55000000",
                "chapters": "10, 10.3",
                "budget_posts": "kap. 701 post 21; Kap. 746, post 01",
            },
            1: {"include": False},
            2: {"chapters": ""},
        },
    )
    response = client.post(_review_url("workspace", submission), data)

    assert response.status_code == 302, response.context["field_errors"]
    assert response["Location"] == reverse("workspace:import_done", args=[submission.pk])
    first, last = submission.demands.order_by("pk")
    assert (first.title, first.text, first.stance, first.requested_amount_nok) == (
        "Flere studieplasser",
        "NITO ber om 500 flere studieplasser.",
        "new_measure",
        55_000_000,
    )
    assert sorted(c.number for c in first.chapters.all()) == ["10", "10.3"]
    assert sorted(p.label for p in first.budget_posts.all()) == [
        "Kap. 701, post 21",
        "Kap. 746, post 01",
    ]
    assert first.source_section == "10.3 Dimensjonering av helsefagutdanningene"
    assert (first.status, first.organisation, first.document) == ("draft", nito, nou)
    assert last.text.startswith("NITO støtter forslaget") and last.stance == "supports"
    assert list(last.chapters.all()) == []
    assert Demand.objects.count() == 2

    done = client.get(response["Location"]).content.decode()
    assert "Flere studieplasser" in done and "2 krav opprettet fra innspillet" in done
    assert reverse("workspace:demand_detail", args=[first.pk]) in done


def test_a_failure_midway_creates_nothing(client_for, nou, nito_editor, posts):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    review = client.get(_review_url("workspace", submission))
    real = services.demand_create
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 2:
            raise ValidationError("Databasen svarte ikke.")
        return real(**kwargs)

    with mock.patch.object(services, "demand_create", side_effect=fail_on_the_second):
        response = client.post(_review_url("workspace", submission), _review_data(review))

    assert len(calls) == 2, "the first demand was written before the failure"
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingen krav ble opprettet" in page and "Databasen svarte ikke." in page
    assert Demand.objects.count() == 0
    assert Submission.objects.filter(pk=submission.pk).exists(), "the upload itself is kept"


def test_an_unexpected_error_midway_rolls_back_too(client_for, nou, nito_editor, posts):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    review = client.get(_review_url("workspace", submission))
    real = services.demand_create
    calls = []

    def crash_on_the_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("strømmen gikk")
        return real(**kwargs)

    with (
        mock.patch.object(services, "demand_create", side_effect=crash_on_the_third),
        pytest.raises(RuntimeError),
    ):
        client.post(_review_url("workspace", submission), _review_data(review))
    assert Demand.objects.count() == 0


def test_unticked_proposals_are_not_checked_and_ticked_ones_are(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    review = client.get(_review_url("workspace", submission))
    data = _review_data(
        review,
        {
            0: {"include": False, "title": "", "requested_amount_nok": "mange"},
            1: {"title": "  ", "chapters": "99"},
            2: {"budget_posts": "kap. 999 post 99; noe tull", "requested_amount_nok": "1,5"},
        },
    )
    page = client.post(_review_url("workspace", submission), data).content.decode()

    assert "Ingen krav ble opprettet" in page
    assert "Skriv en tittel, eller fjern haken for forslaget." in page
    assert "NOU 2023:4 har ikke kapittel 99. Legg det til først, eller fjern det." in page
    assert "Budsjettposten Kap. 999, post 99 finnes ikke." in page
    assert "«noe tull» er ikke skrevet som «kap. 701 post 21»." in page
    assert "«1,5» er ikke et helt antall kroner. Skriv for eksempel «1,5 mill.»" in page
    assert 'href="#id_forslag-1-title"' in page, "the summary links to the field"
    assert 'aria-invalid="true"' in page
    assert "Forslag 1, Beløp" not in page, "an unticked proposal is not held to account"
    assert Demand.objects.count() == 0


def test_nothing_ticked_is_explained(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    review = client.get(_review_url("workspace", submission))
    data = _review_data(review, {i: {"include": False} for i in range(3)})
    page = client.post(_review_url("workspace", submission), data).content.decode()
    assert "Kryss av for minst ett forslag som skal bli krav." in page
    assert Demand.objects.count() == 0


def test_the_browser_cannot_add_proposals_the_text_does_not_have(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    review = client.get(_review_url("workspace", submission))
    data = _review_data(review)
    data.update(
        {
            "forslag-TOTAL_FORMS": "4",
            "forslag-3-include": "on",
            "forslag-3-title": "Smuglet inn",
            "forslag-3-text": "Et krav som ikke står i innspillet.",
            "forslag-3-stance": "supports",
        }
    )
    response = client.post(_review_url("workspace", submission), data, follow=True)
    assert "Skjemaet stemmer ikke med forslagene" in response.content.decode()
    assert Demand.objects.count() == 0


def test_creating_twice_does_not_duplicate(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    review = client.get(_review_url("workspace", submission))
    data = _review_data(review)
    client.post(_review_url("workspace", submission), data)
    again = client.post(_review_url("workspace", submission), data, follow=True)
    assert Demand.objects.count() == 3
    assert "allerede opprettet" in again.content.decode()


def test_the_service_refuses_a_second_creation_for_the_same_submission(nou, nito, nito_editor):
    submission = imports.submission_store(
        user=nito_editor,
        organisation=nito,
        document=nou,
        data=LETTER.encode(),
        filename="svar.txt",
        text=LETTER,
    )
    draft = imports.DemandDraft(title="Ett krav", text="NITO ber om noe.", stance="supports")
    imports.submission_create_demands(submission=submission, drafts=[draft], user=nito_editor)
    with pytest.raises(ValidationError, match="allerede opprettet"):
        imports.submission_create_demands(submission=submission, drafts=[draft], user=nito_editor)
    assert Demand.objects.count() == 1


# --- The secretariat ---------------------------------------------------------------------


def test_the_secretary_imports_for_a_chosen_organisation_as_submitted(
    client_for, nito, tekna, nou, secretary, posts
):
    client = client_for(secretary)
    form = client.get(reverse("secretariat:import_upload")).content.decode()
    assert 'name="organisation"' in form and nito.name in form and tekna.name in form
    submission = _uploaded(client, "secretariat", nou, organisation=tekna)
    assert (submission.organisation, submission.created_by) == (tekna, secretary)

    review = client.get(_review_url("secretariat", submission))
    assert "registreres som levert" in review.content.decode()
    response = client.post(_review_url("secretariat", submission), _review_data(review))
    assert response["Location"] == reverse("secretariat:import_done", args=[submission.pk])
    demands = submission.demands.all()
    assert len(demands) == 3 and {d.organisation for d in demands} == {tekna}
    assert {d.status for d in demands} == {DemandStatus.SUBMITTED}
    assert all(d.status_changes.filter(to_status="submitted").exists() for d in demands)
    done = client.get(response["Location"]).content.decode()
    assert reverse("secretariat:demand_detail", args=[demands[0].pk]) in done


def test_the_secretary_must_choose_the_organisation(client_for, nito, nou, secretary):
    response = _upload(client_for(secretary), "secretariat", nou, "svar.txt", LETTER.encode())
    assert response.status_code == 200
    assert "Velg organisasjonen innspillet er fra." in response.content.decode()
    assert Submission.objects.count() == 0


# --- Bad input: a Norwegian message, nothing saved -------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("tom.txt", lambda: b"", "Filen er tom."),
        ("laast.pdf", _encrypted_pdf, "PDF-filen er passordbeskyttet."),
        ("skadet.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n trailer", "skadet"),
        ("skannet.pdf", _scanned_pdf, "Fant ingen tekst — er dokumentet skannet?"),
        ("svar.pdf", lambda: _docx(["NITO ber om mer."]), "men innholdet er et Word-dokument"),
        ("svar.txt", lambda: pdf_bytes(["NITO ber om mer."]), "men innholdet er PDF"),
        ("svar.docx", lambda: LETTER.encode(), "men innholdet er ren tekst"),
        ("program.exe", lambda: b"MZ\x90\x00", "Filtypen .exe støttes ikke."),
        ("bilde.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "et bilde (PNG)"),
    ],
)
def test_a_bad_file_gets_a_norwegian_message_and_nothing_is_saved(
    client_for, nou, nito_editor, settings, name, make, message
):
    response = _upload(client_for(nito_editor), "workspace", nou, name, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Submission.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_file_over_20_mb_is_refused_before_it_is_read(client_for, nou, nito_editor, settings):
    data = b"a" * (MAX_UPLOAD_BYTES + 1)
    with mock.patch("proposals.submissions.uploads.upload_extract", autospec=True) as extract:
        response = _upload(client_for(nito_editor), "workspace", nou, "stor.txt", data)
    page = response.content.decode()
    assert "Filen er for stor (20,1 MB). Største tillatte størrelse er 20 MB." in page
    extract.assert_not_called()
    assert Submission.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_good_docx_and_pdf_are_read(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    for name, data in [
        ("svar.docx", _docx(["10.3 Dimensjonering", "NITO ber om flere studieplasser."])),
        ("svar.pdf", pdf_bytes(["10.3 Dimensjonering", "NITO ber om flere studieplasser."])),
    ]:
        submission = _uploaded(client, "workspace", nou, data, name=name)
        assert "NITO ber om flere studieplasser." in submission.text
        page = client.get(_review_url("workspace", submission)).content.decode()
        assert "NITO ber om flere studieplasser." in page


# --- Who may do what --------------------------------------------------------------------


@pytest.mark.parametrize("area", ["workspace", "secretariat"])
def test_anonymous_visitors_are_sent_to_log_in(client, nou, nito, nito_editor, area):
    submission = imports.submission_store(
        user=nito_editor, organisation=nito, document=nou, data=b"x", filename="a.txt", text=LETTER
    )
    for name, args in [
        ("import_upload", []),
        ("import_review", [submission.pk]),
        ("import_done", [submission.pk]),
    ]:
        response = client.get(reverse(f"{area}:{name}", args=args))
        assert response.status_code == 302 and "/login/" in response["Location"]
    add = client.post(
        reverse(f"{area}:import_add_chapter", args=[submission.pk]), {"number": "14.2"}
    )
    assert add.status_code == 302 and "/login/" in add["Location"]
    assert not Chapter.objects.filter(number="14.2").exists()


def test_an_editor_of_another_organisation_cannot_see_or_create_from_the_submission(
    client_for, nou, nito_editor, tekna_editor
):
    submission = _uploaded(client_for(nito_editor), "workspace", nou)
    review = client_for(nito_editor).get(_review_url("workspace", submission))
    data = _review_data(review)
    other = client_for(tekna_editor)
    assert other.get(_review_url("workspace", submission)).status_code == 404
    assert other.post(_review_url("workspace", submission), data).status_code == 404
    assert other.get(reverse("workspace:import_done", args=[submission.pk])).status_code == 404
    add_url = reverse("workspace:import_add_chapter", args=[submission.pk])
    assert other.post(add_url, {"number": "14.2"}).status_code == 404
    assert other.get(_review_url("secretariat", submission)).status_code == 403
    assert Demand.objects.count() == 0
    assert not Chapter.objects.filter(number="14.2").exists()


def test_an_editor_cannot_import_for_an_organisation_they_do_not_edit(
    client_for, nito, tekna, nou, nito_editor
):
    third = Organisation.objects.create(name="Tredje", short_name="Tre", slug="tre")
    member(nito_editor, tekna)  # editor of two: chooses, but only among their own
    response = _upload(
        client_for(nito_editor), "workspace", nou, "svar.txt", b"x", organisation=third
    )
    assert "Velg en organisasjon fra listen." in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_viewer_cannot_import(client_for, nito, nou):
    viewer = member(UserFactory(username="vera.viewer"), nito, role=Membership.Role.VIEWER)
    client = client_for(viewer)
    assert client.get(reverse("workspace:import_upload")).status_code == 403
    assert _upload(client, "workspace", nou, "svar.txt", LETTER.encode()).status_code == 403
    assert Submission.objects.count() == 0


def test_the_secretary_can_review_any_organisations_import(client_for, nou, nito_editor, secretary):
    submission = _uploaded(client_for(nito_editor), "workspace", nou)
    client = client_for(secretary)
    assert client.get(_review_url("secretariat", submission)).status_code == 200
    assert client.get(_review_url("workspace", submission)).status_code == 403


def test_the_workspace_and_secretariat_link_to_the_import(client_for, nito_editor, secretary):
    home = client_for(nito_editor).get(reverse("workspace:home")).content.decode()
    assert reverse("workspace:import_upload") in home
    queue = client_for(secretary).get(reverse("secretariat:queue")).content.decode()
    assert reverse("secretariat:import_upload") in queue


# --- A chapter the document does not have yet -----------------------------------------------


def test_a_missing_chapter_is_flagged_in_words_with_a_one_click_add(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    page = client.get(_review_url("workspace", submission)).content.decode()
    assert "Kapitler som mangler i NOU 2023:4" in page
    assert "Mangler i NOU 2023:4:</span> 14.2" in page
    assert 'id="nytt-kapittel-14-2"' in page and 'form="nytt-kapittel-14-2"' in page
    assert "Finnes:</span> Kap. 10.3 · NOU 2023:4" in page

    add_url = reverse("workspace:import_add_chapter", args=[submission.pk])
    response = client.post(add_url, {"number": "14.2", "title": "Oppgavedeling i sykehusene"})
    assert response["Location"] == _review_url("workspace", submission)
    chapter = Chapter.objects.get(document=nou, number="14.2")
    assert chapter.title == "Oppgavedeling i sykehusene"

    review = client.get(_review_url("workspace", submission))
    assert "Kapittel 14.2 er lagt til i NOU 2023:4." in review.content.decode()
    assert "Kapitler som mangler" not in review.content.decode()
    assert review.context["formset"].forms[1].initial["chapters"] == "14.2"
    client.post(_review_url("workspace", submission), _review_data(review))
    assert list(Demand.objects.get(text__startswith="NITO krever").chapters.all()) == [chapter]


def test_the_suggested_title_of_a_missing_chapter_comes_from_its_heading(nou, nito, nito_editor):
    submission = imports.submission_store(
        user=nito_editor, organisation=nito, document=nou, data=b"x", filename="a.txt", text=LETTER
    )
    review = imports.import_review(submission=submission)
    assert [(m.number, m.title, m.items) for m in review.missing_chapters] == [
        ("14.2", "Oppgavedeling i sykehusene", [2])
    ]


def test_only_chapters_the_submission_names_can_be_added(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    add_url = reverse("workspace:import_add_chapter", args=[submission.pk])
    page = client.post(add_url, {"number": "77.7"}, follow=True).content.decode()
    assert "Innspillet viser ikke til kapittel 77.7 i NOU 2023:4." in page
    assert not Chapter.objects.filter(number="77.7").exists()
    # An existing chapter is left as it is (an import does not retitle chapters).
    client.post(add_url, {"number": "10.3", "title": "Nytt navn"})
    assert Chapter.objects.get(document=nou, number="10.3").title.startswith("Dimensjonering")


def test_the_secretary_adds_a_missing_chapter_too(client_for, nou, nito_editor, secretary):
    submission = _uploaded(client_for(nito_editor), "workspace", nou)
    add_url = reverse("secretariat:import_add_chapter", args=[submission.pk])
    client_for(secretary).post(add_url, {"number": "14.2", "title": ""})
    assert Chapter.objects.filter(document=nou, number="14.2").exists()


def test_adding_a_chapter_needs_a_post(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    submission = _uploaded(client, "workspace", nou)
    add_url = reverse("workspace:import_add_chapter", args=[submission.pk])
    assert client.get(add_url).status_code == 405


# --- Query counts ---------------------------------------------------------------------------


def _letter_with(count: int) -> str:
    """A submission with about ``count`` proposals, each naming a chapter and a budget post."""
    who = ["bioingeniører", "radiografer", "ingeniører", "studenter", "kommunene", "sykehusene"]
    what = ["utdanning", "rekruttering", "digitalisering", "ledelse", "forskning", "kvalitet"]
    lines = ["Høringssvar fra NITO om NOU 2023:4", ""]
    for n in range(count):
        lines += [
            f"10.{3 if n % 2 else 11} Tema {n}",
            f"NITO ber om styrket {what[n % 6]} for {who[n // 6 % 6]} i helseregion {n}, "
            "jf. kapittel 12 og kap. 701, post 21.",
            "",
        ]
    return "\n".join(lines)


def test_the_review_page_makes_the_same_queries_for_few_or_many_proposals(
    client_for, nito, nou, nito_editor, posts, django_assert_max_num_queries
):
    client = client_for(nito_editor)
    counts = {}
    for size in (2, 40):
        submission = imports.submission_store(
            user=nito_editor,
            organisation=nito,
            document=nou,
            data=b"x",
            filename="a.txt",
            text=_letter_with(size),
        )
        counts[size] = len(imports.import_review(submission=submission).items)
        client.get(_review_url("workspace", submission))  # the session is warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_review_url("workspace", submission)).status_code == 200
        counts[size] = (counts[size], len(queries))
    assert counts[40][0] >= 10 * counts[2][0], counts
    assert counts[2][1] == counts[40][1], "queries must not grow with the proposals"

    with django_assert_max_num_queries(9):
        # 1 the session, 2 the user, 3 the user's memberships (roles_of), 4-5 the
        # user's and its groups' permissions (has_perm: is it the secretariat?),
        # 6 the submission with its organisation and document, 7 whether demands
        # were created from it already, 8 the document's chapters, 9 the budget
        # posts. (A reference to a chapter of another document would add one
        # query for those chapters; this letter has none.)
        client.get(_review_url("workspace", submission))
