import pytest
from django.urls import reverse

from tests.factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_demands(nito, tekna, nou):
    make_demand(organisation=nito, document=nou, status="submitted", title="Synlig NITO-krav")
    make_demand(organisation=nito, document=nou, status="draft", title="Hemmelig NITO-kladd")
    make_demand(organisation=tekna, document=nou, status="adopted", title="Synlig Tekna-krav")


def _row_count(html: str, organisation_name: str) -> str:
    """The demand count cell that follows the organisation's row in the table."""
    row = html.split(organisation_name, 1)[1].split("</tr>", 1)[0]
    return row.rsplit('<td class="num">', 1)[1].split("<", 1)[0]


def test_organisations_page_counts_only_published_demands_for_the_public(client, some_demands):
    response = client.get(reverse("portal:organisation_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _row_count(html, "Norges ingeniør- og teknologorganisasjon") == "1"
    assert _row_count(html, "Tekna – Teknisk-naturvitenskapelig forening") == "1"
    assert "Hemmelig" not in html


def test_organisations_page_counts_own_drafts_for_the_organisations_editor(
    client_for, nito_editor, some_demands
):
    html = client_for(nito_editor).get(reverse("portal:organisation_list")).content.decode()
    assert _row_count(html, "Norges ingeniør- og teknologorganisasjon") == "2"


def test_organisations_page_query_count_does_not_grow_with_organisations(
    client, django_assert_max_num_queries, some_demands
):
    from tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(30)
    # 1: organisations annotated with their visible demand count.
    with django_assert_max_num_queries(1):
        response = client.get(reverse("portal:organisation_list"))
    assert response.status_code == 200


def test_home_lists_documents_and_organisations_without_drafts(
    client, django_assert_max_num_queries, some_demands
):
    # 1: documents with counts, 2: organisations with counts, 3: latest changes,
    # +1 for the charts tag.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "NOU 2023:4" in html
    assert "Norges ingeniør- og teknologorganisasjon" in html
    assert "Synlig Tekna-krav" in html
    assert "Hemmelig NITO-kladd" not in html


def test_an_unknown_organisation_is_a_404(client, db):
    assert client.get("/organisations/finnes-ikke/").status_code == 404


def test_every_portal_page_is_in_the_main_menu(client, db):
    html = client.get(reverse("portal:home")).content.decode()
    menu = html.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    for name in ("document_list", "demand_list", "budget_list", "organisation_list"):
        assert f'href="{reverse("portal:" + name)}"' in menu


def test_links_to_filtered_demands_carry_ids_without_digit_grouping():
    from proposals.templatetags.kravsporing import demands_url

    assert demands_url(document=12345, organisation=None) == "/demands/?document=12345"
