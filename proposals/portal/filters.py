"""The one FilterSet behind ``/demands/``, its facets and its exports.

Every filter is written so that it never multiplies rows (links to chapters
and budget posts are tested with ``IN (subquery)``), which keeps counts and facet
counts exact without ``DISTINCT``. The FilterSet filters; it never decides
visibility: the selectors hand it a queryset that is already
``Demand.objects.visible_to(user)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from organizations.models import Organisation
from proposals.models import BudgetPost, Chapter, Demand, DemandStatus, PolicyDocument, Stance
from proposals.portal import search

# The longest search we run; longer ones are cut with a message.
MAX_QUERY_LENGTH = 200
# Any other single value longer than this is certainly wrong; it is cut before
# validation so that an error message never repeats kilobytes of input.
MAX_VALUE_LENGTH = 100
# More values than this for one parameter are dropped with a message.
MAX_VALUES_PER_PARAMETER = 50

FIRST_YEAR, LAST_YEAR = 1900, 2200

SORT_CHOICES = [
    ("relevance", _("Mest relevante")),
    ("newest", _("Nyeste først")),
    ("oldest", _("Eldste først")),
    ("changed", _("Sist endret status")),
    ("title", _("Tittel (A–Å)")),
    ("organisation", _("Organisasjon (A–Å)")),
    ("amount", _("Største beløp")),
]


def chapter_subtree_q(chapter: Chapter, prefix: str = "") -> Q:
    """Demands linked to ``chapter`` or any of its sub-chapters (by the stored sort key).

    An uncorrelated ``IN (subquery)``: the database finds the linked demands
    once instead of probing the links for every demand row.
    """
    links = Demand.chapters.through.objects.filter(chapter__in=Chapter.objects.subtree(chapter))
    return Q(**{f"{prefix}pk__in": links.values("demand_id")})


def budget_post_q(post: BudgetPost, prefix: str = "") -> Q:
    links = Demand.budget_posts.through.objects.filter(budgetpost_id=post.pk)
    return Q(**{f"{prefix}pk__in": links.values("demand_id")})


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=search.CONFIG, search_type="websearch")


def search_q(text: str) -> Q:
    """Full-text on PostgreSQL (Norwegian stemming), a contains-search elsewhere."""
    if search.uses_full_text():
        return Q(search_vector=search_query(text))
    return (
        Q(title__icontains=text)
        | Q(text__icontains=text)
        | Q(organisation__name__icontains=text)
        | Q(organisation__short_name__icontains=text)
    )


_ID = re.compile(r"^[0-9]{1,18}$")


def _check_id(value) -> None:
    """Refuse anything but a plausible id before it reaches the database.

    A number too large for the column would otherwise be an error in the
    database driver rather than a message for the reader.
    """
    if not _ID.match(str(value).strip()):
        raise ValidationError(
            _("«%(value)s» er ikke et gyldig id-nummer."), code="invalid", params={"value": value}
        )


class IdsField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            _check_id(item)
        return super()._check_values(value)


class IdField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            _check_id(value)
        return super().to_python(value)


class IdsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdsField


class IdFilter(django_filters.ModelChoiceFilter):
    field_class = IdField


class YearsField(forms.Field):
    """One or more years, e.g. ``?year=2023&year=2024``."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        years = set()
        for item in value:
            try:
                year = int(str(item).strip())
            except ValueError:
                raise ValidationError(
                    _("«%(value)s» er ikke et årstall."), code="invalid", params={"value": item}
                ) from None
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValidationError(
                    _("%(value)s er ikke et årstall vi har krav fra."),
                    code="out_of_range",
                    params={"value": year},
                )
            years.add(year)
        return sorted(years)


class YearsFilter(django_filters.Filter):
    field_class = YearsField


class DemandFilterSet(django_filters.FilterSet):
    """The filters of ``/demands/``, named as the query parameters in DESIGN.md."""

    document = IdsFilter(
        label=_("Dokument"), queryset=PolicyDocument.objects.all(), method="filter_in"
    )
    chapter = IdFilter(
        label=_("Kapittel"),
        queryset=Chapter.objects.select_related("document"),
        method="filter_chapter",
    )
    budget_post = IdFilter(
        label=_("Budsjettpost"), queryset=BudgetPost.objects.all(), method="filter_budget_post"
    )
    organisation = IdsFilter(
        label=_("Organisasjon"), queryset=Organisation.objects.all(), method="filter_in"
    )
    organisation_kind = django_filters.MultipleChoiceFilter(
        label=_("Organisasjonstype"),
        choices=Organisation.Kind.choices,
        field_name="organisation__kind",
        method="filter_in",
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=DemandStatus.choices, method="filter_in"
    )
    stance = django_filters.MultipleChoiceFilter(
        label=_("Standpunkt"), choices=Stance.choices, method="filter_in"
    )
    year = YearsFilter(label=_("År"), method="filter_years")
    q = django_filters.CharFilter(label=_("Søk"), method="filter_search")
    # Validated here like the filters; the selector applies the order.
    sort = django_filters.ChoiceFilter(
        label=_("Sortering"), choices=SORT_CHOICES, method="filter_nothing"
    )

    class Meta:
        model = Demand
        fields: list[str] = []

    # --- the filters ----------------------------------------------------------

    def filter_in(self, queryset: QuerySet, field_name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{field_name}__in": list(value)})

    def filter_chapter(self, queryset, name, chapter):
        return queryset.filter(chapter_subtree_q(chapter)) if chapter else queryset

    def filter_budget_post(self, queryset, name, post):
        return queryset.filter(budget_post_q(post)) if post else queryset

    def filter_years(self, queryset, name, years):
        if not years:
            return queryset
        # One range per year keeps the submitted_at index usable.
        match = Q()
        for year in years:
            match |= Q(submitted_at__year=year)
        return queryset.filter(match)

    def filter_search(self, queryset, name, text):
        text = (text or "").strip()
        return queryset.filter(search_q(text)) if text else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    # --- applying them ----------------------------------------------------------

    def valid_data(self) -> dict:
        """The cleaned values of the fields that validated; bad ones are left out."""
        self.errors  # noqa: B018 - runs validation once
        return getattr(self.form, "cleaned_data", {})

    def apply(self, queryset: QuerySet, *, leave_out: Iterable[str] = ()) -> QuerySet:
        """``queryset`` with every valid filter except those in ``leave_out``.

        Facets use it to count each facet with the *other* active filters.
        """
        skip = set(leave_out)
        for name, value in self.valid_data().items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
