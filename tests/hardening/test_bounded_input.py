"""Every text field has a limit the form, the service and the database enforce; titles lose bidi controls."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from proposals.demands import services
from proposals.forms import DemandForm, InternalNoteForm, StatusForm
from proposals.models import Demand, InternalNote
from proposals.portal.exports import _csv_cell
from proposals.textinput import NOTE_MAX, TEXT_MAX, strip_bidi_controls
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


def test_the_demand_form_says_the_limit(nou):
    form = DemandForm(
        data={"title": "T", "text": "x" * (TEXT_MAX + 1), "stance": "supports"}, document=nou
    )
    assert not form.is_valid()
    message = " ".join(form.errors["text"])
    assert "20000" in message.replace("\u00a0", "").replace(" ", "")


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [(StatusForm, "note", NOTE_MAX), (InternalNoteForm, "text", 10_000)],
)
def test_every_other_text_form_says_its_limit(form_class, field, limit):
    form = form_class(data={field: "y" * (limit + 1)})
    assert not form.is_valid()
    assert str(limit) in " ".join(form.errors[field]).replace("\u00a0", "").replace(" ", "")


def test_the_service_refuses_a_text_past_the_limit(nito, nou, nito_editor):
    with pytest.raises(ValidationError) as refused:
        services.demand_create(
            user=nito_editor,
            organisation=nito,
            document=nou,
            title="Lang",
            text="ord " * (TEXT_MAX // 4 + 1),
            stance="supports",
        )
    assert "text" in refused.value.message_dict


def test_the_database_refuses_it_too(nito, nou):
    demand = make_demand(organisation=nito, document=nou)
    with pytest.raises(IntegrityError), transaction.atomic():
        Demand.objects.filter(pk=demand.pk).update(text="z" * (TEXT_MAX + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        InternalNote.objects.create(demand=demand, text="n" * 10_001)


def test_a_text_of_many_distinct_words_saves_and_is_found(nito, nou, nito_editor):
    """The issue's 3.6 MB text failed the save; at the limit, distinct words all the way."""
    words = " ".join(f"ord{i}x" for i in range(TEXT_MAX // 8))[:TEXT_MAX]
    demand = services.demand_create(
        user=nito_editor,
        organisation=nito,
        document=nou,
        title="Ord",
        text=words,
        stance="supports",
    )
    assert Demand.objects.filter(pk=demand.pk).exists()


def test_bidi_controls_are_removed_from_titles(nito, nou, nito_editor):
    demand = services.demand_create(
        user=nito_editor,
        organisation=nito,
        document=nou,
        title="Flere \u202estudieplasser\u202c \u2066nå\u2069\u200f",
        text="Tekst.",
        stance="supports",
    )
    assert demand.title == "Flere studieplasser nå"
    assert strip_bidi_controls("a\u061cb\u200ec") == "abc"


@pytest.mark.parametrize("value", ["＝1+1", "|cmd", "＋1", "－1", "＠SUM(A1)", "=1", "\t=1"])
def test_csv_neutralises_every_formula_start(value):
    assert _csv_cell(value).startswith("'")


def test_status_mail_subjects_are_not_html_escaped(
    nito, nou, nito_editor, secretary, django_capture_on_commit_callbacks
):
    from django.core import mail

    demand = make_demand(
        organisation=nito, document=nou, status="submitted", title="<Kap. 10> & 'sykehus'"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_change_status(
            demand=demand, to_status="under_consideration", user=secretary
        )
    assert "<Kap. 10> & 'sykehus'" in mail.outbox[0].subject
    assert "&lt;" not in mail.outbox[0].subject and "&#x27;" not in mail.outbox[0].subject
