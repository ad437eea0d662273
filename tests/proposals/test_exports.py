"""CSV and XLSX exports of /demands/: the filtered set, nothing hidden, readable in Excel."""

from __future__ import annotations

import csv
import io
import re

import pytest

from proposals.models import InternalNote
from tests.factories import BudgetPostFactory, make_demand
from tests.proposals.test_filters import build_world

pytestmark = pytest.mark.django_db

HEADERS = [
    "ID",
    "Tittel",
    "Organisasjon",
    "Organisasjonstype",
    "Dokument",
    "Kapitler",
    "Budsjettposter",
    "Standpunkt",
    "Status",
    "Beløp (kr)",
    "Levert",
    "Status endret",
    "Krav",
    "Begrunnelse",
    "Lenke",
]


@pytest.fixture
def world(nito, tekna, nou):
    return build_world(nito, tekna, nou)


def csv_body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    text = csv_body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def page_ids(client, query: str) -> set[str]:
    html = client.get("/demands/?" + query).content.decode()
    return set(re.findall(r'<h3><a href="/demands/(\d+)/">', html))


def test_the_csv_is_utf8_with_bom_semicolons_and_norwegian_headers(client, world):
    response = client.get("/demands/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="krav-')
    body = csv_body(response)
    assert body.startswith("\ufeff".encode())
    header_line = body.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header_line == ";".join(HEADERS)
    assert "æøå ÆØÅ".encode() in body


def test_the_csv_holds_the_demands_values_in_norwegian(client, world, nito):
    rows = csv_rows(client.get(f"/demands/?format=csv&organisation={nito.pk}&status=adopted"))
    assert len(rows) == 2
    row = dict(zip(HEADERS, rows[1], strict=True))
    demand = world["demands"]["d2"]
    assert row["ID"] == str(demand.pk)
    assert row["Organisasjon"] == "Norges ingeniør- og teknologorganisasjon"
    assert row["Organisasjonstype"] == "Fagforening"
    assert row["Kapitler"] == "10.9"
    assert row["Budsjettposter"] == "Kap. 701, post 21 (2026)"
    assert row["Standpunkt"] == "Går imot"
    assert row["Status"] == "Imøtekommet"
    assert row["Beløp (kr)"] == "1000000"
    assert row["Levert"] == "01.03.2024"
    assert row["Lenke"] == f"http://testserver/demands/{demand.pk}/"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=submitted",
        "stance=opposes&organisation_kind=council",
        "q=studieplass",
        "year=2025",
    ],
)
def test_the_export_has_exactly_the_demands_of_the_filtered_page(client, world, query):
    rows = csv_rows(client.get(f"/demands/?{query}&format=csv"))
    assert {row[0] for row in rows[1:]} == page_ids(client, query)


def test_the_chapter_filter_exports_sub_chapters_too(client, world):
    chapter = world["chapter"]["10"]
    rows = csv_rows(client.get(f"/demands/?chapter={chapter.pk}&format=csv"))
    assert sorted(row[5] for row in rows[1:]) == ["10", "10.11", "10.3", "10.9"]


def test_the_export_never_holds_drafts_hidden_demands_or_internal_notes(client, world):
    for demand in world["demands"].values():
        InternalNote.objects.create(demand=demand, text=f"INTERNT-{demand.pk}")
    body = csv_body(client.get("/demands/?format=csv&status=draft&status=submitted"))
    assert b"Krav d6" not in body
    assert b"Krav d7" not in body
    assert b"INTERNT-" not in body


def test_an_editor_exports_the_own_drafts_but_never_another_organisations(
    client_for, world, tekna_editor
):
    body = csv_body(client_for(tekna_editor).get("/demands/?format=csv")).decode("utf-8-sig")
    assert "Krav d7" in body  # Tekna's own hidden demand
    assert "Krav d6" not in body  # NITO's draft


def test_a_cell_that_looks_like_a_formula_stays_text(client, nito, nou):
    make_demand(organisation=nito, document=nou, title='=HYPERLINK("http://x","klikk")')
    rows = csv_rows(client.get("/demands/?format=csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://x","klikk")'


def test_a_bad_filter_gives_the_page_with_a_message_instead_of_a_file(client, world):
    response = client.get("/demands/?format=csv&status=bogus")
    assert response["Content-Type"].startswith("text/html")
    assert "Rett opp filteret" in response.content.decode()


@pytest.mark.parametrize("count", [10, 50])
def test_the_csv_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, nito, nou, count
):
    chapter = nou.chapters.get(number="10.3")
    post = BudgetPostFactory()
    for _ in range(count):
        make_demand(organisation=nito, document=nou, chapters=[chapter], budget_posts=[post])
    # Per chunk of 500 rows: 1 demands with organisation and document,
    # 2 their chapters, 3 their budget posts.
    with django_assert_max_num_queries(3):
        rows = csv_rows(client.get("/demands/?format=csv"))
    assert len(rows) == count + 1
    assert all(row[5] == "10.3" for row in rows[1:])


def test_the_xlsx_is_a_workbook_with_the_same_rows(client, world):
    from openpyxl import load_workbook

    response = client.get("/demands/?format=xlsx&status=submitted")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="krav-' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert {str(row[0]) for row in rows[1:]} == page_ids(client, "status=submitted")
    assert all(row[8] == "Levert" for row in rows[1:])
    assert "æøå ÆØÅ" in rows[1][12]


def test_the_xlsx_keeps_formula_like_text_as_text(client, nito, nou):
    from openpyxl import load_workbook

    make_demand(organisation=nito, document=nou, title="=1+1")
    response = client.get("/demands/?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "=1+1"
    assert cell.data_type == "s"
