"""/healthz: database, cache, broker and the age of the newest charts, as JSON."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from proposals.models import SummaryGeneration
from proposals.summaries import snapshots

pytestmark = pytest.mark.django_db


def test_it_reports_healthy_with_the_age_of_the_newest_charts(
    client, django_assert_max_num_queries
):
    snapshots.summaries_refresh()
    SummaryGeneration.objects.update(computed_at=timezone.now() - timedelta(minutes=5))

    # 1: SELECT 1, 2: the current generation's time.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["database"]["ok"] and body["cache"]["ok"] and body["broker"]["ok"]
    assert 290 <= body["summaries"]["age_seconds"] <= 400
    assert body["summaries"]["stale"] is False
    assert response["Cache-Control"].startswith("max-age=0")


def test_charts_not_yet_computed_are_reported_but_not_unhealthy(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["summaries"] == {"computed_at": None, "age_seconds": None, "stale": True}


def test_it_answers_503_when_the_cache_is_down(client):
    with mock.patch.object(cache, "set", autospec=True, side_effect=ConnectionError("refused")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["database"]["ok"] is True


def test_it_answers_503_when_the_broker_is_down(client):
    from config.celery import app

    app.conf.task_always_eager = False
    with mock.patch(
        "kombu.Connection.ensure_connection", autospec=True, side_effect=BrokerError("refused")
    ):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "error": "OperationalError"}


def test_it_answers_503_when_the_database_is_down(client):
    from django.db.backends.base.base import BaseDatabaseWrapper

    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", autospec=True, side_effect=Exception("no database")
    ):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["database"]["ok"] is False
    assert body["summaries"]["computed_at"] is None


def test_it_refuses_anything_but_get(client):
    assert client.post(reverse("healthz")).status_code == 405
