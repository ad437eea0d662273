"""The workflow's status groups, and the permissions that take them from it."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from proposals.demands import committee_export, work_selectors, workflow
from proposals.demands.workflow import DemandStatus as S
from proposals.models import Demand
from tests.factories import make_demand, member

ROOT = Path(__file__).resolve().parents[2]


def test_the_groups_are_made_of_known_statuses_and_agree_with_the_table():
    assert set(workflow.TRANSITIONS) == set(S.values)
    assert workflow.PUBLIC == tuple(s for s in S.values if s != S.DRAFT)
    assert set(workflow.OUTCOME) <= set(workflow.PUBLIC)
    assert workflow.NOTE_REQUIRED == frozenset(workflow.OUTCOME)
    assert workflow.FINAL <= set(workflow.PUBLIC)
    for moves in workflow.TRANSITIONS.values():
        assert set(moves) <= set(S.values)
        assert set(moves.values()) <= {workflow.ORG, workflow.SEC}
    # nothing moves back into a draft: once submitted, a demand is on the record
    assert not any(S.DRAFT in moves for moves in workflow.TRANSITIONS.values())


def test_permissions_spell_no_status_and_no_permission_name_of_their_own():
    source = (ROOT / "organizations" / "permissions.py").read_text(encoding="utf-8")
    strings = {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not strings & set(S.values)
    assert not any("work_as_secretariat" in s for s in strings)


@pytest.fixture
def secretary_in_nito(secretary, nito):
    return member(secretary, nito)


@pytest.mark.django_db
def test_a_secretary_who_is_also_a_member_never_sees_drafts_at_work(
    client_for, secretary_in_nito, nito, nou
):
    draft = make_demand(organisation=nito, document=nou, status=S.DRAFT, title="Kladd")
    sent = make_demand(organisation=nito, document=nou, title="Levert krav")
    queue = work_selectors.queue_demands(
        user=secretary_in_nito, filters=work_selectors.QueueFilters()
    )
    assert list(queue) == [sent]
    assert list(committee_export.committee_demands(document=nou, user=secretary_in_nito)) == [sent]
    client = client_for(secretary_in_nito)
    detail = client.get(reverse("secretariat:demand_detail", args=[draft.pk]))
    assert detail.status_code == 404
    assert client.get(reverse("secretariat:demand_detail", args=[sent.pk])).status_code == 200
    # in the workspace, the same person sees the draft as the organisation's member
    assert draft in Demand.objects.visible_to(secretary_in_nito)
