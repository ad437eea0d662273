"""Journey: a secretary links a demand to 10.3, prepares its outcome, publishes it; the public sees it.

Two people in their own browser contexts: a committee secretary and an
anonymous visitor, who sees nothing of the outcome until it is published.
"""

from __future__ import annotations

import re

import pytest

from proposals.models import Demand
from tests.e2e.conftest import log_in
from tests.factories import make_demand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Komiteen slutter seg til forslaget om flere studieplasser."


def test_a_secretary_links_prepares_and_publishes_and_the_public_sees_it(
    new_page, nou, nito, secretary
):
    demand = make_demand(organisation=nito, document=nou, title="Flere studieplasser")
    public = new_page()
    public.goto(demand.get_absolute_url())
    assert "Ikke knyttet til kapitler" in public.content()

    desk = new_page()
    log_in(desk, secretary.username)
    desk.goto(f"/secretariat/?document={nou.slug}")
    desk.get_by_role("link", name="Flere studieplasser").click()
    desk.wait_for_url(re.compile(r"/secretariat/demands/\d+/$"))

    # Link it to 10.3 with the searchable picker.
    desk.get_by_label(re.compile(r"^Søk etter kapittel")).fill("10.3")
    desk.get_by_role("button", name=re.compile(r"^10\.3 Dimensjonering")).click()
    assert desk.get_by_role("checkbox", name=re.compile(r"^10\.3 ")).is_checked()
    desk.get_by_role("button", name="Lagre koblinger").click()
    desk.wait_for_load_state()
    assert "Sekretariatet koblet kravet til kapittel 10.3" in desk.content()

    # Prepare the outcome: the public still sees the old status.
    prepare = desk.locator("form", has=desk.get_by_role("button", name="Forbered utfall"))
    prepare.get_by_label(re.compile(r"^Utfall")).select_option(label="Imøtekommet")
    prepare.get_by_label("Merknad").fill(NOTE)
    desk.get_by_role("button", name="Forbered utfall").click()
    desk.wait_for_load_state()
    assert "Utfallet er forberedt" in desk.content()
    public.reload()
    assert NOTE not in public.content()
    assert "10.3 Dimensjonering" in public.content()

    # Publish the document's prepared outcomes from the queue.
    desk.goto(f"/secretariat/?document={nou.slug}")
    desk.get_by_role("button", name="Publiser forberedte utfall").click()
    desk.wait_for_load_state()
    assert "1 utfall er publisert." in desk.content()
    assert Demand.objects.get(pk=demand.pk).status == "adopted"

    public.reload()
    text = public.content()
    assert NOTE in text
    assert "Imøtekommet" in text
