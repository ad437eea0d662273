"""Journey 3: an editor imports a submission from the corpus and makes two demands of it.

The corpus is the folder of real submissions next to the repository
(``../shared/corpus``), or wherever ``KRAVSPORING_CORPUS_DIR`` says.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from proposals.models import Demand, PolicyDocument, Submission
from tests.e2e.conftest import ROOT, axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS_FILE = "nito-meld-st-9-2023-2024.txt"


@pytest.fixture
def corpus_file() -> Path:
    folder = Path(os.environ.get("KRAVSPORING_CORPUS_DIR") or ROOT.parent / "shared" / "corpus")
    path = folder / CORPUS_FILE
    if not path.is_file():
        pytest.skip(
            f"the corpus file {CORPUS_FILE} is not in {folder} "
            "(set KRAVSPORING_CORPUS_DIR to the corpus folder)"
        )
    return path


def test_an_editor_imports_a_submission_and_creates_two_demands_from_the_review(
    new_page, demo, nito_editor, corpus_file
):
    page = new_page()
    document = PolicyDocument.objects.get(identifier="Meld. St. 9 (2023–2024)")
    demands_before = set(Demand.objects.values_list("pk", flat=True))
    log_in(page, nito_editor.username)

    response = page.goto("/workspace/imports/new/")
    assert response is not None and response.ok, "the import page exists"
    page.get_by_label("Dokumentet innspillet svarer på").select_option(str(document.pk))
    page.get_by_label(re.compile(r"^Fil \(PDF")).set_input_files(str(corpus_file))
    page.get_by_role("button", name="Last opp og les filen").click()
    page.wait_for_url(re.compile(r"/workspace/imports/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Gå gjennom forslagene"

    proposals = page.locator("fieldset.candidate")
    assert proposals.count() >= 2
    assert axe_violations(page) == [], "the review screen is usable with assistive technology"
    # Keep the first two proposals, with a sharper title on the first; drop the rest.
    for number in range(1, proposals.count() + 1):
        page.get_by_label(f"Ta med forslag {number}", exact=True).set_checked(number <= 2)
    first = proposals.nth(0)
    first.get_by_label("Tittel").fill("Flere bioingeniører i helseberedskapen")
    second_title = proposals.nth(1).get_by_label("Tittel").input_value()
    assert second_title
    page.get_by_role("button", name="Opprett valgte krav").click()
    page.wait_for_url(re.compile(r"/workspace/imports/\d+/done/$"))
    assert "2 krav opprettet fra innspillet" in page.locator("table caption").inner_text()

    created = Demand.objects.exclude(pk__in=demands_before)
    assert created.count() == 2
    assert {d.title for d in created} == {"Flere bioingeniører i helseberedskapen", second_title}
    assert {d.organisation.short_name for d in created} == {"NITO"}
    assert {d.status for d in created} == {"draft"}
    submission = Submission.objects.get(pk=created.first().submission_id)
    assert submission.document == document

    # They are the organisation's drafts: in the workspace, not on the public pages.
    page.goto("/workspace/")
    assert page.get_by_role("link", name="Flere bioingeniører i helseberedskapen").is_visible()
    response = new_page().goto(created.first().get_absolute_url())
    assert response is not None and response.status == 404


def test_the_review_groups_ticks_by_confidence_and_ticks_a_section_at_once(
    new_page, demo, nito_editor, corpus_file
):
    """The NITO response to Meld. St. 9: grouped, only sure proposals ticked, axe clean."""
    page = new_page(viewport={"width": 1280, "height": 900})
    document = PolicyDocument.objects.get(identifier="Meld. St. 9 (2023–2024)")
    log_in(page, nito_editor.username)
    page.goto("/workspace/imports/new/")
    page.get_by_label("Dokumentet innspillet svarer på").select_option(str(document.pk))
    page.get_by_label(re.compile(r"^Fil \(PDF")).set_input_files(str(corpus_file))
    page.get_by_role("button", name="Last opp og les filen").click()
    page.wait_for_url(re.compile(r"/workspace/imports/\d+/$"))

    boxes = page.locator("input[type=checkbox][data-section]")
    total = boxes.count()
    ticked = page.locator("input[type=checkbox][data-section]:checked").count()
    print(f"\nNITO Meld. St. 9: {total} proposals, {ticked} ticked in advance")
    assert 0 < ticked < total, "only the confident proposals come ticked"
    assert page.locator("section.import-section").count() >= 3
    assert axe_violations(page) == [], "the review screen passes axe"
    shot = os.environ.get("REVIEW_SCREENSHOT")
    if shot:
        page.screenshot(path=shot, full_page=True)

    # The whole file unticked by one button, then one section ticked by its own.
    page.get_by_role("button", name="Fjern alle haker").click()
    assert page.locator("input[type=checkbox][data-section]:checked").count() == 0
    section = page.locator("section.import-section").first
    section.get_by_role("button", name="Kryss av alle i avsnittet").click()
    in_section = section.locator("input[type=checkbox][data-section]").count()
    assert page.locator("input[type=checkbox][data-section]:checked").count() == in_section
    # Keyboard: the section's button is reached with Tab and pressed with Enter.
    section.get_by_role("button", name="Fjern hakene i avsnittet").focus()
    page.keyboard.press("Enter")
    assert page.locator("input[type=checkbox][data-section]:checked").count() == 0
