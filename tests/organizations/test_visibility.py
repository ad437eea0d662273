"""The one visibility rule, for every role against every kind of demand."""

import pytest

from organizations.permissions import can_view_demand
from proposals.models import Demand
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def demands(nito, tekna, nou):
    return {
        "nito_draft": make_demand(organisation=nito, document=nou, status="draft"),
        "nito_submitted": make_demand(organisation=nito, document=nou, status="submitted"),
        "nito_hidden": make_demand(
            organisation=nito, document=nou, status="submitted", hidden=True
        ),
        "tekna_draft": make_demand(organisation=tekna, document=nou, status="draft"),
        "tekna_adopted": make_demand(organisation=tekna, document=nou, status="adopted"),
        "tekna_withdrawn": make_demand(organisation=tekna, document=nou, status="withdrawn"),
    }


EXPECTED = {
    "anonymous": {"nito_submitted", "tekna_adopted", "tekna_withdrawn"},
    "nito_editor": {
        "nito_draft",
        "nito_submitted",
        "nito_hidden",
        "tekna_adopted",
        "tekna_withdrawn",
    },
    "tekna_editor": {"nito_submitted", "tekna_draft", "tekna_adopted", "tekna_withdrawn"},
    "secretary": {"nito_submitted", "nito_hidden", "tekna_adopted", "tekna_withdrawn"},
    "admin_user": {"nito_submitted", "nito_hidden", "tekna_adopted", "tekna_withdrawn"},
}


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_each_role_sees_exactly_what_the_rule_allows(request, person, demands):
    user = request.getfixturevalue(person)
    by_id = {demand.pk: key for key, demand in demands.items()}
    visible = {by_id[pk] for pk in Demand.objects.visible_to(user).values_list("pk", flat=True)}
    assert visible == EXPECTED[person]


@pytest.mark.parametrize("person", sorted(EXPECTED))
def test_the_single_object_check_agrees_with_the_queryset(request, person, demands):
    user = request.getfixturevalue(person)
    for key, demand in demands.items():
        assert can_view_demand(user, demand) == (key in EXPECTED[person]), key
