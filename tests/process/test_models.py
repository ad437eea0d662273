import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from proposals.models import Case, Hearing, ProgrammeEntry, Session, Submission
from tests.conftest import require_postgresql

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


def test_a_programme_has_one_speaker_per_place_in_the_order():
    # The constraint treats an unknown day as one day: PostgreSQL's NULLS NOT DISTINCT.
    require_postgresql()
    hearing = Hearing.objects.create(storting_id=1)
    ProgrammeEntry.objects.create(hearing=hearing, order=1, participant="NITO")
    with pytest.raises(IntegrityError):
        ProgrammeEntry.objects.create(hearing=hearing, order=1, participant="Tekna")


def test_a_submission_comes_from_an_upload_unless_said_otherwise(nito, nou):
    submission = Submission.objects.create(organisation=nito, document=nou, title="Svar")
    assert submission.source == Submission.Source.UPLOAD
