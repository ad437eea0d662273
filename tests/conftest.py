"""The people and things every test can use.

Named people, as in the rest of the suite: an editor of NITO, an editor of
Tekna, a committee secretary, an administrator, and an anonymous visitor.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection

from organizations.models import Organisation
from proposals.demo import secretariat_group
from proposals.reference import services as reference_services

from .factories import DocumentFactory, OrganisationFactory, UserFactory, member

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def require_postgresql():
    """Skip (or, under REQUIRE_SERVICES=1, fail) unless the database is PostgreSQL."""
    if connection.vendor != "postgresql":
        message = "needs PostgreSQL: set DATABASE_URL to a PostgreSQL database"
        if REQUIRE_SERVICES:
            pytest.fail(message + " (REQUIRE_SERVICES=1)")
        pytest.skip(message)


def require_redis():
    """Skip (or, under REQUIRE_SERVICES=1, fail) unless CELERY_BROKER_URL names a Redis that answers."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    try:
        import redis

        reachable = url.startswith("redis") and redis.Redis.from_url(url, socket_timeout=2).ping()
    except Exception:
        reachable = False
    if not reachable:
        message = "needs Redis: set CELERY_BROKER_URL to a reachable redis:// URL"
        if REQUIRE_SERVICES:
            pytest.fail(message + " (REQUIRE_SERVICES=1)")
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests write rows directly and read pages at once: nothing kept between (portal.cache).
    settings.PORTAL_CACHE_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in the test's process and raise their errors, unless a test says otherwise."""
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def nito(db) -> Organisation:
    return OrganisationFactory(
        short_name="NITO",
        name="Norges ingeniør- og teknologorganisasjon",
        slug="nito",
        kind=Organisation.Kind.TRADE_UNION,
    )


@pytest.fixture
def tekna(db) -> Organisation:
    return OrganisationFactory(
        short_name="Tekna",
        name="Tekna – Teknisk-naturvitenskapelig forening",
        slug="tekna",
        kind=Organisation.Kind.PROFESSIONAL_ASSOCIATION,
    )


@pytest.fixture
def nito_editor(nito):
    return member(UserFactory(username="nora.nito"), nito)


@pytest.fixture
def tekna_editor(tekna):
    return member(UserFactory(username="tor.tekna"), tekna)


@pytest.fixture
def secretary(db):
    user = UserFactory(username="siri.sekretar")
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada.admin", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def nou(db):
    document = DocumentFactory(
        identifier="NOU 2023:4",
        slug="nou-2023-4",
        title="Tid for handling",
    )
    for number, title in [
        ("10", "Utdanning og kompetanseutvikling"),
        ("10.3", "Dimensjonering av helsefagutdanningene"),
        ("10.9", "Samarbeid i utdanningene"),
        ("10.11", "Fagmiljøer"),
        ("12", "Digitalisering"),
    ]:
        reference_services.chapter_upsert(document=document, number=number, title=title)
    return document


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as ``user`` (or anonymous for None)."""

    def _client(user):
        from django.test import Client

        c = Client()
        if user is not None and getattr(user, "is_authenticated", False):
            c.force_login(user)
        return c

    return _client


@pytest.fixture
def demo(db):
    from proposals.demo import load_demo

    return load_demo()
