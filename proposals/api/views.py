"""The API's views: load through a selector, authorise through permissions, write by a service."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from organizations import permissions
from organizations.models import Organisation
from proposals.api import selectors
from proposals.api import serializers as api
from proposals.api.errors import READ_ERRORS, WRITE_ERRORS, PayloadTooLarge, error_responses
from proposals.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from proposals.api.idempotency import idempotent
from proposals.api.pagination import AscendingIdCursorPagination, IdCursorPagination
from proposals.demands import services, workflow
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    DemandStatus,
    PolicyDocument,
    Stance,
    StatusChange,
)
from proposals.portal.filters import DemandFilterSet
from proposals.portal.selectors import sanitise_params


class ApiMixin:
    """What every API view shares: a bounded body, JSON errors, integer ids."""

    def initial(self, request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.API_MAX_BODY_BYTES:
            raise PayloadTooLarge(
                _("Forespørselen er større enn %(n)s byte.") % {"n": settings.API_MAX_BODY_BYTES}
            )
        super().initial(request, *args, **kwargs)

    def get_object(self):
        raw = str(self.kwargs.get("pk", ""))
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        return super().get_object()


def _read(tag: str, plural: str, singular: str, serializer):
    return extend_schema_view(
        list=extend_schema(
            tags=[tag],
            summary=f"List {plural}",
            responses={200: serializer(many=True), **error_responses(*READ_ERRORS)},
        ),
        retrieve=extend_schema(
            tags=[tag],
            summary=f"One {singular}",
            responses={200: serializer, **error_responses(401, 404, 405, 429, 503)},
        ),
    )


@_read("documents", "documents", "document", api.DocumentSerializer)
class DocumentViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Documents (dokumenter): white papers, NOUs, propositions, with visible demand counts."""

    serializer_class = api.DocumentSerializer
    pagination_class = AscendingIdCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, read without a request
            return PolicyDocument.objects.none()
        return selectors.document_list(user=self.request.user)


class ChapterFilterSet(filters.FilterSet):
    document = filters.ModelChoiceFilter(
        queryset=PolicyDocument.objects.all(), help_text="Only chapters of this document id."
    )

    class Meta:
        model = Chapter
        fields = ["document"]


@_read("documents", "chapters", "chapter", api.ChapterSerializer)
class ChapterViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Chapters (kapitler) of documents; filter by ``document``."""

    serializer_class = api.ChapterSerializer
    pagination_class = AscendingIdCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ChapterFilterSet

    def get_queryset(self):
        return selectors.chapter_list()


@_read("budget", "budget posts", "budget post", api.BudgetPostSerializer)
class BudgetPostViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Budget posts (budsjettposter) with what visible demands ask of them."""

    serializer_class = api.BudgetPostSerializer
    pagination_class = AscendingIdCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, read without a request
            return BudgetPost.objects.none()
        return selectors.budget_post_list(user=self.request.user)


@_read("organisations", "organisations", "organisation", api.OrganisationSerializer)
class OrganisationViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations (organisasjoner) with the number of their visible demands."""

    serializer_class = api.OrganisationSerializer
    pagination_class = AscendingIdCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, read without a request
            return Organisation.objects.none()
        return selectors.organisation_list(user=self.request.user)


@_read("submissions", "submissions", "submission", api.SubmissionSerializer)
class SubmissionViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Submissions (innspill, høringssvar): public metadata of those behind readable demands."""

    serializer_class = api.SubmissionSerializer

    def get_queryset(self):
        return selectors.submission_list(user=self.request.user)


class StatusChangeFilterSet(filters.FilterSet):
    demand = filters.NumberFilter(
        field_name="demand_id", min_value=1, max_value=2**62, help_text="Only this demand id."
    )
    since = filters.IsoDateTimeFilter(
        field_name="changed_at", lookup_expr="gte", help_text="Changed at or after (ISO 8601)."
    )

    class Meta:
        model = StatusChange
        fields = ["demand", "since"]


@_read("demands", "status changes", "status change", api.StatusChangeSerializer)
class StatusChangeViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Status changes (statusendringer) of readable demands, newest first."""

    serializer_class = api.StatusChangeSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = StatusChangeFilterSet

    def get_queryset(self):
        return selectors.status_change_list(user=self.request.user)


@_read("process", "cases", "case", api.CaseSerializer)
class CaseViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Cases (saker) in the Storting, from its open data."""

    serializer_class = api.CaseSerializer
    pagination_class = AscendingIdCursorPagination

    def get_queryset(self):
        return selectors.case_list()


@_read("process", "hearings", "hearing", api.HearingSerializer)
class HearingViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Committee hearings (høringer) with their deadlines and cases."""

    serializer_class = api.HearingSerializer
    pagination_class = AscendingIdCursorPagination

    def get_queryset(self):
        return selectors.hearing_list()


# --- Demands --------------------------------------------------------------------------

# Cursor pages need an order that never changes under them: by id.
CURSOR_SORTS = {"newest": "-pk", "oldest": "pk"}


class DemandFilterBackend(filters.DjangoFilterBackend):
    """The portal's FilterSet of /demands/, with the portal's clean-up of parameters."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = sanitise_params(request.query_params)
        return kwargs

    def filter_queryset(self, request, queryset, view):
        sort = request.query_params.get("sort")
        if sort and sort in dict(DemandFilterSet.base_filters["sort"].extra["choices"]):
            if sort not in CURSOR_SORTS:
                raise exceptions.ValidationError(
                    {"sort": [_("API-et sorterer bare «newest» og «oldest».")]}
                )
        return super().filter_queryset(request, queryset, view)


class DemandFilterParameters(OpenApiFilterExtension):
    """The demand filters are described by hand (``DEMAND_FILTERS``), with their types."""

    target_class = DemandFilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        return []


class DemandCursorPagination(IdCursorPagination):
    def get_ordering(self, request, queryset, view):
        return (CURSOR_SORTS.get(request.query_params.get("sort"), "-pk"),)


def _ids_parameter(name: str, description: str, *, many: bool = True) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": {"type": "integer", "minimum": 1}} if many else OpenApiTypes.INT,
        OpenApiParameter.QUERY,
        description=description,
        explode=True if many else None,
    )


def _choices_parameter(name: str, choices, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": {"type": "string", "enum": [value for value, _ in choices]}},
        OpenApiParameter.QUERY,
        description=description,
        explode=True,
    )


DEMAND_FILTERS = [
    _ids_parameter("document", "Document id (dokument); repeat the parameter for several."),
    _ids_parameter("chapter", "Chapter id (kapittel); its sub-chapters are included.", many=False),
    _ids_parameter("budget_post", "Budget post id (budsjettpost).", many=False),
    _ids_parameter("organisation", "Organisation id (organisasjon); repeat for several."),
    _choices_parameter(
        "organisation_kind", Organisation.Kind.choices, "Kind of organisation (organisasjonstype)."
    ),
    _choices_parameter("status", DemandStatus.choices, "Status; repeat for several."),
    _choices_parameter("stance", Stance.choices, "Stance (standpunkt); repeat for several."),
    OpenApiParameter(
        "year",
        {"type": "array", "items": {"type": "integer", "minimum": 1900, "maximum": 2200}},
        OpenApiParameter.QUERY,
        description="Year submitted (år); repeat for several.",
        explode=True,
    ),
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description="Search (søk) in title, text and organisation, Norwegian stemming; "
        "at most 200 characters are used.",
    ),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=list(CURSOR_SORTS),
        description="Order (sortering): `newest` (default) or `oldest`, by id.",
    ),
]

DEMAND_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The demand's id (krav-id)."
)
IDEMPOTENCY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "With a token: a key of your choosing (at most 100 characters). A retry with the "
        "same key and body gets the first answer again (`Idempotent-Replayed: true`)."
    ),
)


@extend_schema_view(
    list=extend_schema(
        tags=["demands"],
        summary="List demands",
        description=(
            "Demands (krav) the caller may read: published ones for everyone, and a token "
            "holder's own organisation's drafts. The filters are those of `/demands/` on the "
            "portal, with the same names; `sort` is `newest` (default) or `oldest`."
        ),
        parameters=DEMAND_FILTERS,
        responses={200: api.DemandSerializer, **error_responses(*READ_ERRORS)},
    ),
    retrieve=extend_schema(
        tags=["demands"],
        summary="One demand with its public history",
        responses={200: api.DemandDetailSerializer, **error_responses(401, 404, 405, 429, 503)},
    ),
    create=extend_schema(
        tags=["demands"],
        summary="Create a demand (as a draft)",
        description="For an editor of the organisation (a token acts as its owner).",
        parameters=[IDEMPOTENCY],
        request=api.DemandCreateSerializer,
        responses={201: api.DemandDetailSerializer, **error_responses(*WRITE_ERRORS, 422)},
    ),
    partial_update=extend_schema(
        tags=["demands"],
        summary="Change a demand's text, stance, amount, chapters or posts",
        description="Send the `version` you read; if someone saved since, 409 and nothing is kept.",
        request=api.DemandUpdateSerializer,
        responses={200: api.DemandDetailSerializer, **error_responses(*WRITE_ERRORS, 409)},
    ),
)
class DemandViewSet(
    ApiMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Demands (krav), filtered as on the portal, written through the same services."""

    serializer_class = api.DemandSerializer
    filter_backends = [DemandFilterBackend]
    filterset_class = DemandFilterSet
    pagination_class = DemandCursorPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.demand_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return api.DemandDetailSerializer
        return super().get_serializer_class()

    def retrieve(self, request, *args, **kwargs):
        return Response(api.DemandDetailSerializer(self._demand()).data)

    def _demand(self) -> Demand:
        raw = str(self.kwargs.get("pk", ""))
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        try:
            return selectors.demand_detail(pk=int(raw), user=self.request.user)
        except Demand.DoesNotExist:
            raise Http404(_("Fant ikke kravet.")) from None

    def _detail(self, demand: Demand, status_code=status.HTTP_200_OK) -> Response:
        fresh = selectors.demand_detail(pk=demand.pk, user=self.request.user)
        return Response(api.DemandDetailSerializer(fresh).data, status=status_code)

    def _require_token_or_session(self):
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated(_("Denne handlingen krever en API-nøkkel."))

    # --- writes ---

    def create(self, request, *args, **kwargs):
        self._require_token_or_session()
        return idempotent(request, lambda: self._create(request))

    def _create(self, request) -> Response:
        data = _valid(api.DemandCreateSerializer, request.data)
        organisation = _one(Organisation, data["organisation"], "organisation")
        document = _one(PolicyDocument, data["document"], "document")
        demand = services.demand_create(
            user=request.user,
            organisation=organisation,
            document=document,
            title=data["title"],
            text=data["text"],
            stance=data["stance"],
            rationale=data.get("rationale", ""),
            requested_amount_nok=data.get("requested_amount_nok"),
            chapters=_many(Chapter, data.get("chapters", []), "chapters"),
            budget_posts=_many(BudgetPost, data.get("budget_posts", []), "budget_posts"),
        )
        return self._detail(demand, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        self._require_token_or_session()
        demand = self._demand()
        data = _valid(api.DemandUpdateSerializer, request.data)
        changes = {
            name: data[name]
            for name in ("title", "text", "rationale", "stance", "requested_amount_nok")
            if name in data
        }
        if "chapters" in data:
            changes["chapters"] = _many(Chapter, data["chapters"], "chapters")
        if "budget_posts" in data:
            changes["budget_posts"] = _many(BudgetPost, data["budget_posts"], "budget_posts")
        services.demand_update(
            demand=demand, user=request.user, expected_version=data["version"], **changes
        )
        return self._detail(demand)

    def _step(self, request, *, to_status: str, party: str) -> Response:
        self._require_token_or_session()
        demand = self._demand()
        if party not in permissions.acts_for(request.user, demand):
            raise PermissionDenied(_("Du kan ikke endre status på dette kravet."))
        data = _valid(
            api.StatusChangeRequestSerializer
            if party == workflow.SEC
            else api.StatusStepSerializer,
            request.data,
        )
        services.demand_change_status(
            demand=demand,
            to_status=data.get("status", to_status),
            user=request.user,
            note=data.get("note", ""),
            expected_status=data.get("expected_status"),
        )
        return self._detail(demand)

    @extend_schema(
        tags=["demands"],
        summary="Submit a draft (levere)",
        parameters=[DEMAND_ID],
        request=api.StatusStepSerializer,
        responses={200: api.DemandDetailSerializer, **error_responses(*WRITE_ERRORS, 422)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, to_status=DemandStatus.SUBMITTED, party=workflow.ORG)

    @extend_schema(
        tags=["demands"],
        summary="Withdraw a demand (trekke)",
        parameters=[DEMAND_ID],
        request=api.StatusStepSerializer,
        responses={200: api.DemandDetailSerializer, **error_responses(*WRITE_ERRORS, 422)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(request, to_status=DemandStatus.WITHDRAWN, party=workflow.ORG)

    @extend_schema(
        tags=["demands"],
        summary="Change the status (secretariat)",
        description="For the committee secretariat; moves follow the workflow's table.",
        parameters=[DEMAND_ID],
        request=api.StatusChangeRequestSerializer,
        responses={200: api.DemandDetailSerializer, **error_responses(*WRITE_ERRORS, 422)},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        return self._step(request, to_status="", party=workflow.SEC)


def _valid(serializer_class, data) -> dict:
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"non_field_errors": [_("Send et JSON-objekt.")]})
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _one(model, pk: int, field: str):
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [_("Finnes ikke: %(id)s.") % {"id": pk}]})
    return found


def _many(model, ids: list[int], field: str) -> list:
    found = list(model.objects.filter(pk__in=set(ids)))
    missing = sorted(set(ids) - {item.pk for item in found})
    if missing:
        raise serializers.ValidationError(
            {field: [_("Finnes ikke: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]}
        )
    return found
