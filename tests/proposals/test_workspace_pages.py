"""The organisation workspace, as an editor uses it: write, submit, revise, withdraw."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from proposals.demands import services
from proposals.models import Chapter, Demand, DemandStatus, DemandVersion
from proposals.reference import services as reference_services
from tests.factories import BudgetPostFactory, UserFactory, make_demand, member

pytestmark = pytest.mark.django_db


def _form(demand, **changes):
    data = {
        "title": demand.title,
        "text": demand.text,
        "rationale": demand.rationale,
        "stance": demand.stance,
        "requested_amount_nok": demand.requested_amount_nok or "",
        "chapters": list(demand.chapters.values_list("pk", flat=True)),
        "version": demand.version,
    }
    data.update(changes)
    return data


# --- Logging in and out, passwords -------------------------------------------------------


def test_an_editor_logs_in_sees_the_workspace_link_and_logs_out(client, nito_editor):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'for="id_username"' in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "nora.nito", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("workspace:home") in home
    assert "Mitt arbeid" in home
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("workspace:home")).status_code == 302


def test_a_wrong_password_gets_a_norwegian_message(client, nito_editor):
    response = client.post(reverse("login"), {"username": "nora.nito", "password": "feil"})
    assert response.status_code == 200
    assert "Brukernavnet eller passordet er feil" in response.content.decode()


def test_the_secretary_sees_the_secretariat_link_not_the_workspace(client_for, secretary):
    html = client_for(secretary).get(reverse("portal:home")).content.decode()
    assert reverse("secretariat:queue") in html
    assert reverse("workspace:home") not in html


def test_a_password_is_changed(client_for, nito_editor):
    client = client_for(nito_editor)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Ny-og-lang-frase-42",
            "new_password2": "Ny-og-lang-frase-42",
        },
    )
    assert response.status_code == 302
    nito_editor.refresh_from_db()
    assert nito_editor.check_password("Ny-og-lang-frase-42")


def test_a_forgotten_password_is_reset_through_the_mailed_link(
    client, nito_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        # The mail goes through the outbox; the commit's kick delivers it (eager here).
        response = client.post(reverse("password_reset"), {"email": nito_editor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Velg et nytt passord" in body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Helt-nytt-pass-77", "new_password2": "Helt-nytt-pass-77"}
    )
    assert done.status_code == 302
    nito_editor.refresh_from_db()
    assert nito_editor.check_password("Helt-nytt-pass-77")


# --- The workspace home --------------------------------------------------------------


def test_the_home_lists_own_demands_with_drafts_and_not_others(
    client_for, nito, tekna, nou, nito_editor, django_assert_max_num_queries
):
    make_demand(organisation=nito, document=nou, status="draft", title="Vår kladd")
    make_demand(organisation=nito, document=nou, status="adopted", title="Vårt vedtatte")
    make_demand(organisation=tekna, document=nou, status="submitted", title="Teknas krav")
    for number in range(20):
        make_demand(organisation=nito, document=nou, status="draft", title=f"Kladd {number}")
    Membership.objects.filter(user=nito_editor).update(last_seen_at=timezone.now())
    client = client_for(nito_editor)
    # 1 session, 2 user, 3 memberships (roles), 4-5 the user's and groups' permissions
    # (is the user a secretary?), 6 memberships with organisations, 7 changes since the
    # last visit, 8 count + 9 page of demands, 10 submissions, 11 mark the visit as seen,
    # 12 memberships, 13 status changes and 14 curation for the activity list.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workspace:home"))
    html = response.content.decode()
    assert "Vår kladd" in html and "Vårt vedtatte" in html
    assert "Teknas krav" not in html


def test_the_home_shows_status_changes_by_others_since_the_last_visit(
    client_for, nito, nou, nito_editor, secretary
):
    demand = make_demand(organisation=nito, document=nou, status="submitted", title="Mitt krav")
    Membership.objects.filter(user=nito_editor).update(
        last_seen_at=timezone.now() - timedelta(hours=1)
    )
    services.demand_change_status(
        demand=demand, to_status="under_consideration", user=secretary, note="Tas opp i møtet."
    )
    client = client_for(nito_editor)
    html = client.get(reverse("workspace:home")).content.decode()
    since = html.split('id="since-heading"', 1)[1].split("</section>", 1)[0]
    assert "Mitt krav" in since and "Til behandling" in since and "Tas opp i møtet." in since
    # Seen now: the next visit has nothing new.
    again = client.get(reverse("workspace:home")).content.decode()
    since = again.split('id="since-heading"', 1)[1].split("</section>", 1)[0]
    assert "Mitt krav" not in since
    assert Membership.objects.get(user=nito_editor).last_seen_at > timezone.now() - timedelta(
        minutes=1
    )


def test_a_secretary_without_membership_gets_403_in_the_workspace(client_for, secretary):
    assert client_for(secretary).get(reverse("workspace:home")).status_code == 403


# --- Writing, submitting, revising, withdrawing ---------------------------------------


def test_an_editor_writes_submits_revises_and_withdraws_a_demand(
    client_for, nito, nou, nito_editor, secretary
):
    client = client_for(nito_editor)
    choose = client.get(reverse("workspace:demand_new"))
    assert "Velg først dokumentet" in choose.content.decode()
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    chapter = Chapter.objects.get(document=nou, number="10.3")
    post = BudgetPostFactory()
    response = client.post(
        url,
        {
            "organisation": nito.pk,
            "title": "Flere studieplasser i ingeniørfag",
            "text": "Regjeringen må øke antall studieplasser.",
            "stance": "new_measure",
            "requested_amount_nok": "40000000",
            "chapters": [chapter.pk],
            "budget_posts": [post.pk],
        },
    )
    demand = Demand.objects.get(title="Flere studieplasser i ingeniørfag")
    assert response.status_code == 302
    assert demand.status == DemandStatus.DRAFT
    assert demand.requested_amount_nok == 40_000_000
    assert list(demand.chapters.all()) == [chapter]

    status_url = reverse("workspace:demand_status", args=[demand.pk])
    client.post(status_url, {"to_status": "submitted", "expected_status": "draft"})
    demand.refresh_from_db()
    assert demand.status == DemandStatus.SUBMITTED

    edit_url = reverse("workspace:demand_edit", args=[demand.pk])
    assert "ny versjon av standpunktet" in client.get(edit_url).content.decode()
    client.post(edit_url, _form(demand, text="Regjeringen må øke antall studieplasser kraftig."))
    demand.refresh_from_db()
    assert demand.version == 2

    detail = client.get(reverse("workspace:demand_detail", args=[demand.pk])).content.decode()
    assert "<ins> kraftig</ins>" in detail
    assert "Versjon 2" in detail and "Versjon 1" in detail

    client.post(status_url, {"to_status": "withdrawn", "expected_status": "submitted"})
    demand.refresh_from_db()
    assert demand.status == DemandStatus.WITHDRAWN
    assert list(demand.status_changes.values_list("to_status", flat=True)) == [
        "submitted",
        "withdrawn",
    ]
    # A withdrawn demand is closed for edits, but can be put forward again.
    assert client.get(edit_url).status_code == 302
    client.post(status_url, {"to_status": "submitted", "expected_status": "withdrawn"})
    demand.refresh_from_db()
    assert demand.status == DemandStatus.SUBMITTED


def test_save_and_submit_at_once(client_for, nito, nou, nito_editor):
    client = client_for(nito_editor)
    client.post(
        reverse("workspace:demand_new") + f"?document={nou.pk}",
        {
            "organisation": nito.pk,
            "title": "Med én gang",
            "text": "Levert straks.",
            "stance": "supports",
            "submit_now": "1",
        },
    )
    assert Demand.objects.get(title="Med én gang").status == DemandStatus.SUBMITTED


def test_the_form_explains_its_errors_in_norwegian(client_for, nito, nou, nito_editor):
    response = client_for(nito_editor).post(
        reverse("workspace:demand_new") + f"?document={nou.pk}",
        {"organisation": nito.pk, "title": "", "text": " ", "stance": "x", "chapters": ["abc"]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Feltet er påkrevet.") == 2
    assert 'aria-describedby="id_title_error"' in html and 'id="id_title_error"' in html
    assert "Velg et gyldig valg. x er ikke et av de tilgjengelige valgene." in html
    assert Demand.objects.count() == 0


def test_chapters_of_another_document_are_refused_by_the_form(client_for, nito, nou, nito_editor):
    from proposals.models import PolicyDocument

    other = PolicyDocument.objects.create(identifier="NOU 2020:15", slug="nou-2020-15", title="X")
    foreign = reference_services.chapter_upsert(document=other, number="3", title="Fremmed")
    response = client_for(nito_editor).post(
        reverse("workspace:demand_new") + f"?document={nou.pk}",
        {
            "organisation": nito.pk,
            "title": "T",
            "text": "Tekst",
            "stance": "supports",
            "chapters": [foreign.pk],
        },
    )
    assert "hører ikke til NOU 2023:4" in response.content.decode()
    assert Demand.objects.count() == 0


def test_an_unknown_document_or_demand_is_a_clear_answer_not_a_500(client_for, nito_editor):
    client = client_for(nito_editor)
    response = client.get(reverse("workspace:demand_new") + "?document=99999")
    assert response.status_code == 200
    assert "Velg et dokument fra listen." in response.content.decode()
    assert client.get(reverse("workspace:demand_new") + "?document=%00").status_code == 200
    assert client.get("/workspace/demands/99999/").status_code == 404


def test_a_viewer_member_sees_the_workspace_but_cannot_write(client_for, nito, nou):
    viewer = member(UserFactory(username="vera.viewer"), nito, role=Membership.Role.VIEWER)
    demand = make_demand(organisation=nito, document=nou, status="draft", title="Lesbar kladd")
    client = client_for(viewer)
    assert "Lesbar kladd" in client.get(reverse("workspace:home")).content.decode()
    assert client.get(reverse("workspace:demand_new")).status_code == 403
    assert client.get(reverse("workspace:demand_edit", args=[demand.pk])).status_code == 403
    response = client.post(
        reverse("workspace:demand_status", args=[demand.pk]),
        {"to_status": "submitted", "expected_status": "draft"},
    )
    assert response.status_code == 403
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.DRAFT


# --- No lost updates: two people editing at once ----------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused_with_what_changed(
    client_for, nito, nou, nito_editor
):
    colleague = member(UserFactory(username="nils.nito"), nito)
    demand = make_demand(
        organisation=nito, document=nou, status="submitted", text="Staten bør gjøre noe."
    )
    first, second = client_for(nito_editor), client_for(colleague)
    edit_url = reverse("workspace:demand_edit", args=[demand.pk])
    # Both open the form at version 1.
    assert 'name="version" value="1"' in first.get(edit_url).content.decode()
    assert 'name="version" value="1"' in second.get(edit_url).content.decode()

    saved = first.post(edit_url, _form(demand, text="Staten må gjøre mye mer."))
    assert saved.status_code == 302

    refused = second.post(edit_url, _form(demand, text="Staten bør gjøre noe nå."))
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Ikke lagret" in html
    assert "nora.nito" in html
    assert "<del>bør</del>" in html and "<ins>må</ins>" in html
    # The second person's text is kept in the form, now based on version 2.
    assert "Staten bør gjøre noe nå." in html
    assert 'name="version" value="2"' in html
    demand.refresh_from_db()
    assert (demand.text, demand.version) == ("Staten må gjøre mye mer.", 2)
    assert DemandVersion.objects.filter(demand=demand).count() == 2


def test_a_status_change_on_a_stale_page_is_refused_with_a_message(
    client_for, nito, nou, nito_editor, secretary
):
    demand = make_demand(organisation=nito, document=nou, status="submitted")
    services.demand_change_status(demand=demand, to_status="under_consideration", user=secretary)
    response = client_for(nito_editor).post(
        reverse("workspace:demand_status", args=[demand.pk]),
        {"to_status": "withdrawn", "expected_status": "submitted"},
        follow=True,
    )
    assert "allerede endret til «Til behandling»" in response.content.decode()
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.UNDER_CONSIDERATION


def test_a_move_the_table_refuses_gives_a_message_not_an_error(client_for, nito, nou, nito_editor):
    demand = make_demand(organisation=nito, document=nou, status="draft")
    response = client_for(nito_editor).post(
        reverse("workspace:demand_status", args=[demand.pk]),
        {"to_status": "adopted", "expected_status": "draft"},
        follow=True,
    )
    assert response.status_code == 200
    assert "kan ikke få status «Imøtekommet»" in response.content.decode()


# --- The searchable picker ----------------------------------------------------------------


def test_the_chapter_search_finds_by_number_and_by_word(client_for, nou, nito_editor):
    client = client_for(nito_editor)
    url = reverse("workspace:search_chapters")
    by_number = client.get(url, {"document": nou.pk, "q": "10"}).json()["results"]
    assert [r["label"].split()[0] for r in by_number] == ["10", "10.3", "10.9", "10.11"]
    by_word = client.get(url, {"document": nou.pk, "q": "digitalisering"}).json()["results"]
    assert [r["label"] for r in by_word] == ["12 Digitalisering"]
    assert client.get(url, {"q": "10"}).status_code == 400


def test_the_budget_post_search_finds_by_chapter_and_post(client_for, nito_editor):
    BudgetPostFactory(chapter=701, post=21)
    BudgetPostFactory(chapter=732, post=70, chapter_name="Regionale helseforetak")
    client = client_for(nito_editor)
    url = reverse("workspace:search_budget_posts")
    assert [r["label"][:16] for r in client.get(url, {"q": "701 21"}).json()["results"]] == [
        "Kap. 701, post 2"
    ]
    assert len(client.get(url, {"q": "helseforetak"}).json()["results"]) == 1


def test_the_picker_endpoints_need_a_member_or_the_secretariat(client_for, secretary, nou):
    from tests.factories import UserFactory

    url = reverse("workspace:search_budget_posts")
    assert client_for(None).get(url).status_code == 302
    assert client_for(UserFactory(username="uten.rolle")).get(url).status_code == 403
    # The secretariat links chapters and posts with the same picker.
    assert client_for(secretary).get(url).status_code == 200


def test_the_form_works_without_javascript(client_for, nou, nito_editor):
    html = (
        client_for(nito_editor)
        .get(reverse("workspace:demand_new") + f"?document={nou.pk}")
        .content.decode()
    )
    # Every chapter is a labelled checkbox; the script only adds a search box.
    assert html.count('name="chapters"') == 5
    assert 'src="/static/js/picker.js"' in html


# --- The organisation's own profile ------------------------------------------------------


def test_an_editor_updates_the_organisations_profile(client_for, nito, nito_editor):
    client = client_for(nito_editor)
    url = reverse("workspace:organisation_edit", args=["nito"])
    response = client.post(url, {"description": "Ingeniører.", "website": "nito.no"})
    assert response.status_code == 302
    nito.refresh_from_db()
    assert (nito.description, nito.website) == ("Ingeniører.", "https://nito.no")
    bad = client.post(url, {"org_number": "123456789"})
    assert bad.status_code == 200
    assert "organisasjonsnummer" in bad.content.decode().lower()


def test_the_demand_page_query_count_does_not_grow_with_versions(
    client_for, nito, nou, nito_editor, django_assert_max_num_queries
):
    demand = make_demand(organisation=nito, document=nou, status="submitted", text="v1")
    for version in range(2, 8):
        services.demand_update(
            demand=demand, user=nito_editor, expected_version=version - 1, text=f"v{version}"
        )
    client = client_for(nito_editor)
    # 1 session, 2 user, 3 memberships, 4-5 permissions, 6 the demand, 7 chapters,
    # 8 budget posts, 9 versions, 10 status history, 11 the secretariat's curation.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workspace:demand_detail", args=[demand.pk]))
    assert response.content.decode().count("Versjon ") == 7


def test_an_editor_of_two_organisations_chooses_which_one_writes(client_for, nito, tekna, nou):
    both = member(member(UserFactory(username="bo.begge"), nito), tekna)
    client = client_for(both)
    url = reverse("workspace:demand_new") + f"?document={nou.pk}"
    assert 'name="organisation"' in client.get(url).content.decode()
    client.post(
        url,
        {"organisation": tekna.pk, "title": "For Tekna", "text": "Tekst", "stance": "supports"},
    )
    assert Demand.objects.get(title="For Tekna").organisation == tekna
    missing = client.post(url, {"title": "Uten valg", "text": "Tekst", "stance": "supports"})
    assert "Feltet er påkrevet." in missing.content.decode()


@pytest.mark.parametrize(
    ("written", "stored"),
    [("10 000 000", 10_000_000), ("1,5 mrd.", 1_500_000_000), ("-5 mill.", -5_000_000)],
)
def test_the_demand_form_reads_amounts_as_people_write_them(
    client_for, nito_editor, nito, nou, written, stored
):
    demand = make_demand(
        organisation=nito, document=nou, status=DemandStatus.DRAFT, requested_amount_nok=None
    )
    url = reverse("workspace:demand_edit", args=[demand.pk])
    response = client_for(nito_editor).post(url, _form(demand, requested_amount_nok=written))
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.requested_amount_nok == stored


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1,5", "«1,5» er ikke et helt antall kroner. Skriv for eksempel «1,5 mill.»"),
        ("mange", "Skriv beløpet i kroner, f.eks. «40 000 000»"),
        ("2 000 000 mrd.", "Beløpet kan ikke være større enn 1\u00a0000\u00a0000"),
    ],
)
def test_an_amount_that_cannot_be_read_is_refused_with_how_to_write_it(
    client_for, nito_editor, nito, nou, written, message
):
    demand = make_demand(
        organisation=nito, document=nou, status=DemandStatus.DRAFT, requested_amount_nok=7
    )
    url = reverse("workspace:demand_edit", args=[demand.pk])
    response = client_for(nito_editor).post(url, _form(demand, requested_amount_nok=written))
    assert response.status_code == 200
    assert message in response.content.decode()
    demand.refresh_from_db()
    assert demand.requested_amount_nok == 7
