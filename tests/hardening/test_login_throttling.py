"""Failed logins are throttled per account and per address; the reset mail goes by task."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "riktig-passord-123"  # noqa: S105 - a test account's


@pytest.fixture
def account(nito_editor):
    nito_editor.set_password(PASSWORD)
    nito_editor.save()
    return nito_editor


def _login(client, username, password, address="198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_right_password_after_the_limit_of_wrong_ones_is_refused(client, account):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit - 1):
        response = _login(client, account.username, f"feil-{attempt}")
        assert response.status_code == 200  # the form again, with its message
    response = _login(client, account.username, "feil-siste")
    assert response.status_code == 429
    assert "For mange feil passord" in response.content.decode()
    assert response["Retry-After"] == str(round(settings.AXES_COOLOFF_TIME * 3600))

    response = _login(client, account.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    print(f"failed logins before lockout: {limit}")


def test_the_account_is_locked_from_another_address_too(client, account):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, account.username, f"feil-{attempt}", address=f"203.0.113.{attempt}")
    response = _login(client, account.username, PASSWORD, address="192.0.2.99")
    assert response.status_code == 429


def test_an_address_trying_many_accounts_is_locked(client, account):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"finnes-ikke-{attempt}", "feil")
    response = _login(client, account.username, PASSWORD)
    assert response.status_code == 429


def test_an_administrator_unlocks_the_account(client, account):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, account.username, f"feil-{attempt}", address=f"203.0.113.{attempt}")
    call_command("axes_reset_username", account.username)
    response = _login(client, account.username, PASSWORD, address="192.0.2.99")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


def test_a_success_forgets_the_earlier_failures(client, account):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, account.username, f"feil-{attempt}")
    assert _login(client, account.username, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, account.username, f"feil-{attempt}")
    assert _login(client, account.username, PASSWORD).status_code == 302


def test_the_reset_answer_does_not_depend_on_the_address_and_the_mail_goes_by_the_outbox(
    client, account, django_capture_on_commit_callbacks
):
    from proposals.models import OutboxMessage

    answers = []
    for address in [account.email, "ingen@example.org"]:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(reverse("password_reset"), {"email": address})
        answers.append((response.status_code, response["Location"], len(callbacks)))
    # The same redirect and the same single kick for a known and an unknown address.
    assert answers[0] == answers[1]
    assert mail.outbox == []
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 2

    from proposals.outbox import outbox_deliver

    outbox_deliver()
    assert [message.to for message in mail.outbox] == [[account.email]]
    body = mail.outbox[0].body
    assert settings.SITE_URL + "/accounts/reset/" in body


def test_a_secretarys_session_ends_with_the_browser_and_after_hours(client, secretary, settings):
    client.force_login(secretary)
    client.get(reverse("portal:home"))
    assert client.session.get_expire_at_browser_close()
    key = "_short_session_until"
    session = client.session
    session[key] = 0  # the hours are over
    session.save()
    client.get(reverse("portal:home"))
    assert "_auth_user_id" not in client.session


def test_an_editors_session_keeps_the_default_length(client, nito_editor):
    client.force_login(nito_editor)
    client.get(reverse("portal:home"))
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
