"""The user's chosen language is stored, and their e-mail is written in it."""

from __future__ import annotations

import pytest
from django.core import mail

from organizations.models import Profile
from proposals.demands import services
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


def test_switching_language_is_remembered_for_a_logged_in_user(client_for, nito_editor):
    client = client_for(nito_editor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Profile.objects.get(user=nito_editor).language == "en"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert Profile.objects.get(user=nito_editor).language == "en"
    client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    assert Profile.objects.get(user=nito_editor).language == "nb"


def test_a_visitors_switch_stores_nothing(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert not Profile.objects.exists()


def test_each_editor_gets_the_status_mail_in_their_own_language(
    nito, nou, nito_editor, secretary, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory, member

    english = member(UserFactory(username="emma.english"), nito)
    Profile.objects.create(user=english, language="en")
    demand = make_demand(organisation=nito, document=nou)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.demand_change_status(
            demand=demand, to_status="under_consideration", user=secretary, note=""
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {nito_editor.email, english.email}
    assert "Til behandling" in by_address[nito_editor.email].body
    assert "Under consideration" in by_address[english.email].body
