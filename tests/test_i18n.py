"""Norwegian first, English second: the catalogue is complete, every page speaks the
reader's language (data stays as written), charts are stored in both languages, numbers
and dates follow the language, and the language switcher keeps the page and its filters."""

from __future__ import annotations

import ast
import gettext
import html as html_lib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from proposals.formatting import nok, signed_nok
from proposals.models import (
    BudgetPost,
    Chapter,
    ChartKind,
    Demand,
    DemandStatus,
    PolicyDocument,
    Stance,
    SummarySnapshot,
)
from proposals.summaries import charts, snapshots
from tests.factories import make_demand

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
NBSP = "\u00a0"

# Words of the interface only (navigation, headings, labels, buttons, statuses), never
# of the demo data: demand titles and texts, organisation and chapter names stay Norwegian.
NORWEGIAN_INTERFACE = [
    "Hopp til hovedinnholdet",
    "Forside",
    "Dokumenter",
    "Organisasjoner",
    "Budsjettposter",
    "Logg inn",
    "Logg ut",
    "Språk",
    "Bytt",
    "Søk",
    "Filtrer",
    "Status endret",
    "Vis tallene",
    "Oversikt i diagrammer",
    "Oppdatert",
    "Standpunkt",
    "Til behandling",
    "Imøtekommet",
    "Omtalt i innstilling",
    "Går imot",
    "Vil endre",
    "Nytt tiltak",
    "Levert",
    "Kladd",
    "Historikk",
    "Ingen krav",
    "Arbeidskø",
    "Mitt arbeid",
    "Kravsporing viser",
    "Kap.",
]
ENGLISH_INTERFACE = [
    "Skip to main content",
    "Home",
    "Documents",
    "Organisations",
    "Budget posts",
    "Log in",
    "Log out",
    "Language",
    "Search",
    "Filter",
    "Status changed",
    "Show the figures",
    "Overview in charts",
    "Updated",
    "Stance",
    "Under consideration",
    "Adopted",
    "Opposes",
    "Supports",
    "Wants change",
    "Submitted",
    "Draft",
    "History",
    "Work queue",
    "My work",
    "Kravsporing shows",
]


# --- The catalogue ----------------------------------------------------------------------


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr forms and flags."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += ast.literal_eval(line)
            else:
                entry[key[0]] += ast.literal_eval(line)
        else:
            keyword, value = line.split(" ", 1)
            if keyword.startswith("msgstr["):
                key = ("msgstr", int(keyword[7:-1]))
                entry["msgstr"][key[1]] = ast.literal_eval(value)
            elif keyword == "msgstr":
                key = ("msgstr", 0)
                entry["msgstr"][0] = ast.literal_eval(value)
            else:
                key = (keyword,)
                entry[keyword] = ast.literal_eval(value)
    header, *messages = entries
    assert header["msgid"] == ""
    return messages


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%\([a-z_]+\)02d|%\{[^}]+\}")


def test_every_message_in_the_english_catalogue_has_a_translation():
    entries = _po_entries(CATALOGUE)

    assert len(entries) > 500
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        forms = entry["msgstr"]
        assert forms and all(text.strip() for text in forms.values()), entry["msgid"]
        if entry["msgid_plural"] is not None:
            assert sorted(forms) == [0, 1], entry["msgid"]


def test_translations_keep_every_placeholder_of_the_norwegian_text():
    for entry in _po_entries(CATALOGUE):
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, text in entry["msgstr"].items():
            source = sources[min(index, 1)]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                source,
                text,
            )


def test_the_committed_compiled_catalogue_matches_the_text_catalogue():
    compiled = gettext.GNUTranslations(COMPILED.open("rb"))

    for entry in _po_entries(CATALOGUE):
        msgid = entry["msgid"]
        if entry["msgctxt"] is not None:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if entry["msgid_plural"] is None:
            assert compiled.gettext(msgid) == entry["msgstr"][0], msgid
        else:
            assert compiled.ngettext(msgid, entry["msgid_plural"], 1) == entry["msgstr"][0]
            assert compiled.ngettext(msgid, entry["msgid_plural"], 2) == entry["msgstr"][1]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_string_marked_in_code_and_templates_is_in_the_catalogue(
    settings, tmp_path, monkeypatch
):
    """Extract afresh from a copy of the sources: nothing marked for translation is missing.

    A copy, because makemessages writes into the ``locale`` folder it finds beside the
    sources, and the committed catalogue must stay as it is.
    """
    copy = tmp_path / "src"
    for folder in ("config", "organizations", "proposals", "templates", "static"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], verbosity=0)
    fresh = _po_entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    committed = {(e["msgctxt"], e["msgid"]) for e in _po_entries(CATALOGUE)}

    missing = [e["msgid"] for e in fresh if (e["msgctxt"], e["msgid"]) not in committed]
    assert len(fresh) > 500
    assert missing == [], "run `make messages` and translate: " + repr(missing)


# --- Labels -----------------------------------------------------------------------------


def test_statuses_and_stances_have_the_agreed_english_names():
    with translation.override("en"):
        statuses = {status.value: str(status.label) for status in DemandStatus}
        stances = {stance.value: str(stance.label) for stance in Stance}
    with translation.override("nb"):
        norwegian = {status.value: str(status.label) for status in DemandStatus}

    assert statuses == {
        "draft": "Draft",
        "submitted": "Submitted",
        "under_consideration": "Under consideration",
        "addressed": "Addressed in the committee's recommendation",
        "adopted": "Adopted",
        "partially_adopted": "Partially adopted",
        "not_adopted": "Not adopted",
        "withdrawn": "Withdrawn",
    }
    assert stances == {
        "supports": "Supports",
        "opposes": "Opposes",
        "wants_change": "Wants change",
        "new_measure": "New measure",
    }
    assert norwegian["addressed"] == "Omtalt i innstilling"
    assert norwegian["partially_adopted"] == "Delvis imøtekommet"


# --- Formats ----------------------------------------------------------------------------


def test_amounts_are_written_as_each_language_writes_them():
    with translation.override("nb"):
        assert nok(1234567) == f"1{NBSP}234{NBSP}567 kr"
        assert signed_nok(40_000_000) == f"+40{NBSP}000{NBSP}000 kr"
        assert signed_nok(-5000) == f"−5{NBSP}000 kr"
    with translation.override("en"):
        assert nok(1234567) == "NOK 1,234,567"
        assert signed_nok(40_000_000) == "+NOK 40,000,000"
        assert signed_nok(-5000) == "−NOK 5,000"


def test_dates_follow_the_language():
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} / {{ day|date:"DATE_FORMAT" }}')
    context = Context({"day": date(2026, 11, 23)})

    with translation.override("nb"):
        assert template.render(context) == "23.11.2026 / 23. november 2026"
    with translation.override("en"):
        assert template.render(context) == "23/11/2026 / 23 November 2026"


def test_an_english_form_also_accepts_a_norwegian_or_iso_date():
    from proposals.forms import SubmissionForm

    field = SubmissionForm.base_fields["submitted_on"]
    with translation.override("en"):
        assert field.clean("23/11/2026") == date(2026, 11, 23)
        assert field.clean("23.11.2026") == date(2026, 11, 23)
        assert field.clean("2026-11-23") == date(2026, 11, 23)


# --- Charts -----------------------------------------------------------------------------


ROWS = [
    {"chapter": "10", "title": "Utdanning", "status": "submitted", "count": 1200},
    {"chapter": "10", "title": "Utdanning", "status": "adopted", "count": 34},
    {"chapter": None, "title": "", "status": "adopted", "count": 2},
]


def test_a_chart_is_drawn_in_the_active_language_with_its_number_format():
    with translation.override("nb"):
        norwegian = charts.chapter_status_chart(document="NOU 2023:4", rows=ROWS)
    with translation.override("en"):
        english = charts.chapter_status_chart(document="NOU 2023:4", rows=ROWS)

    assert norwegian.title == "Krav per kapittel etter status: NOU 2023:4"
    assert english.title == "Demands per chapter by status: NOU 2023:4"
    assert [trace["name"] for trace in english.figure["data"]] == ["Submitted", "Adopted"]
    assert [column["label"] for column in english.columns] == [
        "Chapter",
        "Submitted",
        "Adopted",
        "Total",
    ]
    assert english.rows[-1][0] == "No chapter"
    assert norwegian.rows[-1][0] == "Uten kapittel"
    assert "1,234 demands" in english.summary
    assert f"1{NBSP}234 krav" in norwegian.summary
    assert english.figure["layout"]["separators"] == ".,"
    assert norwegian.figure["layout"]["separators"] == f",{NBSP}"
    assert english.figure["data"][0]["customdata"][0][2] == "1,200"


def test_month_labels_follow_the_language():
    with translation.override("nb"):
        assert charts.month_label(date(2026, 11, 1)) == "november 2026"
    with translation.override("en"):
        assert charts.month_label(date(2026, 11, 1)) == "November 2026"


@pytest.mark.django_db
def test_a_refresh_stores_every_chart_in_every_language_from_one_reading(
    nito, nou, django_assert_max_num_queries
):
    make_demand(organisation=nito, document=nou, status="adopted")

    with translation.override("en"):
        snapshots.summaries_refresh()

    stored = SummarySnapshot.objects.filter(generation__is_current=True)
    by_language = {code: stored.filter(language=code).count() for code, _name in settings.LANGUAGES}
    assert by_language == {"nb": 7, "en": 7}
    norwegian = stored.get(kind=ChartKind.ORGANISATION_STATUS, language="nb")
    english = stored.get(kind=ChartKind.ORGANISATION_STATUS, language="en")
    assert norwegian.columns[0]["label"] == "Status" and norwegian.rows == [["Imøtekommet", 1]]
    assert english.rows == [["Adopted", 1]]
    assert english.title == f"Demands from {nito.name} by status"
    assert norwegian.summary.endswith("1 imøtekommet.")
    assert english.summary.endswith("1 adopted.")
    # Rows were read once: the generation counts each database row once, not per language.
    assert stored.first().generation.row_count == sum(
        snapshot.row_count for snapshot in stored.filter(language="nb")
    )


def test_the_aggregation_runs_once_whatever_the_number_of_languages(db, nito, nou, monkeypatch):
    make_demand(organisation=nito, document=nou)
    reads = []
    real = snapshots.chart_data_read
    monkeypatch.setattr(snapshots, "chart_data_read", lambda: reads.append(1) or real())

    built = snapshots.compute_charts()

    assert reads == [1]
    assert {item.language for item in built} == {"nb", "en"}


@pytest.mark.django_db
def test_the_charts_tag_shows_the_current_language_in_one_query(
    nito, nou, django_assert_num_queries
):
    make_demand(organisation=nito, document=nou, status="adopted")
    snapshots.summaries_refresh()
    template = Template('{% load charts %}{% charts "organisation" organisation %}')

    with translation.override("en"):
        # 1: the current generation's snapshots of this organisation in English.
        with django_assert_num_queries(1):
            english = template.render(Context({"organisation": nito}))
    with translation.override("nb"):
        with django_assert_num_queries(1):
            norwegian = template.render(Context({"organisation": nito}))

    assert english.count("<figure") == norwegian.count("<figure") == 1
    assert "Show the figures" in english and "Adopted" in english
    assert "Imøtekommet" not in english and "Vis tallene" not in english
    assert "Vis tallene" in norwegian and "Imøtekommet" in norwegian
    assert '"locale": "en"' in english and '"Zoom in": "Zoom in"' in english
    assert '"locale": "nb"' in norwegian and '"Zoom in": "Zoom inn"' in norwegian


@pytest.mark.django_db
def test_the_budget_chart_table_shows_amounts_in_the_language_and_signs_only_changes(nito, nou):
    from tests.factories import BudgetPostFactory

    post = BudgetPostFactory(amount_nok=1_500_000)
    make_demand(organisation=nito, document=nou, budget_posts=[post], requested_amount_nok=250_000)
    snapshots.summaries_refresh()
    template = Template('{% load charts %}{% charts "budget" %}')

    with translation.override("en"):
        english = template.render(Context())
    with translation.override("nb"):
        norwegian = template.render(Context())

    assert '<td class="num">NOK 1,500,000</td><td class="num">+NOK 250,000</td>' in english
    assert (
        f'<td class="num">1{NBSP}500{NBSP}000 kr</td><td class="num">+250{NBSP}000 kr</td>'
        in norwegian
    )


def test_a_regional_variant_reads_the_charts_of_its_language():
    assert snapshots.snapshot_language("en-gb") == "en"
    assert snapshots.snapshot_language("nb") == "nb"
    assert snapshots.snapshot_language("de") == settings.LANGUAGE_CODE


# --- Pages ------------------------------------------------------------------------------


def _visible_text(html: str) -> str:
    """What a reader sees or hears: text, and the names given in attributes."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    names = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return html_lib.unescape(" ".join([text, *names]))


def _words_in(text: str, words: list[str]) -> list[str]:
    return [word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def _client(language: str | None, user=None) -> Client:
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def demo_with_charts(demo):
    snapshots.summaries_refresh()
    return demo


def _public_pages() -> dict[str, tuple[str, list[str], list[str]]]:
    """page → (url, English labels it shows, Norwegian labels it shows)."""
    document = PolicyDocument.objects.get(identifier="NOU 2023:4")
    chapter = Chapter.objects.get(document=document, number="10.3")
    demand = Demand.objects.published().filter(status="adopted").first()
    post = BudgetPost.objects.get(year=2026, chapter=701, post=21)
    return {
        "home": ("/", ["Overview in charts", "Latest changes"], ["Siste endringer"]),
        "documents": ("/documents/", ["White paper", "Chapters"], ["Stortingsmelding"]),
        "document": (
            document.get_absolute_url(),
            ["Demands on the document", "Who demands what"],
            ["Krav til dokumentet"],
        ),
        "chapter": (chapter.get_absolute_url(), ["Who thinks what"], ["Hvem mener hva"]),
        "demands": (
            "/demands/?status=adopted",
            ["Filters in use:", "Status: Adopted", "Sort by"],
            ["Filtre i bruk:", "Status: Imøtekommet"],
        ),
        "demand": (demand.get_absolute_url(), ["History", "Rationale"], ["Historikk"]),
        "organisations": ("/organisations/", ["Trade union", "Members"], ["Fagforening"]),
        "organisation": (
            "/organisations/tekna/",
            ["Demands by document and status"],
            ["Krav etter dokument og status"],
        ),
        "budget": ("/budget/", ["Budget year 2026", "Appropriation"], ["Budsjettåret 2026"]),
        "budget post": (
            post.get_absolute_url(),
            ["Demands on the post", "Ch. 701, post 21"],
            ["Krav til posten", "Kap. 701, post 21"],
        ),
        "login": ("/accounts/login/", ["Forgotten your password?"], ["Glemt passordet?"]),
    }


@pytest.mark.django_db
def test_every_public_page_is_in_english_with_the_english_cookie(demo_with_charts):
    client = _client("en")
    for name, (url, english, _norwegian) in _public_pages().items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = _visible_text(response.content.decode())
        assert '<html lang="en">' in response.content.decode(), name
        assert [label for label in english if label not in text] == [], name
        assert _words_in(text, NORWEGIAN_INTERFACE) == [], name


@pytest.mark.django_db
def test_every_public_page_is_in_norwegian_by_default_and_with_the_norwegian_cookie(
    demo_with_charts,
):
    for client in (Client(), _client("nb")):
        for name, (url, _english, norwegian) in _public_pages().items():
            response = client.get(url)
            assert response.status_code == 200, name
            text = _visible_text(response.content.decode())
            assert '<html lang="nb">' in response.content.decode(), name
            assert [label for label in norwegian if label not in text] == [], name
            assert _words_in(text, ENGLISH_INTERFACE) == [], name


def _work_pages(editor_demand: Demand, secretary_demand: Demand) -> list[tuple[str, str]]:
    return [
        ("editor", "/workspace/"),
        ("editor", f"/workspace/demands/{editor_demand.pk}/"),
        ("editor", f"/workspace/demands/{editor_demand.pk}/edit/"),
        ("editor", "/workspace/demands/new/"),
        ("editor", "/workspace/submissions/new/"),
        ("secretary", "/secretariat/"),
        ("secretary", f"/secretariat/demands/{secretary_demand.pk}/"),
        ("secretary", "/secretariat/documents/"),
        ("secretary", "/secretariat/budget-posts/"),
        ("secretary", "/secretariat/imports/new/"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "forbidden", "expected"),
    [
        ("en", NORWEGIAN_INTERFACE, ["My work", "Log out", "Status"]),
        ("nb", ENGLISH_INTERFACE, ["Mitt arbeid", "Logg ut", "Status"]),
    ],
)
def test_workspace_and_secretariat_pages_speak_one_language(
    demo_with_charts, django_user_model, language, forbidden, expected
):
    from proposals.demo import SECRETARY_USERNAME

    editor = django_user_model.objects.get(username="nito-redaktor")
    secretary = django_user_model.objects.get(username=SECRETARY_USERNAME)
    editor_demand = Demand.objects.filter(organisation__short_name="NITO", status="draft").first()
    editor_demand = editor_demand or Demand.objects.filter(organisation__short_name="NITO").first()
    secretary_demand = Demand.objects.filter(status="submitted").first()
    clients = {"editor": _client(language, editor), "secretary": _client(language, secretary)}

    for who, url in _work_pages(editor_demand, secretary_demand):
        response = clients[who].get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        assert _words_in(text, forbidden) == [], url
        if who == "editor" and url == "/workspace/":
            assert [label for label in expected if label not in text] == []


IMPORT_LETTER = """Høringssvar fra NITO om NOU 2023:4

10.3 Dimensjonering av helsefagutdanningene
NITO ber om flere studieplasser for bioingeniører, og kap. 701, post 21 må økes med 40 mill. kroner.

14.2 Oppgavedeling i sykehusene
NITO krever at bioingeniører får ansvar for prøvetaking i alle sykehus.
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "forbidden", "expected"),
    [
        ("en", NORWEGIAN_INTERFACE, ["Proposed demands", "Create the chosen demands"]),
        ("nb", ENGLISH_INTERFACE, ["Forslag til krav", "Opprett valgte krav"]),
    ],
)
def test_the_import_screens_speak_one_language(nito_editor, nou, language, forbidden, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(language, nito_editor)
    upload = client.get("/workspace/imports/new/")
    sent = client.post(
        "/workspace/imports/new/",
        {
            "document": nou.pk,
            "title": "",
            "file": SimpleUploadedFile("svar.txt", IMPORT_LETTER.encode()),
        },
    )
    assert sent.status_code == 302
    review = client.get(sent["Location"])

    for response in (upload, review):
        assert response.status_code == 200
        text = _visible_text(response.content.decode())
        assert _words_in(text, forbidden) == []
    review_text = _visible_text(review.content.decode())
    assert [label for label in expected if label not in review_text] == []


@pytest.mark.django_db
def test_an_english_review_form_sent_unchanged_keeps_its_budget_posts(nito_editor, nou):
    """The form writes posts in the budget notation its parser reads, whatever the language."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import BudgetPostFactory

    post = BudgetPostFactory(year=2026, chapter=701, post=21)
    nou.budget_year = 2026
    nou.save()
    client = _client("en", nito_editor)
    sent = client.post(
        "/workspace/imports/new/",
        {"document": nou.pk, "file": SimpleUploadedFile("svar.txt", IMPORT_LETTER.encode())},
    )
    review_url = sent["Location"]
    review = client.get(review_url)
    formset = review.context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, value in form.initial.items():
            if name == "include":
                if value:
                    data[f"{form.prefix}-include"] = "on"
            else:
                data[f"{form.prefix}-{name}"] = "" if value is None else value

    created = client.post(review_url, data)

    assert created.status_code == 302, _visible_text(created.content.decode())[:3000]
    assert Demand.objects.filter(budget_posts=post).exists()


@pytest.mark.django_db
def test_bad_filter_input_is_explained_in_the_readers_language(demo_with_charts):
    english = _visible_text(_client("en").get("/demands/?year=x&page=abc").content.decode())
    norwegian = _visible_text(_client("nb").get("/demands/?year=x&page=abc").content.decode())

    assert "“x” is not a year. The filter has not been applied." in english
    assert "“abc” is not a page number; showing the first page." in english
    assert "«x» er ikke et årstall. Filteret er ikke brukt." in norwegian


@pytest.mark.django_db
def test_a_status_e_mail_is_norwegian_even_when_the_secretary_works_in_english(
    nito, nito_editor, secretary, nou, mailoutbox, django_capture_on_commit_callbacks
):
    nito_editor.email = "nora@example.org"
    nito_editor.save()
    demand = make_demand(organisation=nito, document=nou)

    client = _client("en", secretary)
    # The notification is sent after commit (in this process: tasks run eagerly).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/secretariat/demands/{demand.pk}/status/",
            {"to_status": "under_consideration", "note": "", "expected_status": "submitted"},
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "har fått status Til behandling" in mailoutbox[0].subject


@pytest.mark.django_db
def test_exports_have_headers_and_file_names_in_the_readers_language(demo):
    from django.contrib.auth import get_user_model

    from proposals.demo import SECRETARY_USERNAME

    english = _client("en").get("/demands/?format=csv")
    norwegian = Client().get("/demands/?format=csv")
    secretary = get_user_model().objects.get(username=SECRETARY_USERNAME)
    committee = _client("en", secretary).get(
        "/secretariat/documents/nou-2023-4/committee-export.xlsx"
    )

    assert 'filename="demands-' in english["Content-Disposition"]
    assert 'filename="krav-' in norwegian["Content-Disposition"]
    english_header = b"".join(english.streaming_content).decode("utf-8-sig").splitlines()[0]
    norwegian_header = b"".join(norwegian.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert english_header.startswith("ID;Title;Organisation;Type of organisation;Document")
    assert norwegian_header.startswith("ID;Tittel;Organisasjon;Organisasjonstype;Dokument")
    assert 'filename="recommendation-nou-2023-4.xlsx"' in committee["Content-Disposition"]


@pytest.mark.django_db
def test_not_found_and_no_access_pages_speak_the_readers_language(nito_editor):
    english = _client("en").get("/demands/999999/")
    norwegian = Client().get("/documents/no-such-document/")
    refused = _client("en", nito_editor).get("/secretariat/")

    assert english.status_code == 404 and norwegian.status_code == 404
    assert "<h1>Page not found</h1>" in english.content.decode()
    assert "Not Found" not in english.content.decode()
    assert "<h1>Fant ikke siden</h1>" in norwegian.content.decode()
    assert refused.status_code == 403
    assert "<h1>No access</h1>" in refused.content.decode()
    assert "This page is for the committee secretariat." in refused.content.decode()


def test_the_server_error_page_needs_no_request_and_follows_the_language():
    from django.template import loader

    with translation.override("en"):
        english = loader.get_template("500.html").render()
    with translation.override("nb"):
        norwegian = loader.get_template("500.html").render()

    assert '<html lang="en">' in english and "<h1>Something went wrong</h1>" in english
    assert '<html lang="nb">' in norwegian and "<h1>Noe gikk galt</h1>" in norwegian


# --- The language switcher --------------------------------------------------------------


def _switcher(html: str) -> dict:
    form = html.split('class="language-switcher"', 1)[1].split("</form>", 1)[0]
    return {
        "next": html_lib.unescape(re.search(r'name="next" type="hidden" value="([^"]*)"', form)[1]),
        "form": form,
    }


@pytest.mark.django_db
def test_switching_language_keeps_the_page_and_its_filters_with_csrf_checked(demo_with_charts):
    """The switcher carries no token (public pages stay the same for all); its origin is checked."""
    client = Client(enforce_csrf_checks=True)
    url = "/demands/?status=adopted&stance=supports&q=studieplass%20%C3%A6%C3%B8%C3%A5"
    switcher = _switcher(client.get(url).content.decode())
    assert switcher["next"] == url

    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": switcher["next"]},
        HTTP_SEC_FETCH_SITE="same-origin",
    )

    assert response.status_code == 302
    assert response["Location"] == url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = _visible_text(client.get(response["Location"]).content.decode())
    assert "Status: Adopted" in page and "Stance: Supports" in page
    assert "Search: “studieplass æøå”" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example.com"},
        {"HTTP_REFERER": "https://evil.example.com/page"},
    ],
)
def test_switching_language_is_refused_from_another_site(db, headers):
    client = Client(enforce_csrf_checks=True)
    client.get("/")

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/documents/"}, **headers)

    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_switching_language_never_sends_the_reader_to_another_site(db):
    response = Client().post(
        "/i18n/setlang/", {"language": "en", "next": "https://example.com/phish"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_the_switcher_names_each_language_in_itself_and_says_which_is_current(db):
    english = _switcher(_client("en").get("/documents/").content.decode())["form"]
    norwegian = _switcher(Client().get("/documents/").content.decode())["form"]

    for form in (english, norwegian):
        assert '<option value="nb" lang="nb">Norsk bokmål</option>' in form.replace(" selected", "")
        assert '<option value="en" lang="en">English</option>' in form.replace(" selected", "")
        assert 'aria-describedby="language-current"' in form
    assert '<option value="en" selected lang="en">' in english
    assert "Current language: English" in english
    assert '<option value="nb" selected lang="nb">' in norwegian
    assert "Gjeldende språk: Norsk bokmål" in norwegian


@pytest.mark.django_db
def test_a_browser_asking_for_english_still_gets_norwegian_until_english_is_chosen(client):
    page = client.get("/documents/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nb">' in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/documents/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9")
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_falls_back_to_norwegian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="nb">' in client.get("/documents/").content.decode()
