"""The OpenAPI schema: served, valid, complete, and true to the API (schemathesis).

schemathesis generates requests for every operation from the schema itself and
checks that none gets a 5xx and every answer matches what the schema promises
(status code, content type, headers, body). The number of examples per operation
is bounded (``SCHEMATHESIS_MAX_EXAMPLES``, default 10) so ``make test`` stays short.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from config.wsgi import application
from proposals.api import tokens

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]

EXAMPLES: Counter = Counter()


@pytest.fixture
def schemathesis_world(world, nito_editor, settings):
    # Requests go through the real WSGI handler, which would close the test's
    # database connection (and its transaction) after each one; the test client
    # does the same as this.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.API_THROTTLE_RATES = {"anonymous": "100000/min", "token": "100000/min"}
    _token, raw = tokens.api_token_create(user=nito_editor, name="schemathesis")
    yield {"Authorization": f"Bearer {raw}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_keeps_every_promise_of_its_schema(case, schemathesis_world):
    # Reads as the public, writes with an editor's token.
    headers = schemathesis_world if case.method.upper() != "GET" else {}
    EXAMPLES[case.operation.label] += 1
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_schemathesis_figures_are_printed(capsys):
    """Runs last in this module: how many examples each operation got."""
    if EXAMPLES:
        with capsys.disabled():
            print(f"\nschemathesis: {len(EXAMPLES)} operations, {sum(EXAMPLES.values())} examples")
            for operation, count in sorted(EXAMPLES.items()):
                print(f"  {count:4d}  {operation}")


# --- The schema itself -------------------------------------------------------------------


@pytest.fixture
def openapi(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_openapi_3_with_every_endpoint(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == {
        "/api/v1/documents/",
        "/api/v1/documents/{id}/",
        "/api/v1/chapters/",
        "/api/v1/chapters/{id}/",
        "/api/v1/budget-posts/",
        "/api/v1/budget-posts/{id}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/submissions/",
        "/api/v1/submissions/{id}/",
        "/api/v1/demands/",
        "/api/v1/demands/{id}/",
        "/api/v1/demands/{id}/submit/",
        "/api/v1/demands/{id}/withdraw/",
        "/api/v1/demands/{id}/status/",
        "/api/v1/status-changes/",
        "/api/v1/status-changes/{id}/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/hearings/",
        "/api/v1/hearings/{id}/",
    }


def test_every_operation_is_described_with_its_errors(openapi):
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), (method, path)
            responses = operation["responses"]
            for code in ("401", "404", "429", "503"):
                assert code in responses, (method, path, code)
                assert responses[code]["description"]
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/Error")
            if method in ("post", "patch"):
                assert {"400", "403", "413", "415"} <= set(responses), (method, path)
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (method, path, parameter["name"])


def test_the_demand_list_documents_the_portals_filters(openapi):
    parameters = {p["name"] for p in openapi["paths"]["/api/v1/demands/"]["get"]["parameters"]}
    assert {
        "document",
        "chapter",
        "budget_post",
        "organisation",
        "organisation_kind",
        "status",
        "stance",
        "q",
        "year",
        "sort",
        "cursor",
        "page_size",
    } <= parameters


def test_domain_fields_carry_their_norwegian_word(openapi):
    demand = openapi["components"]["schemas"]["Demand"]["properties"]
    assert "(standpunkt)" in demand["stance"]["description"]
    assert "(beløp)" in demand["requested_amount_nok"]["description"]
    assert "(versjon)" in demand["version"]["description"]


def test_the_documentation_page_is_served_from_static_without_a_cdn(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "https://" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js")
    assert finders.find("js/api-docs.js")
