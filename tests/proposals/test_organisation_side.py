"""The organisation's side and the landing pages; the bulk form's allowed moves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import Demand
from tests.factories import UserFactory, make_demand

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("nito_editor", "/workspace/"),
        ("secretary", "/secretariat/"),
        ("admin_user", "/secretariat/"),
        ("nobody", "/"),
    ],
)
def test_after_logging_in_each_role_lands_where_it_works(request, client, role, landing):
    user = UserFactory(username="uten.rolle") if role == "nobody" else request.getfixturevalue(role)
    response = client.post(
        reverse("login"), {"username": user.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).url == landing


def test_a_next_address_still_wins(client, nito_editor):
    response = client.post(
        reverse("login") + "?next=/documents/",
        {"username": nito_editor.username, "password": "secret-pass-123", "next": "/documents/"},
    )
    assert response["Location"] == "/documents/"


def test_the_stance_has_no_default_and_must_be_chosen(client_for, nito_editor, nou):
    client = client_for(nito_editor)
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    html = client.get(url).content.decode()
    assert '<option value="" selected>Velg standpunkt</option>' in html
    response = client.post(url, {"title": "Uten standpunkt", "text": "Tekst.", "stance": ""})
    assert response.status_code == 200
    assert "Velg organisasjonens standpunkt." in response.content.decode()
    assert not Demand.objects.filter(title="Uten standpunkt").exists()


def test_the_queue_tells_the_bulk_form_each_rows_moves(client_for, secretary, nito, nou):
    submitted = make_demand(organisation=nito, document=nou, title="Levert krav")
    make_demand(organisation=nito, document=nou, title="Avgjort", status="adopted")
    html = client_for(secretary).get(reverse("secretariat:queue"), {"state": "all"}).content
    html = html.decode()
    import re

    pattern = rf'value="{submitted.pk}" id="pick-{submitted.pk}" data-allowed="([^"]*)"'
    allowed = set(re.search(pattern, html)[1].split())
    assert allowed == {
        "under_consideration",
        "addressed",
        "adopted",
        "partially_adopted",
        "not_adopted",
    }
    assert 'data-allowed="under_consideration"' in html  # the decided one may only be reopened


def test_several_drafts_are_submitted_at_once_or_none(client_for, nito_editor, nito, tekna, nou):
    one = make_demand(organisation=nito, document=nou, status="draft", title="En")
    two = make_demand(organisation=nito, document=nou, status="draft", title="To")
    theirs = make_demand(organisation=tekna, document=nou, status="draft", title="Deres")
    client = client_for(nito_editor)
    client.post(reverse("workspace:submit_drafts"), {"demands": [one.pk, theirs.pk]})
    assert Demand.objects.get(pk=one.pk).status == "draft"
    response = client.post(
        reverse("workspace:submit_drafts"), {"demands": [one.pk, two.pk]}, follow=True
    )
    assert "2 krav er levert." in response.content.decode()
    assert set(Demand.objects.filter(pk__in=[one.pk, two.pk]).values_list("status", flat=True)) == {
        "submitted"
    }
    assert Demand.objects.get(pk=theirs.pk).status == "draft"


def test_the_organisation_exports_its_own_demands_drafts_included(
    client_for, nito_editor, nito, tekna, nou
):
    import io

    from openpyxl import load_workbook

    make_demand(organisation=nito, document=nou, status="draft", title="=Kladden")
    make_demand(organisation=nito, document=nou, title="Levert")
    make_demand(organisation=tekna, document=nou, title="Teknas")
    client = client_for(nito_editor)
    text = client.get(reverse("workspace:export_csv")).content.decode("utf-8-sig")
    assert "'=Kladden" in text and "Levert" in text and "Teknas" not in text
    sheet = load_workbook(io.BytesIO(client.get(reverse("workspace:export_xlsx")).content)).active
    titles = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"=Kladden", "Levert"}
    assert client_for(None).get(reverse("workspace:export_csv")).status_code == 302


def test_withdrawing_asks_first_and_takes_an_optional_reason(client_for, nito_editor, nito, nou):
    demand = make_demand(organisation=nito, document=nou)
    client = client_for(nito_editor)
    page = client.get(reverse("workspace:demand_detail", args=[demand.pk])).content.decode()
    assert '<option value="withdrawn"' not in page
    assert reverse("workspace:demand_withdraw", args=[demand.pk]) in page
    confirm = client.get(reverse("workspace:demand_withdraw", args=[demand.pk]))
    assert "Ja, trekk kravet" in confirm.content.decode()
    assert Demand.objects.get(pk=demand.pk).status == "submitted"
    client.post(
        reverse("workspace:demand_withdraw", args=[demand.pk]),
        {"reason": "Dekket av et nytt innspill.", "expected_status": "submitted"},
    )
    assert Demand.objects.get(pk=demand.pk).status == "withdrawn"
    assert demand.status_changes.filter(note="Dekket av et nytt innspill.").exists()


@pytest.mark.parametrize("role", ["tekna_editor", "secretary"])
def test_others_cannot_withdraw(request, client_for, nito, nou, role):
    demand = make_demand(organisation=nito, document=nou)
    response = client_for(request.getfixturevalue(role)).post(
        reverse("workspace:demand_withdraw", args=[demand.pk]), {"expected_status": "submitted"}
    )
    assert response.status_code in (403, 404)
    assert Demand.objects.get(pk=demand.pk).status == "submitted"


def test_the_activity_list_stays_until_read(client_for, nito_editor, secretary, nito, nou):
    from proposals.demands import curation, publication
    from proposals.models import Chapter

    demand = make_demand(organisation=nito, document=nou, title="Flere studieplasser")
    client = client_for(nito_editor)
    client.get(reverse("workspace:home"))  # a first visit
    curation.demand_link_chapters(
        demand=demand, user=secretary, add=[Chapter.objects.get(document=nou, number="10.3")]
    )
    publication.outcome_prepare(demand=demand, user=secretary, to_status="adopted", note="Ja.")
    for _visit in range(2):  # still there on the next visit
        html = client.get(reverse("workspace:home")).content.decode()
        assert "Sekretariatet koblet kravet til kapittel 10.3" in html
        assert "Imøtekommet" not in html  # prepared, not yet published
    publication.outcomes_publish(user=secretary, document=nou)
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Sekretariatet publiserte utfallet «Imøtekommet»" in html
    client.post(reverse("workspace:activity_read"))
    html = client.get(reverse("workspace:home")).content.decode()
    assert "Ingen ulest aktivitet." in html
