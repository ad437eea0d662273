"""Cases and hearings through the API: the Storting's public record, read as imported."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from proposals.models import Case, Hearing
from tests.process.conftest import meld_st_9, samples  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(samples, meld_st_9):  # noqa: F811
    call_command("import_stortinget", "--from", str(samples), verbosity=0, stdout=io.StringIO())
    assert Case.objects.exists() and Hearing.objects.exists()


def test_cases_and_hearings_are_listed_with_their_links(api, imported):
    cases = api.get("/api/v1/cases/").json()["results"]
    assert {row["storting_id"] for row in cases} == set(
        Case.objects.values_list("storting_id", flat=True)
    )
    hearing = Hearing.objects.filter(cases__isnull=False).first()
    body = api.get(f"/api/v1/hearings/{hearing.pk}/").json()
    assert set(body["cases"]) == set(hearing.cases.values_list("pk", flat=True))
    assert body["committee"]["storting_id"] == hearing.committee.storting_id


@pytest.mark.parametrize(
    "path", ["/api/v1/cases/?page_size={n}", "/api/v1/hearings/?page_size={n}"]
)
@pytest.mark.parametrize("n", [1, 20])
def test_the_process_lists_cost_the_same_at_any_page_size(
    api, imported, django_assert_num_queries, path, n
):
    # cases: 1 rows with committee, session and document; hearings: 1 rows, 2 their cases.
    with django_assert_num_queries(1 if "cases" in path else 2):
        assert api.get(path.format(n=n)).status_code == 200
