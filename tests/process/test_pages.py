"""The case and hearing pages, the secretariat's hearings, the import screen, names to settle."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from organizations.models import NameReview
from proposals.demands import services as demand_services
from proposals.models import Case, Demand, DemandStatus, Hearing, HearingSubmission, ImportRun
from proposals.submissions import imports

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(samples, meld_st_9, nito, tekna, django_capture_on_commit_callbacks):
    # The callbacks after the commit run the analysis of each matched submission.
    with django_capture_on_commit_callbacks(execute=True):
        _run_import(samples)
    return Hearing.objects.get(storting_id=10001)


def _run_import(samples):
    call_command(
        "import_stortinget", "--from", str(samples), verbosity=0, stdout=open("/dev/null", "w")
    )
    return Hearing.objects.get(storting_id=10001)


def _demand_from(received, user, status=DemandStatus.SUBMITTED, title="Flere studieplasser"):
    demand = demand_services.demand_create(
        user=user,
        organisation=received.organisation,
        document=received.submission.document,
        submission=received.submission,
        title=title,
        text="Regjeringen må øke antallet studieplasser.",
        stance="wants_change",
        check_permission=False,
    )
    if status != DemandStatus.DRAFT:
        demand_services.demand_change_status(
            demand=demand, to_status=status, user=user, note="", check_permission=False
        )
    return demand


def test_the_case_page_shows_document_steps_hearings_and_submissions(client, imported, meld_st_9):
    case = Case.objects.get(storting_id=92510)
    html = client.get(case.get_absolute_url()).content.decode()
    assert meld_st_9.get_absolute_url() in html
    assert "Komitébehandling" in html
    assert imported.get_absolute_url() in html
    assert "Norges ingeniør- og teknologorganisasjon" in html
    assert "Norsk Sykepleierforbund (NSF)" in html  # as written, not yet matched
    assert "01.02.2024" in html


def test_the_hearing_page_shows_programme_cases_and_submissions(client, imported):
    html = client.get(imported.get_absolute_url()).content.decode()
    assert html.index("NITO</a>") < html.index("Norsk Sykepleierforbund</th>")
    assert "09.00–09.05" in html
    assert "Nasjonal helse- og samhandlingsplan 2024–2027" in html
    assert "Prinsens gate 26" in html


def test_the_cancelled_hearing_says_so(client, imported):
    cancelled = Hearing.objects.get(storting_id=10002)
    assert "Høringen er avlyst." in client.get(cancelled.get_absolute_url()).content.decode()


def test_the_document_links_to_its_case_and_hearings(client, imported, meld_st_9):
    html = client.get(meld_st_9.get_absolute_url()).content.decode()
    assert Case.objects.get(storting_id=92510).get_absolute_url() in html
    assert imported.get_absolute_url() in html


def test_an_unknown_case_or_hearing_is_a_404(client, db):
    assert client.get("/cases/999999/").status_code == 404
    assert client.get("/hearings/999999/").status_code == 404


def test_a_draft_demand_from_a_hearing_submission_is_not_counted_for_the_public(
    client, client_for, imported, nito_editor, secretary
):
    received = HearingSubmission.objects.get(storting_id=50001)
    _demand_from(received, nito_editor, DemandStatus.DRAFT, title="Et utkast")
    case = Case.objects.get(storting_id=92510)
    html = client.get(case.get_absolute_url()).content.decode()
    assert '<td class="num">0</td></tr></tfoot>' in html
    html = client_for(nito_editor).get(case.get_absolute_url()).content.decode()
    assert '<td class="num">1</td></tr></tfoot>' in html


def _add_submissions(hearing, n):
    HearingSubmission.objects.bulk_create(
        HearingSubmission(hearing=hearing, storting_id=70000 + i, organisation_name=f"Org {i}")
        for i in range(n)
    )


def test_the_pages_query_counts_do_not_grow_with_submissions(
    client, imported, django_assert_max_num_queries
):
    case = Case.objects.get(storting_id=92510)
    # Case: 1 case, 2 steps, 3 hearings, 4 times, 5 submissions, the document's
    # overview (6 chapters, 7 counts by depth, 8 totals).
    with django_assert_max_num_queries(8):
        client.get(case.get_absolute_url())
    # Hearing: 1 hearing, 2 times, 3 cases, 4 programme, 5 submissions.
    with django_assert_max_num_queries(5):
        client.get(imported.get_absolute_url())
    _add_submissions(imported, 40)
    with django_assert_max_num_queries(8):
        assert "Org 39" in client.get(case.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(5):
        assert "Org 39" in client.get(imported.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "name, args",
    [
        ("secretariat:hearing_list", []),
        ("secretariat:hearing_work", ["hearing"]),
        ("secretariat:import_start", []),
        ("secretariat:name_list", []),
    ],
)
@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("nito_editor", 403), ("secretary", 200), ("admin_user", 200)],
)
def test_the_secretariat_screens_are_the_secretariats(
    request, client_for, imported, name, args, who, expected
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    url = reverse(name, args=[imported.pk if arg == "hearing" else arg for arg in args])
    response = client_for(user).get(url) if user else request.getfixturevalue("client").get(url)
    assert response.status_code == expected


def test_the_hearing_list_counts_submissions_read_and_reviewed(
    client_for, imported, secretary, nito_editor, django_assert_max_num_queries
):
    received = HearingSubmission.objects.get(storting_id=50001)
    _demand_from(received, nito_editor)
    client = client_for(secretary)
    # The request's own (session, user, its roles and the session checks of the login
    # middleware: up to 8), then sessions, committees and hearings: one query each.
    with django_assert_max_num_queries(11):
        html = client.get(
            reverse("secretariat:hearing_list"), {"committee": "HELSE"}
        ).content.decode()
    row = html.split(reverse("secretariat:hearing_work", args=[imported.pk]))[1].split("</tr>")[0]
    assert '<td class="num">3</td><td class="num">1</td><td class="num">1</td>' in row
    assert "ARBSOS" not in html.split("<tbody>")[1]


def test_the_secretariat_reviews_a_hearing_submission_and_creates_submitted_demands(
    client_for, imported, secretary, nito
):
    received = HearingSubmission.objects.get(storting_id=50001)
    # What the analysis task does once the import has committed.
    imports.submission_analyse(submission=received.submission)
    client = client_for(secretary)
    work = client.get(reverse("secretariat:hearing_work", args=[imported.pk])).content.decode()
    review_url = reverse("secretariat:import_review", args=[received.submission.pk])
    assert review_url in work
    assert client.get(review_url).status_code == 200
    review = imports.import_review(submission=received.submission)
    drafts = imports.drafts_from_candidates(
        document=received.submission.document, candidates=review.analysis["candidates"][:2]
    )
    created = imports.submission_create_demands(
        submission=received.submission, drafts=drafts, user=secretary
    )
    assert created and all(demand.status == DemandStatus.SUBMITTED for demand in created)
    assert {demand.organisation for demand in created} == {nito}
    demand = Demand.objects.get(pk=created[0].pk)
    assert demand.submission.hearing_source.hearing == imported


def test_the_import_screen_runs_the_import_and_reports(
    client_for, samples, meld_st_9, nito, secretary, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml")
        for path in sorted(samples.glob("*.xml"))
    ]
    client = client_for(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("secretariat:import_start"), {"files": files, "session": "2023-2024"}
        )
    assert response.status_code == 302, response.content.decode()[-3000:]
    run = ImportRun.objects.get()
    assert response.url == reverse("secretariat:import_run", args=[run.pk])
    assert run.state == ImportRun.State.DONE
    assert run.done == run.total > 0
    html = client.get(response.url).content.decode()
    assert "usikker XML avvist" in html
    assert Hearing.objects.filter(storting_id=10001).exists()
    progress = client.get(response.url, {"format": "json"}).json()
    assert progress == {"state": "done", "done": run.total, "total": run.total, "percent": 100}


def test_the_import_screen_asks_for_files(client_for, secretary):
    response = client_for(secretary).post(reverse("secretariat:import_start"), {"session": "2023"})
    assert response.status_code == 200
    assert "Velg minst én lagret svarfil." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_name_is_confirmed_on_its_screen(client_for, imported, secretary, tekna):
    review = NameReview.objects.get(name="Norsk Sykepleierforbund (NSF)")
    client = client_for(secretary)
    url = reverse("secretariat:name_detail", args=[review.pk])
    assert review.name in client.get(reverse("secretariat:name_list")).content.decode()
    response = client.post(url, {"action": "confirm", "organisation": tekna.pk})
    assert response.status_code == 302
    assert HearingSubmission.objects.get(storting_id=50003).organisation == tekna
    # Settled once: a second confirmation is refused with a message, not a 500.
    again = client.post(url, {"action": "confirm", "organisation": tekna.pk})
    assert again.status_code == 200


def test_a_new_organisation_is_made_on_the_name_screen_and_bad_input_explained(
    client_for, imported, secretary
):
    review = NameReview.objects.get(name="Helsepersonellkommisjonen v/ leder")
    url = reverse("secretariat:name_detail", args=[review.pk])
    client = client_for(secretary)
    bad = client.post(url, {"action": "create", "name": "", "short_name": "HPK", "kind": "council"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    good = client.post(
        url,
        {
            "action": "create",
            "name": "Helsepersonellkommisjonen",
            "short_name": "HPK",
            "kind": "council",
        },
    )
    assert good.status_code == 302
    assert HearingSubmission.objects.get(storting_id=50002).organisation.short_name == "HPK"


def test_only_the_secretariat_posts_to_the_name_screen(client_for, imported, nito_editor, nito):
    review = NameReview.objects.first()
    url = reverse("secretariat:name_detail", args=[review.pk])
    assert (
        client_for(nito_editor)
        .post(url, {"action": "confirm", "organisation": nito.pk})
        .status_code
        == 403
    )
    review.refresh_from_db()
    assert review.state == NameReview.State.OPEN
