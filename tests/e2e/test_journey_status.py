"""Journey 2: a demand goes from an organisation's editor through the secretariat to the public.

Three people, each in their own browser context (own cookies): an editor of
NITO, a committee secretary, and an anonymous visitor.
"""

from __future__ import annotations

import re

import pytest

from proposals.models import Demand
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Flere studieplasser for bioingeniører"
NOTE = "Tas med i komiteens arbeid med innstillingen."


def test_a_demand_is_written_submitted_moved_on_by_the_secretariat_and_seen_by_all(
    new_page, nou, nito_editor, secretary
):
    editor = new_page()
    log_in(editor, nito_editor.username)
    editor.goto("/workspace/")
    since = editor.locator(
        "section", has=editor.get_by_role("heading", name="Endret siden sist du var her")
    )
    assert "Ingen statusendringer fra andre siden forrige besøk." in since.inner_text()

    # Write it: choose the document, then the chapter with the picker.
    editor.get_by_role("link", name="Nytt krav").click()
    editor.get_by_label("Dokumentet kravet gjelder").select_option(value=str(nou.pk))
    editor.get_by_role("button", name="Videre").click()
    editor.get_by_label("Tittel").fill(TITLE)
    editor.get_by_label("Kravet").fill("NITO ber om flere studieplasser for bioingeniører.")
    editor.get_by_label("Standpunkt").select_option(label="Nytt tiltak")
    editor.get_by_label(re.compile(r"^Søk etter kapittel")).fill("10.3")
    editor.get_by_role("button", name=re.compile(r"^10\.3 Dimensjonering")).click()
    assert (
        editor.get_by_role("status")
        .filter(has_text="Valgt:")
        .inner_text()
        .startswith("Valgt: 10.3")
    )
    assert editor.get_by_role("checkbox", name=re.compile(r"^10\.3 ")).is_checked()
    editor.get_by_role("button", name="Lagre som kladd").click()
    editor.wait_for_url(re.compile(r"/workspace/demands/\d+/$"))
    demand = Demand.objects.get(title=TITLE)
    assert [c.number for c in demand.chapters.all()] == ["10.3"]
    assert demand.organisation.short_name == "NITO"

    # Not public while a draft.
    public = new_page()
    assert public.goto(demand.get_absolute_url()).status == 404

    # Submit it.
    editor.get_by_label("Ny status").select_option(label="Levert")
    editor.get_by_role("button", name="Endre status").click()
    editor.wait_for_load_state()
    assert editor.locator("dl").get_by_text("Levert").first.is_visible()

    # The secretary finds it in the queue and moves it on, with a note.
    office = new_page()
    log_in(office, secretary.username)
    office.goto("/secretariat/")
    office.get_by_role("link", name=TITLE).click()
    office.wait_for_url(re.compile(rf"/secretariat/demands/{demand.pk}/$"))
    office.get_by_label("Ny status").select_option(label="Til behandling")
    # The status form's note, not the one for preparing an outcome further down.
    office.locator("#id_note").fill(NOTE)
    office.get_by_role("button", name="Endre status").click()
    office.wait_for_load_state()
    demand.refresh_from_db()
    assert demand.status == "under_consideration"

    # The public sees the new status and the note.
    public.goto(demand.get_absolute_url())
    # The demand's own facts come first; the history's first version has a list of its own.
    facts = public.locator("dl.facts").first
    assert re.search(r"Status\s+Til behandling", facts.inner_text())
    history = public.locator("ol.history").inner_text()
    assert "Status endret fra «Levert» til «Til behandling»." in history
    assert NOTE in history

    # The editor sees the change in the workspace, «since your last visit».
    editor.goto("/workspace/")
    change = since.get_by_role("listitem").filter(has=editor.get_by_role("link", name=TITLE))
    assert re.search(r"Levert → Til behandling", change.inner_text())
    assert secretary.username in change.inner_text()
    assert NOTE in change.inner_text()
