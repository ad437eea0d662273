"""The ``import_submission`` command, end to end on the database."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from proposals.models import Demand, Submission

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "target_document",
    "cited_documents",
    "chapter_refs",
    "budget_refs",
    "programme_categories",
    "candidates",
}


def _run(*args) -> str:
    out = StringIO()
    call_command("import_submission", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("stem", "organisation", "document"),
    [
        ("nito-meld-st-9-2023-2024", "NITO", "Meld. St. 9 (2023-2024)"),
        ("nito-meld-st-9-2023-2024", "NITO", "Meld. St. nr. 9 (2023-2024)"),
        ("nito-budsjettinnspill-2023", "NITO", "Prop. 1 S (2022–2023)"),
        ("tekna-budsjettinnspill-helse", "Tekna", "Prop. 1 S (2025–2026)"),
        ("helseomsorg21-helsepersonellkommisjonen", "HelseOmsorg21-rådet", "NOU 2023: 4"),
        ("helseomsorg21-helsepersonellkommisjonen", "HelseOmsorg21-rådet", "NOU 2023:04"),
    ],
)
def test_a_dry_run_prints_the_contract_and_saves_nothing(
    demo, corpus_dir, stem, organisation, document
):
    before = (Submission.objects.count(), Demand.objects.count())
    output = _run(
        str(corpus_dir / f"{stem}.txt"),
        "--organisation",
        organisation,
        "--document",
        document,
        "--dry-run",
        "--format",
        "json",
    )
    result = json.loads(output)
    assert set(result) == CONTRACT_KEYS
    assert result["candidates"], "every sample response asks for something"
    for candidate in result["candidates"]:
        assert {"text", "chapter_refs", "budget_refs", "requested_amount_nok"} <= set(candidate)
    assert (Submission.objects.count(), Demand.objects.count()) == before


def test_teknas_budget_input_finds_both_posts_and_the_programme_category(demo, corpus_dir):
    result = json.loads(
        _run(
            str(corpus_dir / "tekna-budsjettinnspill-helse.txt"),
            "--organisation=Tekna",
            "--document=Prop. 1 S (2025–2026)",
            "--dry-run",
            "--format=json",
        )
    )
    assert result["target_document"] == "Prop. 1 S (2025–2026)"
    assert result["budget_refs"] == [
        {"year": 2026, "chapter": 701, "post": 21},
        {"year": 2026, "chapter": 746, "post": 1},
    ]
    assert result["programme_categories"] == ["10.40"]


def test_an_import_saves_the_submission_and_its_demands_as_drafts_linked_to_posts(demo, corpus_dir):
    output = _run(
        str(corpus_dir / "tekna-budsjettinnspill-helse.txt"),
        "--organisation=Tekna",
        "--document=Prop. 1 S (2025–2026)",
    )
    submission = Submission.objects.latest("pk")
    assert f"Lagret innspill {submission.pk}" in output
    assert submission.text and submission.file
    demands = submission.demands.all()
    assert demands and all(d.status == "draft" for d in demands)
    linked = {p.label for d in demands for p in d.budget_posts.all()}
    assert linked == {"Kap. 701, post 21", "Kap. 746, post 01"}


def test_an_empty_file_is_refused_in_norwegian_and_nothing_is_saved(demo, tmp_path):
    empty = tmp_path / "tomt.txt"
    empty.write_bytes(b"")
    before = Submission.objects.count()
    with pytest.raises(CommandError, match="tom"):
        _run(str(empty), "--organisation=NITO", "--document=NOU 2023:4")
    assert Submission.objects.count() == before


def test_a_broken_pdf_is_refused_and_nothing_is_saved(demo, tmp_path):
    broken = tmp_path / "innspill.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not really a pdf")
    before = Submission.objects.count()
    with pytest.raises(CommandError):
        _run(str(broken), "--organisation=NITO", "--document=NOU 2023:4")
    assert Submission.objects.count() == before


@pytest.mark.parametrize(
    ("organisation", "document", "message"),
    [
        ("Finnes-ikke", "NOU 2023:4", "organisasjon"),
        ("NITO", "NOU 1999:99", "dokumentet"),
        ("NITO", "Meld. St. 9 (2023–2025)", "ikke ett år"),
    ],
)
def test_unknown_organisation_or_document_is_a_clear_error(
    demo, tmp_path, organisation, document, message
):
    file = tmp_path / "innspill.txt"
    file.write_text("NITO ber om flere studieplasser.", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        _run(str(file), f"--organisation={organisation}", f"--document={document}")


@pytest.mark.parametrize(
    ("stem", "organisation", "document"),
    [
        ("nito-meld-st-9-2023-2024", "NITO", "Meld. St. 9 (2023–2024)"),
        ("nito-budsjettinnspill-2023", "NITO", "Prop. 1 S (2022–2023)"),
        ("tekna-budsjettinnspill-helse", "Tekna", "Prop. 1 S (2025–2026)"),
        ("helseomsorg21-helsepersonellkommisjonen", "HelseOmsorg21-rådet", "NOU 2023:4"),
    ],
)
def test_every_corpus_file_imports_with_one_draft_per_proposal(
    demo, corpus_dir, stem, organisation, document
):
    path = corpus_dir / f"{stem}.txt"
    result = json.loads(
        _run(str(path), f"--organisation={organisation}", f"--document={document}", "--format=json")
    )
    submission = Submission.objects.get(pk=result["submission_id"])
    assert submission.organisation.short_name == organisation
    assert submission.file.read() == path.read_bytes()
    demands = list(submission.demands.order_by("pk"))
    assert [d.text for d in demands] == [c["text"] for c in result["candidates"]]
    assert {d.status for d in demands} == {"draft"}


def test_the_command_links_the_chapters_and_posts_the_document_has(nito, nou, tmp_path):
    from tests.factories import BudgetPostFactory

    BudgetPostFactory(year=2026, chapter=701, post=21)
    letter = tmp_path / "svar.txt"
    letter.write_text(
        "Høringssvar fra NITO om NOU 2023:4\n\n"
        "10.3 Dimensjonering av helsefagutdanningene\n"
        "NITO ber om flere studieplasser, og kap. 701, post 21 må økes med 40 mill. kroner.\n\n"
        "14.2 Oppgavedeling\n"
        "NITO krever at bioingeniører tar prøvene.\n",
        encoding="utf-8",
    )
    result = json.loads(
        _run(str(letter), "--organisation=NITO", "--document=NOU 2023:4", "--format=json")
    )
    assert [(r["number"], r["resolved"]) for r in result["chapter_refs"]] == [
        ("10.3", True),
        ("14.2", False),
    ]
    first, second = Submission.objects.get(pk=result["submission_id"]).demands.order_by("pk")
    assert [c.number for c in first.chapters.all()] == ["10.3"]
    assert [p.label for p in first.budget_posts.all()] == ["Kap. 701, post 21"]
    assert first.requested_amount_nok == 40_000_000
    assert list(second.chapters.all()) == [], "a chapter the document lacks is not linked"


def test_a_file_of_the_wrong_kind_is_refused_with_the_same_rule_as_the_screen(demo, tmp_path):
    fake = tmp_path / "innspill.pdf"
    fake.write_text("Bare tekst, ikke en PDF.", encoding="utf-8")
    before = Submission.objects.count()
    with pytest.raises(CommandError, match="men innholdet er ren tekst"):
        _run(str(fake), "--organisation=NITO", "--document=NOU 2023:4")
    assert Submission.objects.count() == before
