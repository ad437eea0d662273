"""``import_stortinget`` and the import service against saved answers."""

import urllib.error
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from organizations.models import NameReview, Organisation, OrganisationAlias
from proposals.models import (
    Case,
    Committee,
    Hearing,
    HearingSubmission,
    ImportChange,
    PolicyDocument,
    ProgrammeEntry,
    Submission,
)
from proposals.process import services
from proposals.process.sources import SourceUnavailable, StortingetClient

pytestmark = pytest.mark.django_db


def _import(path, **options):
    out = StringIO()
    call_command("import_stortinget", "--from", str(path), *options.get("args", []), stdout=out)
    return out.getvalue()


def test_a_folder_of_answers_is_imported_and_the_bad_files_reported(samples, meld_st_9, nito):
    output = _import(samples)

    assert set(Hearing.objects.values_list("storting_id", flat=True)) == {
        10001,
        10002,
        10003,
        10004,
    }
    hearing = Hearing.objects.get(storting_id=10001)
    assert hearing.committee.storting_id == "HELSE"
    assert hearing.committee.name == "Helse- og omsorgskomiteen"
    assert hearing.session.storting_id == "2023-2024"
    assert hearing.times.get().place.startswith("Stortinget")
    case = hearing.cases.get()
    assert case.storting_id == 92510
    # "Meld. St. 9 (2023-2024)" with a hyphen: the one identifier parser finds the document.
    assert case.document == meld_st_9
    assert case.recommendation_reference == "Innst. 240 S (2023–2024)"
    assert [step.name for step in case.steps.all()][:2] == ["Mottatt", "Komitébehandling"]
    assert case.steps.get(number=4).not_applicable
    for name in ("bomb.xml", "external-entity.xml", "broken.xml"):
        assert name in output
    assert "«id» mangler" in output


def test_the_cancelled_and_the_empty_hearing_are_kept_as_they_are(samples, meld_st_9):
    _import(samples)
    cancelled = Hearing.objects.get(storting_id=10002)
    assert cancelled.is_cancelled
    assert cancelled.starts_at is None
    assert cancelled.written_only
    empty = Hearing.objects.get(storting_id=10003)
    assert not empty.submissions.exists()
    # A case the hearing hears names a document that was not known: it is created.
    assert PolicyDocument.objects.filter(identifier="Prop. 51 L (2023–2024)").exists()


def test_submissions_are_matched_and_the_unmatched_names_queued(samples, meld_st_9, nito):
    _import(samples)
    received = {row.storting_id: row for row in HearingSubmission.objects.all()}
    # The row with a bad date and the one without a sender are reported, not imported.
    assert set(received) == {50001, 50002, 50003}
    assert received[50001].organisation == nito
    assert received[50001].submission.document == meld_st_9
    assert received[50001].submission.source == Submission.Source.HEARING
    assert "Rekruttere og beholde personell" in received[50001].submission.text
    assert received[50003].organisation is None
    assert received[50003].submission is None
    assert "<" not in received[50003].text and "alert" not in received[50003].text
    assert "• Regjeringen må styrke sykepleierutdanningen" in received[50003].text
    assert set(NameReview.objects.values_list("name", flat=True)) >= {
        "Norsk Sykepleierforbund (NSF)",
        "Helsepersonellkommisjonen v/ leder",
    }


def test_the_programme_is_in_speaking_order_with_matched_organisations(samples, meld_st_9, nito):
    _import(samples)
    programme = list(ProgrammeEntry.objects.filter(hearing__storting_id=10001))
    assert [(entry.order, entry.participant) for entry in programme] == [
        (1, "NITO"),
        (2, "Norsk Sykepleierforbund"),
        (3, "Helsepersonellkommisjonen v/ leder"),
    ]
    assert programme[0].organisation == nito
    assert programme[0].time_slot == "09.00–09.05"


def test_a_second_import_updates_and_records_the_changed_title(samples, meld_st_9, nito):
    _import(samples)
    counts = (Hearing.objects.count(), Case.objects.count(), HearingSubmission.objects.count())
    output = _import(samples / "second")
    assert (
        Hearing.objects.count(),
        Case.objects.count(),
        HearingSubmission.objects.count(),
    ) == counts
    case = Case.objects.get(storting_id=92510)
    assert case.title.endswith("(revidert)")
    change = ImportChange.objects.get(model="sak", storting_id="92510", field="title")
    assert change.old.endswith("Vår felles helsetjeneste")
    assert change.new.endswith("(revidert)")
    assert "sak 92510 title" in output


def test_a_third_import_of_the_same_answers_changes_nothing(samples, meld_st_9, nito):
    _import(samples)
    before = ImportChange.objects.count()
    output = _import(samples)
    assert ImportChange.objects.count() == before, output
    assert "created" not in output.split("hoppet over")[0].replace("unchanged", "")


def test_a_dry_run_prints_what_would_change_and_keeps_nothing(samples, meld_st_9, nito):
    output = _import(samples, args=["--dry-run"])
    assert "Prøvekjøring" in output
    assert "høring: created 4" in output
    assert not Hearing.objects.exists()
    assert not Committee.objects.exists()


def test_committee_and_hearing_narrow_the_import(samples, meld_st_9):
    _import(samples, args=["--committee", "ARBSOS"])
    assert list(Hearing.objects.values_list("storting_id", flat=True)) == [10004]
    assert not HearingSubmission.objects.exists()
    _import(samples, args=["--hearing", "10003"])
    assert set(Hearing.objects.values_list("storting_id", flat=True)) == {10003, 10004}


def test_an_import_for_another_session_is_refused_by_row(samples):
    output = _import(samples, args=["--session", "2024-2025"])
    assert "sesjon 2023-2024, ikke 2024-2025" in output
    assert not Hearing.objects.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "/nonexistent/answers"], "Fant ingen fil eller mappe"),
        (["--from", "x", "--session", "2023/2024"], "ikke en sesjon"),
        (["--url", "https://example.invalid/"], "--session"),
    ],
)
def test_bad_arguments_get_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_stortinget", *args, stdout=StringIO())


def test_a_confirmed_name_becomes_an_alias_and_settles_its_rows(samples, meld_st_9, secretary):
    nsf = Organisation.objects.create(
        name="Sykepleierforbundet",
        short_name="Sykepleierne",
        slug="sykepleierne",
        kind="trade_union",
    )
    _import(samples)
    review = NameReview.objects.get(name="Norsk Sykepleierforbund (NSF)")
    settled = services.name_review_confirm(review=review, organisation=nsf, user=secretary)
    assert settled == 1
    received = HearingSubmission.objects.get(storting_id=50003)
    assert received.organisation == nsf
    assert received.submission.organisation == nsf
    assert OrganisationAlias.objects.filter(organisation=nsf, name=review.name).exists()
    review.refresh_from_db()
    assert review.state == NameReview.State.CONFIRMED
    # Remembered: the next import matches the name at once.
    HearingSubmission.objects.filter(storting_id=50003).update(organisation=None)
    _import(samples)
    assert HearingSubmission.objects.get(storting_id=50003).organisation == nsf


def test_only_the_secretariat_settles_names(samples, meld_st_9, nito, nito_editor):
    _import(samples)
    review = NameReview.objects.first()
    with pytest.raises(services.PermissionDenied):
        services.name_review_confirm(review=review, organisation=nito, user=nito_editor)


def test_a_new_organisation_is_created_from_a_name(samples, meld_st_9, secretary):
    _import(samples)
    review = NameReview.objects.get(name="Helsepersonellkommisjonen v/ leder")
    organisation = services.name_review_create_organisation(
        review=review,
        name="Helsepersonellkommisjonen",
        short_name="HPK",
        kind="council",
        user=secretary,
    )
    assert HearingSubmission.objects.get(storting_id=50002).organisation == organisation
    assert ProgrammeEntry.objects.get(order=3).organisation == organisation


# --- the service over the network, with the network replaced ----------------


class _Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 2))
        self.now += seconds

    def __call__(self):
        return self.now


def test_the_client_spaces_its_calls_and_retries_with_growing_pauses():
    clock = _Clock()
    attempts = []

    def fetch(url, timeout):
        attempts.append(url)
        if len(attempts) < 3:
            raise urllib.error.URLError("connection refused")
        return b"<ok/>"

    client = StortingetClient(
        "https://data.example/eksport", fetch=fetch, sleep=clock.sleep, clock=clock
    )
    url, data = client.get("horinger", sesjonid="2023-2024")
    assert url == "https://data.example/eksport/horinger?sesjonid=2023-2024"
    assert data == b"<ok/>"
    assert len(attempts) == 3
    assert clock.sleeps == [2.0, 4.0]  # back-off; each pause is also longer than the spacing
    client.get("horingsinnspill", horingid=1)
    assert clock.sleeps == [2.0, 4.0, 0.6]  # the next call waits its turn: 100 a minute


def test_an_unreachable_service_ends_with_one_clear_message():
    clock = _Clock()

    def fetch(url, timeout):
        raise urllib.error.URLError("Name or service not known")

    client = StortingetClient(fetch=fetch, sleep=clock.sleep, clock=clock)
    with pytest.raises(
        SourceUnavailable, match="Får ikke kontakt med Stortingets data .* 4 forsøk"
    ):
        services.stortinget_import(client=client, session="2023-2024")


def test_the_service_is_read_hearing_by_hearing(samples, meld_st_9, nito):
    answers = {
        "horinger": (samples / "horinger-2023-2024.xml").read_bytes(),
        "horingsinnspill?horingid=10001": (samples / "horingsinnspill-10001.xml").read_bytes(),
        "horingsprogram?horingid=10001": (samples / "horingsprogram-10001.xml").read_bytes(),
        "sak?sakid=92510": (samples / "sak-92510.xml").read_bytes(),
    }
    empty = b'<horingsinnspill_oversikt xmlns="http://data.stortinget.no"><horing_id>{}</horing_id></horingsinnspill_oversikt>'

    def fetch(url, timeout):
        tail = url.rsplit("/", 1)[-1].replace("?sesjonid=2023-2024", "")
        if tail in answers:
            return answers[tail]
        if tail.startswith(("horingsinnspill", "horingsprogram")):
            return empty.replace(b"{}", tail.rsplit("=", 1)[-1].encode())
        return b'<detaljert_sak xmlns="http://data.stortinget.no"><id>1</id></detaljert_sak>'

    clock = _Clock()
    client = StortingetClient(fetch=fetch, sleep=clock.sleep, clock=clock)
    report = services.stortinget_import(client=client, session="2023-2024", committee="HELSE")
    assert set(Hearing.objects.values_list("storting_id", flat=True)) == {10001, 10002, 10003}
    assert HearingSubmission.objects.filter(hearing__storting_id=10001).count() == 3
    assert Case.objects.get(storting_id=92510).steps.count() == 4
    # 1 list of hearings, programme and submissions for 3 hearings, 3 cases.
    assert client.calls == 1 + 3 * 2 + 3
    assert report.counts["høring"]["created"] == 3
