"""The portal on the demo data: every page answers, and the demo's facts show."""

from __future__ import annotations

import re

import pytest

from proposals.models import BudgetPost, Chapter, Demand, PolicyDocument

pytestmark = pytest.mark.django_db


def test_every_portal_page_answers_on_the_demo(client, demo):
    document = PolicyDocument.objects.get(identifier="NOU 2023:4")
    chapter = Chapter.objects.get(document=document, number="10.3")
    demand = Demand.objects.published().first()
    post = BudgetPost.objects.get(year=2026, chapter=701, post=21)
    for url in [
        "/",
        "/documents/",
        document.get_absolute_url(),
        chapter.get_absolute_url(),
        "/demands/",
        "/demands/?status=addressed&organisation_kind=council",
        "/demands/?q=studieplass",
        demand.get_absolute_url(),
        "/organisations/",
        "/organisations/tekna/",
        "/budget/",
        post.get_absolute_url(),
        "/demands/?format=csv",
        "/demands/?format=xlsx",
    ]:
        assert client.get(url).status_code == 200, url


def test_tekna_s_published_demands_are_counted_on_both_budget_posts(client, demo):
    html = client.get("/budget/").content.decode()
    for label in ("Kap. 701, post 21", "Kap. 746, post 01"):
        section = html.split('id="year-2026"', 1)[1]
        row = section.split(f"{label}</a></th>", 1)[1].split("</tr>", 1)[0]
        # Tekna's draft on the same posts is not counted for the public.
        assert re.findall(r'<td class="num">(?:<a [^>]+>)?([^<]+)', row)[1:3] == ["2", "1"]


def test_the_demo_has_no_drafts_on_the_public_browse_page(client, demo):
    html = client.get("/demands/").content.decode()
    assert "34 krav funnet" in html
    assert "Kladd" not in html
