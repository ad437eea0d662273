"""Hostile input, generated: every form and every filter parameter answers without a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizations.models import Organisation
from proposals import forms as site_forms
from proposals import import_forms
from proposals.models import PolicyDocument

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people (and tools) actually send: controls, NUL, bidi overrides, fullwidth signs,
# very long words, numbers just past every limit, SQL and HTML.
hostile_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202eevil\u202c",
            "\u2066isolert\u2069",
            "＝1+1",
            "|cmd",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "9" * 40,
            "-1",
            "1e309",
            "NaN",
            " ",
            "10.3.4.5.6.7.8.9",
        ]
    ),
    st.integers(min_value=1, max_value=5).map(lambda n: "x" * (10**n * 3)),
)


def _data(form_class_fields, values):
    return {name: value for name, value in zip(form_class_fields, values, strict=False)}


def _check(form) -> None:
    valid = form.is_valid()
    assert isinstance(valid, bool)
    for errors in form.errors.values():
        assert all(isinstance(str(error), str) and str(error) for error in errors)


@pytest.fixture
def document(db):
    return PolicyDocument.objects.create(identifier="NOU 2099:1", title="Fuzz")


@pytest.fixture
def organisations(db):
    Organisation.objects.create(name="Fuzz-forbundet", short_name="FF", slug="ff")
    return Organisation.objects.all()


FORMS = [
    (site_forms.DemandForm, {"document"}),
    (site_forms.NewDemandForm, {"document", "organisations"}),
    (site_forms.DocumentChoiceForm, set()),
    (site_forms.StatusForm, set()),
    (site_forms.BulkStatusForm, set()),
    (site_forms.InternalNoteForm, set()),
    (site_forms.SubmissionForm, {"organisations"}),
    (site_forms.OrganisationForm, set()),
    (site_forms.DocumentForm, set()),
    (site_forms.ChapterListForm, set()),
    (site_forms.BudgetPostForm, set()),
    (site_forms.QueueFilterForm, set()),
    (import_forms.ImportUploadForm, {"organisations"}),
    (import_forms.ImportChapterForm, set()),
]


@pytest.mark.parametrize(("form_class", "needs"), FORMS, ids=lambda f: getattr(f, "__name__", ""))
@FUZZ
@given(values=st.lists(hostile_text, min_size=12, max_size=12))
def test_every_form_refuses_hostile_input_with_messages(
    form_class, needs, values, document, organisations
):
    kwargs = {}
    if "document" in needs:
        kwargs["document"] = document
    if "organisations" in needs:
        kwargs["organisations"] = organisations
    names = list(form_class.base_fields)
    data = _data(names, values)
    files = {}
    if "file" in names:
        files["file"] = SimpleUploadedFile(values[0][:40] or "x", values[1].encode()[:2000])
    _check(form_class(data=data, files=files, **kwargs))


FILTER_PARAMETERS = [
    "document",
    "chapter",
    "budget_post",
    "organisation",
    "organisation_kind",
    "status",
    "stance",
    "year",
    "q",
    "sort",
    "page",
    "format",
    "side",
]


@pytest.mark.parametrize("parameter", FILTER_PARAMETERS)
@FUZZ
@given(value=hostile_text)
def test_every_filter_parameter_answers_without_a_server_error(client, parameter, value):
    response = client.get("/demands/", {parameter: value})
    assert response.status_code in {200, 400}, (parameter, value[:80], response.status_code)


@FUZZ
@given(value=hostile_text)
def test_the_secretariat_queue_filters_answer_without_a_server_error(client_for, secretary, value):
    client = client_for(secretary)
    for parameter in ["status", "organisation", "document", "q", "sort", "page"]:
        response = client.get("/secretariat/", {parameter: value})
        assert response.status_code in {200, 400}, (parameter, value[:80])
