import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from proposals.models import BudgetPost, Chapter, PolicyDocument
from proposals.reference import services as reference_services
from tests.factories import BudgetPostFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_a_chapter_number_is_unique_within_its_document(nou):
    with pytest.raises(IntegrityError), transaction.atomic():
        Chapter.objects.create(document=nou, number="10.3", title="Igjen", sort_key="0010.0003")


def test_the_same_chapter_number_may_stand_in_two_documents(nou):
    other = DocumentFactory(identifier="Meld. St. 9 (2023–2024)", slug="meld-st-9-2023-2024")
    reference_services.chapter_upsert(document=other, number="10.3", title="Noe annet")
    assert Chapter.objects.filter(number="10.3").count() == 2


def test_upserting_an_existing_chapter_retitles_it_instead_of_duplicating(nou):
    reference_services.chapter_upsert(document=nou, number="10.3", title="Nytt navn")
    assert nou.chapters.filter(number="10.3").get().title == "Nytt navn"
    assert nou.chapters.count() == 5


def test_chapters_are_stored_in_natural_order(nou):
    reference_services.chapter_upsert(document=nou, number="2", title="To")
    reference_services.chapter_upsert(document=nou, number="10.10", title="Ti ti")
    numbers = list(nou.chapters.values_list("number", flat=True))
    assert numbers == ["2", "10", "10.3", "10.9", "10.10", "10.11", "12"]


def test_a_chapter_added_before_its_parent_is_linked_when_the_parent_arrives():
    document = DocumentFactory()
    child = reference_services.chapter_upsert(document=document, number="12.5.1", title="Barn")
    assert child.parent is None
    parent = reference_services.chapter_upsert(document=document, number="12", title="Forelder")
    child.refresh_from_db()
    assert child.parent == parent
    middle = reference_services.chapter_upsert(document=document, number="12.5", title="Midt")
    child.refresh_from_db()
    middle.refresh_from_db()
    assert child.parent == middle
    assert middle.parent == parent
    assert (parent.depth, middle.depth, child.depth) == (1, 2, 3)


def test_a_malformed_chapter_number_is_refused_with_a_message():
    document = DocumentFactory()
    with pytest.raises(ValidationError) as error:
        reference_services.chapter_upsert(document=document, number="10.x", title="Feil")
    assert "tall skilt med punktum" in str(error.value)


def test_a_budget_post_is_unique_per_year_chapter_and_post():
    BudgetPostFactory(year=2026, chapter=701, post=21)
    BudgetPost.objects.create(year=2025, chapter=701, post=21)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPost.objects.create(year=2026, chapter=701, post=21)


def test_budget_post_label_pads_the_post_number():
    post = BudgetPostFactory(year=2026, chapter=746, post=1)
    assert post.label == "Kap. 746, post 01"


def test_document_identifiers_are_normalised_when_cleaned():
    document = PolicyDocument(identifier="NOU 2023: 4", title="Tid for handling")
    document.full_clean()
    assert document.identifier == "NOU 2023:4"
    assert document.slug == "nou-2023-4"
    assert document.kind == "official_report"


def test_two_spellings_of_one_identifier_are_one_document():
    first = PolicyDocument(identifier="NOU 2023:4", title="Tid for handling")
    first.full_clean()
    first.save()
    second = PolicyDocument(identifier="NOU 2023: 4", title="Samme", slug="annen")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "finnes allerede" in str(error.value)


def test_the_database_refuses_a_second_row_for_one_identifier():
    DocumentFactory(identifier="NOU 2023:4", slug="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyDocument.objects.create(identifier="NOU 2023:4", slug="b", title="x")
