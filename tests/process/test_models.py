from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from proposals.models import Case, Hearing, ProgrammeEntry, Session, Submission

pytestmark = pytest.mark.django_db


def test_a_session_is_written_as_two_consecutive_years():
    Session(storting_id="2023-2024").full_clean()
    for wrong in ("2023/2024", "2023-2025", "2023", ""):
        with pytest.raises(ValidationError):
            Session(storting_id=wrong).full_clean()


def test_a_case_and_a_hearing_are_stored_once_per_storting_id():
    Case.objects.create(storting_id=92510, title="Nasjonal helse- og samhandlingsplan")
    with pytest.raises(IntegrityError):
        Case.objects.create(storting_id=92510, title="Again")


@pytest.mark.parametrize("day", [None, date(2024, 2, 1)])
def test_a_programme_has_one_speaker_per_place_in_the_order(day):
    # Dated and undated entries each have their own constraint, so every database holds it.
    hearing = Hearing.objects.create(storting_id=1)
    ProgrammeEntry.objects.create(hearing=hearing, day=day, order=1, participant="NITO")
    ProgrammeEntry.objects.create(hearing=hearing, day=date(2024, 2, 2), order=2, participant="NSF")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProgrammeEntry.objects.create(hearing=hearing, day=day, order=1, participant="Tekna")


def test_a_submission_comes_from_an_upload_unless_said_otherwise(nito, nou):
    submission = Submission.objects.create(organisation=nito, document=nou, title="Svar")
    assert submission.source == Submission.Source.UPLOAD


def test_the_demo_has_a_hearing_on_meld_st_9_with_nitos_submission_and_loads_twice(client):
    from proposals.demo import load_demo
    from proposals.models import HearingSubmission

    load_demo()
    counts = (Hearing.objects.count(), Case.objects.count(), ProgrammeEntry.objects.count())
    load_demo()
    assert (Hearing.objects.count(), Case.objects.count(), ProgrammeEntry.objects.count()) == counts
    hearing = Hearing.objects.get(committee__storting_id="HELSE")
    case = hearing.cases.get()
    assert case.document.identifier == "Meld. St. 9 (2023–2024)"
    received = HearingSubmission.objects.get(hearing=hearing)
    assert received.organisation.short_name == "NITO"
    assert received.submission.source == Submission.Source.HEARING
    assert [entry.organisation.short_name for entry in hearing.programme.all()] == [
        "NITO",
        "Tekna",
        "HelseOmsorg21-rådet",
    ]
    html = client.get(case.document.get_absolute_url()).content.decode()
    assert hearing.get_absolute_url() in html
    assert client.get(case.get_absolute_url()).status_code == 200
