import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from organizations.models import Membership, Organisation
from organizations.validators import org_number_is_valid
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("974760673", True),  # Brønnøysundregistrene
        ("923609016", True),
        ("974760674", False),  # wrong check digit
        ("97476067", False),  # too short
        ("9747606733", False),  # too long
        ("97476067a", False),
        ("٩٧٤٧٦٠٦٧٣", False),  # digits, but not ASCII ones
        ("", False),
    ],
)
def test_org_number_check_digit(number, valid):
    assert org_number_is_valid(number) is valid


def test_a_number_whose_check_digit_would_be_ten_is_never_valid():
    # A weighted sum with remainder 1 gives check digit 11 - 1 = 10, which no digit matches.
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    for n in range(10**7, 10**7 + 500):
        body = f"{n:08d}"
        if sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 == 1:
            assert not any(org_number_is_valid(body + str(d)) for d in range(10))
            return
    pytest.fail("no example found")


@pytest.mark.django_db
def test_full_clean_refuses_a_bad_organisation_number_with_a_norwegian_message():
    organisation = Organisation(name="Test", short_name="T", slug="t", kind="other")
    organisation.org_number = "974760674"
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "gyldig organisasjonsnummer" in str(error.value.message_dict["org_number"])


@pytest.mark.django_db
def test_the_database_refuses_an_organisation_number_of_the_wrong_length():
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            name="Test", short_name="T", slug="t", kind="other", org_number="1234"
        )


@pytest.mark.django_db
def test_two_organisations_cannot_share_a_number_but_may_both_have_none():
    OrganisationFactory(short_name="A", org_number="")
    OrganisationFactory(short_name="B", org_number="")
    OrganisationFactory(short_name="C", org_number="974760673")
    with pytest.raises(IntegrityError):
        OrganisationFactory(short_name="D", org_number="974760673")


@pytest.mark.django_db
def test_one_membership_per_user_and_organisation():
    user = UserFactory()
    organisation = OrganisationFactory()
    Membership.objects.create(user=user, organisation=organisation)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, organisation=organisation, role="viewer")
