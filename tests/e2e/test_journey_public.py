"""Journey 1: the public finds what organisations demand of chapter 10 of NOU 2023:4."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.proposals.test_exports import HEADERS as CSV_HEADERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _result_count(page) -> str:
    return page.locator(".result-count").inner_text()


def test_the_public_goes_from_the_home_page_to_a_filtered_csv_of_a_chapter(page, portal_data):
    wanted = portal_data.opposing_on_ten_with_word

    page.goto("/")
    page.get_by_role("link", name="NOU 2023:4", exact=True).first.click()
    page.wait_for_url(f"**{portal_data.nou.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "NOU 2023:4"

    page.get_by_role("link", name=re.compile(r"^10 Utdanning")).click()
    page.wait_for_url(f"**{portal_data.chapter_ten.get_absolute_url()}")
    # Demands on 10.3 count under 10; the draft does not.
    assert page.get_by_role("heading", level=2, name="4 krav").is_visible()
    assert page.get_by_role("link", name="Kladd om studieplasser").count() == 0

    page.get_by_role("link", name="Filtrer og eksporter kravene til kapitlet").click()
    page.wait_for_url(re.compile(rf"/demands/\?chapter={portal_data.chapter_ten.pk}$"))
    assert _result_count(page) == "4 krav funnet"

    page.get_by_role("checkbox", name=re.compile(r"^Går imot")).check()
    page.wait_for_url(re.compile(r"stance=opposes"))
    page.wait_for_function(
        "() => document.querySelector('.result-count').textContent.trim() === '3 krav funnet'"
    )

    page.get_by_label("Søk i kravene").fill("studieplasser")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_url(re.compile(r"q=studieplasser"))
    page.wait_for_function(
        "() => document.querySelector('.result-count').textContent.trim() === '2 krav funnet'"
    )
    titles = page.locator(".demand-item h3").all_inner_texts()
    assert sorted(titles) == sorted(d.title for d in wanted)
    filtered_url = page.url
    assert f"chapter={portal_data.chapter_ten.pk}" in filtered_url

    page.get_by_role("link", name=wanted[1].title).click()
    page.wait_for_url(f"**{wanted[1].get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == wanted[1].title
    assert page.locator("dl.facts").get_by_text("Til behandling").is_visible()
    assert page.get_by_role("link", name=re.compile(r"^10 Utdanning")).is_visible()

    page.go_back()
    page.wait_for_url(filtered_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("\ufeff"), "a byte order mark, so Excel reads æøå"
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == CSV_HEADERS
    by_title = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {d.title for d in wanted}
    for demand in wanted:
        row = by_title[demand.title]
        assert row["ID"] == str(demand.pk)
        assert row["Organisasjon"] == demand.organisation.name
        assert row["Dokument"] == "NOU 2023:4"
        assert row["Standpunkt"] == "Går imot"
        assert row["Lenke"].endswith(demand.get_absolute_url())
    assert by_title[wanted[1].title]["Status"] == "Til behandling"
    assert by_title[wanted[0].title]["Status"] == "Levert"
