"""The committee secretariat: the work queue, status changes, notes, reference data, export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from proposals.demands import services
from proposals.models import BudgetPost, Chapter, Demand, DemandStatus, PolicyDocument
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_data(nito, tekna, nou):
    chapter = {c.number: c for c in Chapter.objects.filter(document=nou)}
    return {
        "on_10": make_demand(
            organisation=nito, document=nou, title="Om hele ti", chapters=[chapter["10"]]
        ),
        "on_10_3": make_demand(
            organisation=tekna,
            document=nou,
            status="under_consideration",
            title="Om ti tre",
            chapters=[chapter["10.3"], chapter["12"]],
            requested_amount_nok=40_000_000,
        ),
        "on_12": make_demand(
            organisation=nito, document=nou, title="Om digital", chapters=[chapter["12"]]
        ),
        "none": make_demand(organisation=tekna, document=nou, title="Uten kapittel"),
        "draft": make_demand(organisation=nito, document=nou, status="draft", title="Kladden"),
    }


def _titles(response) -> list[str]:
    return [demand.title for demand in response.context["page"].object_list]


def test_the_queue_lists_submitted_demands_by_chapter_without_drafts(
    client_for, secretary, queue_data, django_assert_max_num_queries
):
    for number in range(30):
        make_demand(
            organisation=queue_data["on_10"].organisation,
            document=queue_data["on_10"].document,
            title=f"Ekstra {number}",
        )
    client = client_for(secretary)
    # 1 session, 2 user, 3 memberships, 4-5 permissions (is a secretary), 6 count,
    # 7 page of demands with organisation, document, first chapter and note count,
    # 8 their chapters, 9-10 documents and organisations for the filter's choices,
    # 11 topics for the bulk curation form, 12-13 the documents with their counts.
    with django_assert_max_num_queries(16):  # 14-16 the merged work (session, throttling)
        response = client.get(reverse("secretariat:queue"))
    titles = _titles(response)
    assert titles[:3] == ["Om hele ti", "Om ti tre", "Om digital"]
    assert "Kladden" not in response.content.decode()
    assert response.context["page"].paginator.count == 34


def test_the_queue_filters_by_chapter_including_sub_chapters(client_for, secretary, queue_data):
    client = client_for(secretary)
    url = reverse("secretariat:queue")
    assert _titles(client.get(url, {"document": "nou-2023-4", "chapter": "10"})) == [
        "Om hele ti",
        "Om ti tre",
    ]
    assert _titles(client.get(url, {"document": "nou-2023-4", "chapter": "10.3"})) == ["Om ti tre"]
    assert _titles(client.get(url, {"status": "under_consideration"})) == ["Om ti tre"]
    assert _titles(client.get(url, {"organisation": "tekna"})) == ["Om ti tre", "Uten kapittel"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"document": "finnes-ikke"}, "Ukjent dokument."),
        ({"status": "draft"}, "Ukjent status."),
        ({"chapter": "10"}, "Velg et dokument for å filtrere på kapittel."),
        ({"document": "nou-2023-4", "chapter": "99.9"}, "har ikke noe kapittel 99.9"),
        ({"organisation": "x\x00y"}, "Null-tegn er ikke tillatt."),
        ({"organisation": "finnes-ikke"}, "Ukjent organisasjon."),
    ],
)
def test_bad_filter_values_get_a_message_not_a_500(
    client_for, secretary, queue_data, params, message
):
    response = client_for(secretary).get(reverse("secretariat:queue"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_secretary_moves_a_demand_through_the_statuses_with_notes(
    client_for, secretary, queue_data, client
):
    demand = queue_data["on_10"]
    sec = client_for(secretary)
    url = reverse("secretariat:demand_status", args=[demand.pk])
    sec.post(url, {"to_status": "under_consideration", "expected_status": "submitted"})
    refused = sec.post(
        url, {"to_status": "adopted", "expected_status": "under_consideration"}, follow=True
    )
    assert "Skriv en merknad" in refused.content.decode()
    sec.post(
        url,
        {
            "to_status": "adopted",
            "expected_status": "under_consideration",
            "note": "Tatt inn i innstillingen.",
        },
    )
    demand.refresh_from_db()
    assert demand.status == DemandStatus.ADOPTED
    history = list(demand.status_changes.values_list("to_status", "note"))
    assert history[-2:] == [
        ("under_consideration", ""),
        ("adopted", "Tatt inn i innstillingen."),
    ]
    page = sec.get(reverse("secretariat:demand_detail", args=[demand.pk])).content.decode()
    assert "Tatt inn i innstillingen." in page


def test_internal_notes_are_added_and_shown_to_the_secretariat(client_for, secretary, queue_data):
    demand = queue_data["on_12"]
    client = client_for(secretary)
    client.post(reverse("secretariat:note_add", args=[demand.pk]), {"text": "Følg opp <b>nå</b>"})
    page = client.get(reverse("secretariat:demand_detail", args=[demand.pk])).content.decode()
    assert "Følg opp &lt;b&gt;nå&lt;/b&gt;" in page
    empty = client.post(
        reverse("secretariat:note_add", args=[demand.pk]), {"text": ""}, follow=True
    )
    assert "Feltet er påkrevet." in empty.content.decode()
    assert demand.internal_notes.count() == 1


def test_a_bulk_change_from_the_queue_is_all_or_nothing(client_for, secretary, queue_data):
    client = client_for(secretary)
    first, second, considered = queue_data["on_10"], queue_data["on_12"], queue_data["on_10_3"]
    refused = client.post(
        reverse("secretariat:bulk_status"),
        {
            "demands": [first.pk, second.pk, considered.pk],
            "to_status": "under_consideration",
            "note": "Samlet.",
        },
        follow=True,
    )
    html = refused.content.decode()
    assert "Ingen krav ble endret" in html
    assert "Om ti tre" in html
    assert Demand.objects.filter(status="under_consideration").count() == 1

    done = client.post(
        reverse("secretariat:bulk_status"),
        {
            "demands": [first.pk, second.pk],
            "to_status": "under_consideration",
            "note": "Samlet.",
            f"seen_{first.pk}": "submitted",
            f"seen_{second.pk}": "submitted",
        },
        follow=True,
    )
    assert "2 krav har fått ny status." in done.content.decode()
    assert first.status_changes.last().note == "Samlet."


def test_a_bulk_change_refuses_rows_that_changed_since_the_page_was_loaded(
    client_for, secretary, queue_data
):
    demand = queue_data["on_10"]
    services.demand_change_status(
        demand=demand, to_status="withdrawn", user=None, check_permission=False
    )
    response = client_for(secretary).post(
        reverse("secretariat:bulk_status"),
        {
            "demands": [demand.pk],
            "to_status": "under_consideration",
            f"seen_{demand.pk}": "submitted",
        },
        follow=True,
    )
    assert "allerede endret til «Trukket»" in response.content.decode()


@pytest.mark.parametrize("ids", [[], ["abc"], ["99999999999999999999999"], ["1\x00"]])
def test_a_bulk_change_with_bad_ids_gets_a_message(client_for, secretary, queue_data, ids):
    response = client_for(secretary).post(
        reverse("secretariat:bulk_status"),
        {"demands": ids, "to_status": "under_consideration"},
        follow=True,
    )
    assert response.status_code == 200
    assert "message-error" in response.content.decode()


# --- Documents, chapters, budget posts -----------------------------------------------------


def test_a_secretary_adds_a_document_with_a_normalised_identifier(client_for, secretary):
    client = client_for(secretary)
    response = client.post(
        reverse("secretariat:documents"),
        {"identifier": "NOU 2023: 4", "title": "Tid for handling", "url": ""},
    )
    document = PolicyDocument.objects.get()
    assert response.status_code == 302
    assert (document.identifier, document.kind) == ("NOU 2023:4", "official_report")
    again = client.post(
        reverse("secretariat:documents"), {"identifier": "NOU 2023:4", "title": "Igjen"}
    )
    assert "finnes allerede" in again.content.decode()
    assert PolicyDocument.objects.count() == 1


def test_pasted_chapters_with_bad_lines_are_listed_by_line_and_nothing_is_saved(
    client_for, secretary, nou
):
    client = client_for(secretary)
    url = reverse("secretariat:document_detail", args=[nou.slug])
    before = Chapter.objects.count()
    response = client.post(url, {"lines": "13 Arbeidstid\nTull og tøys\n13.1 Turnus"})
    html = response.content.decode()
    assert "Linje 2 («Tull og tøys»)" in html
    assert "Ingenting er lagret" in html
    assert Chapter.objects.count() == before
    client.post(url, {"lines": "13 Arbeidstid\n13.1 Turnus"})
    assert Chapter.objects.get(document=nou, number="13.1").parent.number == "13"


def test_a_secretary_adds_a_budget_post(client_for, secretary):
    client = client_for(secretary)
    url = reverse("secretariat:budget_posts")
    client.post(url, {"year": 2026, "chapter": 732, "post": 70, "chapter_name": "RHF"})
    assert BudgetPost.objects.filter(chapter=732, post=70).exists()
    twice = client.post(url, {"year": 2026, "chapter": 732, "post": 70})
    assert twice.status_code == 200
    assert BudgetPost.objects.count() == 1
    bad = client.post(url, {"year": "abc", "chapter": 732, "post": 700})
    assert bad.status_code == 200
    assert BudgetPost.objects.count() == 1


@pytest.mark.parametrize("who", ["nito_editor", "admin_user"])
def test_reference_data_pages_follow_the_permission_module(who, request, client_for):
    response = client_for(request.getfixturevalue(who)).get(reverse("secretariat:documents"))
    assert response.status_code == (403 if who == "nito_editor" else 200)


# --- The export for the committee's recommendation ----------------------------------------


def test_the_committee_export_groups_by_chapter_with_notes(client_for, secretary, queue_data):
    services.internal_note_add(demand=queue_data["on_10_3"], user=secretary, text="Ring Tekna.")
    make_demand(
        organisation=queue_data["on_10"].organisation,
        document=queue_data["on_10"].document,
        title='=HYPERLINK("http://x")',
    )
    response = client_for(secretary).get(
        reverse("secretariat:committee_export", args=["nou-2023-4"])
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "innstilling-nou-2023-4.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Dokument", "Kapittel", "Organisasjon", "Tittel"]
    assert header[-1] == "INTERNE NOTATER – ikke for deling"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    rows = [
        dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    chapters = list(dict.fromkeys(row["Kapittel"] for row in rows))
    assert chapters == [
        "10 Utdanning og kompetanseutvikling",
        "10.3 Dimensjonering av helsefagutdanningene",
        "12 Digitalisering",
        "Uten kapittel",
    ]
    titles = [row["Tittel"] for row in rows]
    assert titles.count("Om ti tre") == 2  # under 10.3 and under 12
    assert "Kladden" not in titles
    assert '=HYPERLINK("http://x")' in titles
    formula_cell = next(c for row in sheet.iter_rows() for c in row if c.value == titles[-1])
    assert formula_cell.data_type == "s"
    ti_tre = next(row for row in rows if row["Tittel"] == "Om ti tre")
    assert ti_tre["Organisasjon"] == "Tekna – Teknisk-naturvitenskapelig forening"
    assert ti_tre["Status"] == "Til behandling"
    assert ti_tre["Beløp (kr)"] == 40_000_000
    assert "Ring Tekna." in ti_tre["INTERNE NOTATER – ikke for deling"]
    assert "Ring Tekna." not in (ti_tre["Offentlige merknader"] or "")
    link_row = next(i for i, row in enumerate(rows, start=2) if row["Tittel"] == "Om ti tre")
    link = sheet.cell(row=link_row, column=header.index("Lenke") + 1)
    assert link.hyperlink.target.endswith(f"/demands/{queue_data['on_10_3'].pk}/")
    assert sheet.cell(row=link_row, column=header.index("Kravet") + 1).alignment.wrap_text


def test_the_shared_variant_has_no_internal_notes(client_for, secretary, queue_data):
    services.internal_note_add(demand=queue_data["on_10_3"], user=secretary, text="Ring Tekna.")
    response = client_for(secretary).get(
        reverse("secretariat:committee_export", args=["nou-2023-4"]), {"internal": "0"}
    )
    assert "til-deling" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any("Ring Tekna." in v or "INTERNE" in v for v in values)


def test_an_unknown_document_export_is_a_404(client_for, secretary):
    response = client_for(secretary).get(reverse("secretariat:committee_export", args=["nei"]))
    assert response.status_code == 404


def test_the_demand_page_query_count_does_not_grow_with_history(
    client_for, secretary, queue_data, django_assert_max_num_queries
):
    demand = queue_data["on_10_3"]
    for number in range(5):
        services.internal_note_add(demand=demand, user=secretary, text=f"Notat {number}")
    for step in ["addressed", "under_consideration", "adopted", "under_consideration"]:
        services.demand_change_status(demand=demand, to_status=step, user=secretary, note="Ok.")
    client = client_for(secretary)
    # 1 session, 2 user, 3 memberships, 4-5 permissions, 6 the demand, 7 chapters,
    # 8 budget posts, 9 status history, 10 versions, 11 internal notes, 12 curation
    # history, 13-18 the curation forms (current links, chapters, posts, topics, shared
    # demands), 19 the prepared outcome, 20 the demand's other chapters for the picker.
    with django_assert_max_num_queries(23):  # 21-23 the merged work (threads, matches)
        response = client.get(reverse("secretariat:demand_detail", args=[demand.pk]))
    assert response.content.decode().count("Notat ") == 5
