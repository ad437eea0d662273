import pytest

from proposals.models import Demand
from tests.conftest import require_postgresql
from tests.factories import make_demand

pytestmark = pytest.mark.django_db


def test_the_search_vector_stems_norwegian_words(nito, nou):
    require_postgresql()
    from django.contrib.postgres.search import SearchQuery

    demand = make_demand(
        organisation=nito, document=nou, title="Flere studieplasser i bioingeniørfag"
    )
    query = SearchQuery("studieplass", config="norwegian")
    assert list(Demand.objects.filter(search_vector=query)) == [demand]


def test_the_search_vector_holds_the_organisation_name(nito, nou):
    require_postgresql()
    from django.contrib.postgres.search import SearchQuery

    demand = make_demand(organisation=nito, document=nou, title="Noe helt annet")
    query = SearchQuery("ingeniør", config="norwegian")
    assert list(Demand.objects.filter(search_vector=query)) == [demand]
