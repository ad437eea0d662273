"""Asked versus got per budget post and year, on known figures."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from proposals.models import BudgetFigure, BudgetPost, PolicyDocument
from proposals.outcomes import selectors, services
from proposals.outcomes.figures import granted, read_figures_csv, table_figures
from tests.factories import BudgetPostFactory, DocumentFactory, make_demand

SAMPLES = Path(__file__).parent / "samples"

CSV = """year;chapter;post;kind;amount_nok;source
2026;746;1;proposed;458 591 000;Prop. 1 S (2025–2026)
2026;746;1;adopted;468 591 000;Budsjettvedtak 2026
2026;746;1;spent;466 000 000;Statsregnskapet 2026
2026;740;1;proposed;1556792000;Prop. 1 S (2025–2026)
2026;740;1;adopted;1556792000;Budsjettvedtak 2026
"""


def test_the_csv_shape_and_its_errors():
    rows, errors = read_figures_csv(CSV)
    assert not errors and len(rows) == 5
    assert rows[0].amount_nok == 458_591_000 and rows[0].kind == "proposed"
    rows, errors = read_figures_csv(
        "år,kapittel,post,type,beløp,kilde\n2026,746,1,regnskap,12,Statsregnskapet\n"
        "2026,746,x,vedtatt,1,S\n2026,746,1,gjettet,1,S\n2026,746,1,vedtatt,1,\n"
    )
    assert [r.kind for r in rows] == ["spent"]
    assert errors == [
        "Linje 3: år, kapittel, post og beløp må være tall.",
        "Linje 4: ukjent type «gjettet» (proposed, recommended, adopted eller spent).",
        "Linje 5: kilden mangler.",
    ]
    assert read_figures_csv("post,amount\n1,2\n")[1][0].startswith("Linje 1: mangler kolonnene")


def test_granted_counts_the_adopted_change_in_the_direction_asked():
    assert granted(asked=25_000_000, proposed=100, adopted=10_000_100) == 10_000_000
    assert granted(asked=5, proposed=100, adopted=200) == 5  # never more than asked
    assert granted(asked=-50, proposed=100, adopted=200) == 0  # asked for a cut, got more
    assert granted(asked=5, proposed=100, adopted=None) is None


def test_table_rows_of_a_budget_recommendation():
    assert table_figures("Kap. | Post | Formål | Kroner\n701 | 21 | Spesielle | 254 978 000") == [
        (701, 21, 254_978_000)
    ]


@pytest.fixture
def world(db, nito, tekna, tmp_path):
    budget = DocumentFactory(
        identifier="Prop. 1 S (2025–2026)", slug="prop-1-s-2025-2026", title="Statsbudsjettet"
    )
    posts = {
        (746, 1): BudgetPostFactory(year=2026, chapter=746, post=1, post_name="Driftsutgifter"),
        (740, 1): BudgetPostFactory(year=2026, chapter=740, post=1, post_name="Driftsutgifter"),
        (701, 21): BudgetPostFactory(year=2026, chapter=701, post=21, amount_nok=254_978_000),
    }
    make_demand(
        organisation=tekna,
        document=budget,
        title="Flere ingeniører i direktoratet",
        requested_amount_nok=25_000_000,
        budget_posts=[posts[(746, 1)]],
    )
    make_demand(
        organisation=nito,
        document=budget,
        title="Mer til direktoratet",
        requested_amount_nok=5_000_000,
        budget_posts=[posts[(746, 1)]],
    )
    make_demand(  # a demand with no amount
        organisation=nito,
        document=budget,
        title="Styrk direktoratet",
        budget_posts=[posts[(746, 1)]],
    )
    make_demand(  # a draft never counts
        organisation=tekna,
        document=budget,
        title="Kladd",
        status="draft",
        requested_amount_nok=99_000_000,
        budget_posts=[posts[(746, 1)]],
    )
    path = tmp_path / "figures.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_budget_figures", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return posts


def test_asked_versus_got_on_known_figures(world, anonymous):
    rows = {
        (r["post"].chapter, r["post"].post): r
        for r in selectors.budget_chapter_table(year=2026, chapter=746, user=anonymous)
    }
    row = rows[(746, 1)]
    assert row["proposed"] == 458_591_000 and row["proposed_source"] == "Prop. 1 S (2025–2026)"
    assert row["asked"] == 30_000_000  # the draft's 99 million is not counted
    assert row["organisations"] == 2 and row["demands"] == 3 and row["without_amount"] == 1
    assert row["adopted"] == 468_591_000 and row["spent"] == 466_000_000
    assert row["recommended"] is None
    nobody = selectors.budget_chapter_table(year=2026, chapter=740, user=anonymous)[0]
    assert (nobody["asked"], nobody["organisations"], nobody["demands"]) == (None, 0, 0)
    assert nobody["adopted"] == 1_556_792_000


def test_the_organisation_page_says_asked_and_granted(client, world, tekna, nito):
    page = client.get(tekna.get_absolute_url()).content.decode().replace("\xa0", " ")
    assert "Ba om og fikk" in page
    assert "+25 000 000 kr" in page
    assert "+10 000 000 kr" in page  # adopted 10 million above the proposal
    rows = selectors.organisation_asked_granted(organisation=nito, user=None)
    assert [(r["asked_by_organisation"], r["granted"]) for r in rows] == [(5_000_000, 5_000_000)]


def test_the_post_and_chapter_pages_show_the_table(client, world, django_assert_max_num_queries):
    post = world[(746, 1)]
    page = client.get(post.get_absolute_url()).content.decode().replace("\xa0", " ")
    assert "Ønsket og fått" in page and "Statsregnskapet 2026" in page
    url = reverse("portal:budget_chapter", args=[2026, 746])
    # posts, figures, the demands' sums: the same for any number of posts
    with django_assert_max_num_queries(3):
        response = client.get(url)
    assert "468 591 000 kr" in response.content.decode().replace("\xa0", " ")
    assert client.get(reverse("portal:budget_chapter", args=[2026, 999])).status_code == 404


def test_figures_from_the_budget_recommendation(world):
    call_command(
        "import_recommendation",
        str(SAMPLES / "innst-budsjett-helse.xml"),
        document="Innst. 11 S (2025–2026)",
        decisions=str(SAMPLES / "stortingsvedtak-2025-2026.xml"),
        case="101234",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    document = PolicyDocument.objects.get(identifier="Innst. 11 S (2025–2026)")
    services.budget_figures_from_recommendation(
        document=document, year=2026, check_permission=False
    )
    recommended = BudgetFigure.objects.get(budget_post=world[(701, 21)], kind="recommended")
    assert recommended.amount_nok == 254_978_000
    assert recommended.source == "Innst. 11 S (2025–2026), komiteens tilråding, romertall I"
    adopted = BudgetFigure.objects.get(budget_post=world[(746, 1)], kind="adopted")
    assert adopted.source.startswith("stortingsvedtak nr. 120 (BUDSJETT)")


def test_a_bad_csv_is_a_command_error_and_changes_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("year,chapter,post,kind,amount_nok,source\n2026,1,1,vedtatt,abc,S\n")
    with pytest.raises(CommandError, match="Linje 2"):
        call_command("import_budget_figures", str(path))
    assert not BudgetPost.objects.exists()


def test_only_the_secretariat_imports_figures(nito_editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.budget_figures_import(rows=[], user=nito_editor)


def test_the_asked_versus_got_chart_is_stored_with_its_numbers(client, world):
    from proposals.models import ChartKind, SummarySnapshot
    from proposals.summaries import snapshots

    snapshots.summaries_refresh()
    snapshot = SummarySnapshot.objects.get(kind=ChartKind.ASKED_VS_GOT, language="nb")
    table = {row[0]: row for row in snapshot.rows}
    assert table["Kap. 746, post 01 (2026)"][2:8] == [
        458_591_000,
        30_000_000,
        2,
        468_591_000,
        10_000_000,
        466_000_000,
    ]
    # Asked for by nobody, but its figures are known: it is in the chart with no ask.
    assert table["Kap. 740, post 01 (2026)"][3:5] == [None, 0]
    page = client.get(reverse("portal:budget_list")).content.decode()
    assert "Ønsket og fått per budsjettpost" in page
