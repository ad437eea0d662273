"""The analysis kept with the submission, and a review that can be reopened."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import Demand, Submission
from proposals.submissions import imports

pytestmark = pytest.mark.django_db

LETTER = """Høringssvar fra NITO om NOU 2023:4

10.3 Dimensjonering av helsefagutdanningene
NITO ber om flere studieplasser for bioingeniører.
Det er viktig at praksisplassene blir flere.

14.2 Oppgavedeling i sykehusene
NITO krever at bioingeniører får ansvar for prøvetaking i alle sykehus.
NITO ber komiteen om å:
• sikre flere lærlingplasser
• be regjeringen styrke etterutdanningen
"""


def _store(user, organisation, document, text=LETTER):
    return imports.submission_store(
        user=user,
        organisation=organisation,
        document=document,
        data=text.encode(),
        filename="svar.txt",
        text=text,
    )


def _url(name, submission, area="workspace"):
    return reverse(f"{area}:import_{name}", args=[submission.pk])


def _post_data(review_response, tick):
    """The review form as sent, with the proposals whose text contains a ``tick`` phrase ticked."""
    formset = review_response.context["formset"]
    data = {f"forslag-{k}": v for k, v in formset.management_form.initial.items()}
    for form, item in zip(formset.forms, review_response.context["review"].items, strict=True):
        for name, value in form.initial.items():
            if name != "include":
                data[f"{form.prefix}-{name}"] = "" if value is None else value
        if any(phrase in item.candidate["text"] for phrase in tick):
            data[f"{form.prefix}-include"] = "on"
    return data


def test_the_analysis_is_stored_with_the_submission_and_the_review_reads_it(
    nito, nou, nito_editor, monkeypatch
):
    submission = _store(nito_editor, nito, nou)
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.analysed_at is not None
    assert stored.analysis["version"] == imports.ANALYSIS_VERSION
    assert {"confidence", "reason", "section", "key", "title"} <= set(
        stored.analysis["candidates"][0]
    )

    def no_reading(*args, **kwargs):
        raise AssertionError("the review must not read the text again")

    monkeypatch.setattr(imports, "analyse", no_reading)
    review = imports.import_review(submission=stored)
    assert len(review.items) == len(stored.analysis["candidates"])


def test_only_confident_proposals_are_ticked_and_each_has_a_reason(
    client_for, nito, nou, nito_editor
):
    submission = _store(nito_editor, nito, nou)
    response = client_for(nito_editor).get(_url("review", submission))
    ticked = {
        item.candidate["text"]: form.initial["include"] for item, form in response.context["rows"]
    }
    assert ticked["Det er viktig at praksisplassene blir flere."] is False
    assert ticked["NITO ber om flere studieplasser for bioingeniører."] is True
    list_items = [t for t in ticked if t.startswith("NITO ber komiteen om å")]
    assert list_items == [
        "NITO ber komiteen om å sikre flere lærlingplasser.",
        "NITO ber komiteen om å be regjeringen styrke etterutdanningen.",
    ]
    page = response.content.decode()
    assert 'class="reason"' in page and ">liste<" in page and ">ber om<" in page
    # Grouped by section, with a tick-all pair for each and for the whole file.
    assert page.count('data-tick="all"') == 2
    assert page.count('class="import-section"') == 2


def test_the_submission_can_be_reopened_to_take_more_and_none_is_taken_twice(
    client_for, nito, nou, nito_editor
):
    client = client_for(nito_editor)
    submission = _store(nito_editor, nito, nou)
    first = client.get(_url("review", submission))
    data = _post_data(first, ["flere studieplasser"])
    assert client.post(_url("review", submission), data).status_code == 302
    assert Demand.objects.filter(submission=submission).count() == 1

    # The same form again (a double click, the back button): refused, nothing doubled.
    again = client.post(_url("review", submission), data, follow=True)
    assert "allerede opprettet" in again.content.decode()
    assert Demand.objects.filter(submission=submission).count() == 1

    # Reopened: the rest is offered, and more can be taken.
    done = client.get(_url("done", submission)).content.decode()
    assert "ikke tatt med ennå" in done and _url("review", submission) in done
    second = client.get(_url("review", submission))
    offered = [item.candidate["text"] for item in second.context["review"].items]
    assert not any("flere studieplasser" in text for text in offered)
    assert len(second.context["review"].taken) == 1
    data = _post_data(second, ["lærlingplasser", "prøvetaking"])
    assert client.post(_url("review", submission), data).status_code == 302
    assert Demand.objects.filter(submission=submission).count() == 3
    keys = list(Demand.objects.filter(submission=submission).values_list("source_key", flat=True))
    assert len(set(keys)) == 3 and all(k.startswith(f"import:{submission.pk}:") for k in keys)


def test_the_service_refuses_a_proposal_taken_already(nito, nou, nito_editor):
    submission = _store(nito_editor, nito, nou)
    review = imports.import_review(submission=submission)
    item = review.items[0]
    draft = imports.DemandDraft(
        title="Et krav", text=item.candidate["text"], stance="supports", key=item.key
    )
    imports.submission_create_demands(submission=submission, drafts=[draft], user=nito_editor)
    with pytest.raises(ValidationError, match="allerede opprettet"):
        imports.submission_create_demands(submission=submission, drafts=[draft], user=nito_editor)
    with pytest.raises(ValidationError, match="allerede opprettet"):
        imports.import_review(submission=submission).posted([item.key])


def _many(count):
    lines = ["Høringssvar fra NITO om NOU 2023:4", ""]
    for n in range(count):
        lines += [f"Tema {n}", f"NITO ber om tiltak nummer {n} for helseregion {n}.", ""]
    return "\n".join(lines)


def test_a_hundred_and_fifty_proposals_are_paged_and_each_page_costs_the_same(
    client_for, nito, nou, nito_editor
):
    client = client_for(nito_editor)
    submission = _store(nito_editor, nito, nou, text=_many(150))
    assert len(submission.analysis["candidates"]) == 150
    client.get(_url("review", submission))  # the session is warm
    queries = []
    for page in (1, 4):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(_url("review", submission) + f"?side={page}")
        queries.append(len(captured))
        assert response.status_code == 200
        assert response.context["review"].pages == 4
    assert len(client.get(_url("review", submission)).context["formset"].forms) == 40
    assert len(response.context["formset"].forms) == 30
    assert queries[0] == queries[1]
    assert "Side 2" in response.content.decode()
    # A page number that is no number is page 1, never an error.
    assert client.get(_url("review", submission) + "?side=x").status_code == 200


def test_a_submission_without_analysis_is_read_by_the_task_queue(
    client_for, nito, nou, nito_editor, django_capture_on_commit_callbacks
):
    client = client_for(nito_editor)
    submission = _store(nito_editor, nito, nou)
    Submission.objects.filter(pk=submission.pk).update(analysis={}, analysed_at=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        waiting = client.get(_url("review", submission))
    assert len(callbacks) == 1
    assert waiting.status_code == 200 and "Innspillet leses" in waiting.content.decode()
    assert Submission.objects.get(pk=submission.pk).analysis["candidates"]
    assert client.get(_url("review", submission)).context["review"].items


@pytest.mark.parametrize("area", ["workspace", "secretariat"])
def test_reading_again_keeps_what_was_taken(
    client_for, nito, nou, nito_editor, secretary, area, django_capture_on_commit_callbacks
):
    client = client_for(nito_editor if area == "workspace" else secretary)
    submission = _store(nito_editor, nito, nou)
    first = client.get(_url("review", submission, area))
    client.post(_url("review", submission, area), _post_data(first, ["prøvetaking"]))
    Submission.objects.filter(pk=submission.pk).update(analysis={"version": 0})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("reanalyse", submission, area))
    assert response.status_code == 302
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.analysis["version"] == imports.ANALYSIS_VERSION
    review = imports.import_review(submission=stored)
    assert [item.candidate["text"] for item in review.taken] == [
        "NITO krever at bioingeniører får ansvar for prøvetaking i alle sykehus."
    ]


def test_only_those_who_may_import_can_ask_for_a_new_reading(
    client, client_for, nito, nou, nito_editor, tekna_editor
):
    submission = _store(nito_editor, nito, nou)
    assert client_for(tekna_editor).post(_url("reanalyse", submission)).status_code == 404
    anonymous = client.post(_url("reanalyse", submission))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client_for(nito_editor).get(_url("reanalyse", submission)).status_code == 405


def test_the_dry_run_keeps_the_contract_and_adds_confidence_reason_and_section(demo, tmp_path):
    path = tmp_path / "svar.txt"
    path.write_text(LETTER, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_submission",
        str(path),
        "--organisation",
        "NITO",
        "--document",
        "NOU 2023:4",
        "--dry-run",
        "--format",
        "json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert set(result) == {
        "target_document",
        "cited_documents",
        "chapter_refs",
        "budget_refs",
        "programme_categories",
        "candidates",
    }
    for candidate in result["candidates"]:
        assert {"text", "chapter_refs", "budget_refs", "requested_amount_nok"} <= set(candidate)
        assert 0 < candidate["confidence"] <= 1 and candidate["reason"]
        assert "section" in candidate
