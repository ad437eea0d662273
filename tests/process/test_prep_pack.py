"""The hearing prep pack: the printable page, the PDF read back, public versus secretariat."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from proposals.demands import services as demand_services
from proposals.models import DemandStatus, Hearing
from proposals.process import prep_pack as packs
from proposals.reference import services as reference_services
from tests.conftest import REQUIRE_SERVICES
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing(samples, meld_st_9, nito, tekna, secretary):
    ten = reference_services.chapter_upsert(document=meld_st_9, number="5", title="Kompetanse")
    call_command("import_stortinget", "--from", str(samples), verbosity=0, stdout=io.StringIO())
    earlier_doc = DocumentFactory(identifier="NOU 2023:4", slug="nou-2023-4")

    def demand(title, document, status, chapters=()):
        made = demand_services.demand_create(
            user=secretary,
            organisation=nito,
            document=document,
            title=title,
            text=title,
            stance="wants_change",
            requested_amount_nok=40_000_000,
            chapters=list(chapters),
            check_permission=False,
        )
        if status != DemandStatus.DRAFT:
            demand_services.demand_change_status(
                demand=made, to_status=status, user=secretary, note="", check_permission=False
            )
        return made

    demand("Flere studieplasser for ingeniører", meld_st_9, DemandStatus.SUBMITTED, [ten])
    demand("Et utkast ingen skal se", meld_st_9, DemandStatus.DRAFT, [ten])
    for n in range(7):
        demand(f"Tidligere krav {n}", earlier_doc, DemandStatus.SUBMITTED)
    return Hearing.objects.get(storting_id=10001)


def test_the_pack_is_in_speaking_order_with_demands_and_at_most_five_earlier(hearing, secretary):
    pack = packs.prep_pack(hearing_id=hearing.pk, user=secretary)
    assert [p.entry.participant for p in pack.participants] == [
        "NITO",
        "Norsk Sykepleierforbund",
        "Helsepersonellkommisjonen v/ leder",
    ]
    nito = pack.participants[0]
    assert [d.title for d in nito.demands] == ["Flere studieplasser for ingeniører"]
    assert [d.title for d in nito.earlier] == [f"Tidligere krav {n}" for n in (6, 5, 4, 3, 2)]
    assert nito.submissions[0].storting_id == 50001
    assert [c.number for c in pack.chapters] == ["5"]


def test_the_page_is_printable_and_holds_no_drafts_or_navigation(client, hearing):
    html = client.get(reverse("portal:prep_pack", args=[hearing.pk])).content.decode()
    assert '<html lang="nb">' in html
    # The print rules live in the page's own style sheet (no inline styles under the CSP).
    assert "css/prep-pack.css" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/prep-pack.css"), encoding="utf-8").read()  # noqa: SIM115
    assert "break-before: page" in css and "@media print" in css
    assert 'data-href="http://testserver/demands/' in html  # links written out in print
    assert "Flere studieplasser for ingeniører" in html
    assert "Et utkast ingen skal se" not in html
    assert 'class="nav"' not in html
    assert '<th scope="col">Kapittel</th>' in html


def test_the_secretariats_pack_is_the_secretariats(client_for, hearing, secretary, nito_editor):
    url = reverse("secretariat:prep_pack", args=[hearing.pk])
    assert client_for(secretary).get(url).status_code == 200
    assert client_for(nito_editor).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_the_pack_query_count_does_not_grow_with_participants(
    client, hearing, django_assert_max_num_queries
):
    from proposals.models import ProgrammeEntry

    url = reverse("portal:prep_pack", args=[hearing.pk])
    # Hearing, times, cases, programme, submissions; demands on the case with their
    # chapters; earlier demands.
    with django_assert_max_num_queries(9):
        client.get(url)
    ProgrammeEntry.objects.bulk_create(
        ProgrammeEntry(hearing=hearing, day=None, order=100 + n, participant=f"Deltaker {n}")
        for n in range(30)
    )
    with django_assert_max_num_queries(9):
        assert "Deltaker 29" in client.get(url).content.decode()


def test_the_pdf_reads_back_with_the_participants_in_order(client, hearing):
    response = client.get(reverse("portal:prep_pack_pdf", args=[hearing.pk]))
    if response.status_code == 503 and not REQUIRE_SERVICES:
        pytest.skip("WeasyPrint's system libraries (Pango) are missing")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    positions = [
        text.index(name)
        for name in ("1. NITO", "2. Norsk Sykepleierforbund", "3. Helsepersonellkommisjonen")
    ]
    assert positions == sorted(positions)
    assert "Et utkast ingen skal se" not in text
    assert len(reader.pages) >= 4  # a cover and a page per participant
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nb"
    assert "/StructTreeRoot" in catalog  # tagged: headings and table headers as structure
