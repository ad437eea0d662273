"""How the API writes its objects. No logic here: reads come from selectors, writes go to services.

Descriptions are in English with the Norwegian domain word in brackets, as on the portal.
"""

from __future__ import annotations

from rest_framework import serializers

from organizations.models import Organisation
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    DemandStatus,
    DemandVersion,
    PolicyDocument,
    Stance,
    StatusChange,
    Submission,
)
from proposals.process.models import Case, Hearing


class DocumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyDocument
        fields = ["id", "identifier", "slug"]
        extra_kwargs = {
            "identifier": {"help_text": "As written officially (identifikator), e.g. NOU 2023:4."}
        }


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "short_name", "name", "slug"]
        extra_kwargs = {"short_name": {"help_text": "Short name (kortnavn), e.g. NITO."}}


class ChapterRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Chapter
        fields = ["id", "number", "title"]
        extra_kwargs = {"number": {"help_text": "Chapter number (kapittelnummer), e.g. 10.3."}}


class BudgetPostRefSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="As shown: Kap. 701, post 21.")

    class Meta:
        model = BudgetPost
        fields = ["id", "year", "chapter", "post", "label"]
        extra_kwargs = {
            "year": {"help_text": "Budget year (budsjettår)."},
            "chapter": {"help_text": "Budget chapter (kapittel, kap.)."},
            "post": {"help_text": "Budget post (post)."},
        }


class DocumentSerializer(serializers.ModelSerializer):
    demand_count = serializers.IntegerField(
        read_only=True, help_text="Demands (krav) on it that the caller may see."
    )
    chapter_count = serializers.IntegerField(read_only=True, help_text="Chapters (kapitler).")
    portal_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = PolicyDocument
        fields = [
            "id",
            "identifier",
            "slug",
            "title",
            "kind",
            "session",
            "budget_year",
            "responsible",
            "url",
            "demand_count",
            "chapter_count",
            "portal_url",
        ]
        extra_kwargs = {
            "identifier": {"help_text": "As written officially (identifikator), e.g. NOU 2023:4."},
            "kind": {"help_text": "Kind (type): white paper (Meld. St.), NOU, proposition …"},
            "session": {"help_text": "Session or year (sesjon), e.g. 2023–2024."},
            "responsible": {"help_text": "Responsible ministry (ansvarlig departement)."},
        }


class ChapterSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The enclosing chapter's id (overordnet kapittel).",
    )

    class Meta:
        model = Chapter
        fields = ["id", "document", "number", "title", "parent", "depth"]
        extra_kwargs = {"number": {"help_text": "Chapter number (kapittelnummer), e.g. 10.3."}}


class BudgetPostSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="As shown: Kap. 701, post 21.")
    programme_category = serializers.SerializerMethodField(
        help_text="Programme category (programkategori), e.g. 10.40."
    )
    demand_count = serializers.IntegerField(read_only=True, help_text="Visible demands on it.")
    organisation_count = serializers.IntegerField(
        read_only=True, help_text="Organisations with visible demands on it."
    )
    requested_sum_nok = serializers.IntegerField(
        source="requested_sum",
        read_only=True,
        allow_null=True,
        help_text="Sum of the changes asked for (krevd beløp), NOK.",
    )

    class Meta:
        model = BudgetPost
        fields = [
            "id",
            "year",
            "chapter",
            "post",
            "label",
            "chapter_name",
            "post_name",
            "amount_nok",
            "programme_category",
            "demand_count",
            "organisation_count",
            "requested_sum_nok",
        ]
        extra_kwargs = {
            "year": {"help_text": "Budget year (budsjettår)."},
            "chapter": {"help_text": "Budget chapter (kapittel, kap.)."},
            "post": {"help_text": "Budget post (post)."},
            "amount_nok": {"help_text": "Appropriation (bevilgning), NOK, where known."},
        }

    def get_programme_category(self, post) -> str | None:
        category = post.programme_category
        return category.number if category else None


class OrganisationSerializer(serializers.ModelSerializer):
    demand_count = serializers.IntegerField(
        read_only=True, help_text="Its demands (krav) the caller may see."
    )
    portal_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "slug",
            "kind",
            "org_number",
            "members",
            "website",
            "demand_count",
            "portal_url",
        ]
        extra_kwargs = {
            "kind": {"help_text": "Kind (organisasjonstype)."},
            "org_number": {"help_text": "Organisation number (organisasjonsnummer), 9 digits."},
            "members": {"help_text": "Members (medlemmer)."},
        }


class SubmissionSerializer(serializers.ModelSerializer):
    """Public metadata of a submission (innspill, høringssvar); its file and text are not served."""

    organisation = OrganisationRefSerializer(read_only=True)
    document = DocumentRefSerializer(read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "organisation", "document", "kind", "title", "submitted_on"]
        extra_kwargs = {
            "kind": {"help_text": "Kind: hearing response (høringssvar), budget input …"},
            "submitted_on": {"help_text": "Date sent (dato)."},
        }


class StatusChangeSerializer(serializers.ModelSerializer):
    demand = serializers.PrimaryKeyRelatedField(read_only=True)
    from_status = serializers.CharField(
        help_text="Status before (fra status); empty for the first."
    )
    to_status = serializers.ChoiceField(choices=DemandStatus.choices, help_text="Status after.")

    class Meta:
        model = StatusChange
        fields = ["id", "demand", "from_status", "to_status", "note", "changed_at"]
        extra_kwargs = {"note": {"help_text": "The public note with the change (merknad)."}}


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DemandVersion
        fields = [
            "version",
            "title",
            "text",
            "rationale",
            "stance",
            "requested_amount_nok",
            "chapter_labels",
            "budget_post_labels",
            "status",
            "created_at",
        ]


_DEMAND_FIELDS = [
    "id",
    "organisation",
    "document",
    "submission",
    "title",
    "text",
    "rationale",
    "stance",
    "status",
    "requested_amount_nok",
    "chapters",
    "budget_posts",
    "topics",
    "version",
    "submitted_at",
    "status_changed_at",
    "updated_at",
    "portal_url",
]

_DEMAND_HELP = {
    "title": {"help_text": "Title (tittel)."},
    "text": {"help_text": "The demand itself (krav)."},
    "rationale": {"help_text": "Rationale (begrunnelse)."},
    "stance": {"help_text": "Stance (standpunkt)."},
    "status": {"help_text": "Status: draft = Kladd, submitted = Levert, …"},
    "requested_amount_nok": {"help_text": "The change asked for (beløp), NOK; negative for a cut."},
    "version": {"help_text": "Version (versjon); send it back with an update to detect conflicts."},
    "submitted_at": {"help_text": "When it was submitted (levert)."},
}


class DemandSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    document = DocumentRefSerializer(read_only=True)
    submission = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The submission (innspill) it came from, if any."
    )
    chapters = ChapterRefSerializer(many=True, read_only=True)
    budget_posts = BudgetPostRefSerializer(many=True, read_only=True)
    topics = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Topics (temaer)."
    )
    portal_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Demand
        fields = _DEMAND_FIELDS
        extra_kwargs = _DEMAND_HELP


class DemandDetailSerializer(DemandSerializer):
    status_changes = StatusChangeSerializer(
        source="history_changes",
        many=True,
        read_only=True,
        help_text="Public history (statushistorikk), oldest first.",
    )
    versions = VersionSerializer(
        source="history_versions",
        many=True,
        read_only=True,
        help_text="Versions (versjoner) the caller may read, oldest first.",
    )

    class Meta(DemandSerializer.Meta):
        fields = [*_DEMAND_FIELDS, "status_changes", "versions"]


# --- Writes ---------------------------------------------------------------------------


class _Ids(serializers.ListField):
    child = serializers.IntegerField(min_value=1, max_value=2**62)
    max_length = 100


class DemandCreateSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="Id of the caller's own organisation."
    )
    document = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="Id of the document (dokument) it answers."
    )
    title = serializers.CharField(max_length=300, help_text="Title (tittel).")
    text = serializers.CharField(max_length=20_000, help_text="The demand (krav).")
    rationale = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, help_text="Rationale (begrunnelse)."
    )
    stance = serializers.ChoiceField(choices=Stance.choices, help_text="Stance (standpunkt).")
    requested_amount_nok = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=-(10**15),
        max_value=10**15,
        help_text="The change asked for (beløp), NOK; negative for a cut.",
    )
    chapters = _Ids(required=False, help_text="Chapter ids of the same document (kapitler).")
    budget_posts = _Ids(required=False, help_text="Budget post ids (budsjettposter).")


class DemandUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31,
        help_text="The version (versjon) the change is based on; a stale one gets 409.",
    )
    title = serializers.CharField(max_length=300, required=False)
    text = serializers.CharField(max_length=20_000, required=False)
    rationale = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    requested_amount_nok = serializers.IntegerField(
        required=False, allow_null=True, min_value=-(10**15), max_value=10**15
    )
    chapters = _Ids(required=False)
    budget_posts = _Ids(required=False)


class StatusStepSerializer(serializers.Serializer):
    """Submit or withdraw: the status the caller saw, optionally."""

    expected_status = serializers.ChoiceField(
        choices=DemandStatus.choices,
        required=False,
        help_text="The status the caller saw; if it moved meanwhile, 422.",
    )
    note = serializers.CharField(max_length=5_000, required=False, allow_blank=True)


class StatusChangeRequestSerializer(StatusStepSerializer):
    status = serializers.ChoiceField(
        choices=DemandStatus.choices, help_text="The new status (ny status)."
    )
    note = serializers.CharField(
        max_length=5_000,
        required=False,
        allow_blank=True,
        help_text="The public note (merknad); required for outcomes.",
    )


# --- The Storting's process -------------------------------------------------------------


class CommitteeRefSerializer(serializers.Serializer):
    storting_id = serializers.CharField(help_text="The committee (komité), e.g. HELSE.")
    name = serializers.CharField()


class CaseSerializer(serializers.ModelSerializer):
    """A case (sak) in the Storting, as its open data gives it."""

    committee = CommitteeRefSerializer(read_only=True, allow_null=True)
    session = serializers.SlugRelatedField(
        slug_field="storting_id", read_only=True, allow_null=True, help_text="Session (sesjon)."
    )
    document = DocumentRefSerializer(read_only=True, allow_null=True)
    portal_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "storting_id",
            "session",
            "committee",
            "title",
            "short_title",
            "kind",
            "status",
            "reference",
            "document",
            "recommendation_reference",
            "decision_summary",
            "portal_url",
        ]
        extra_kwargs = {
            "storting_id": {"help_text": "The Storting's id of the case (sak)."},
            "reference": {"help_text": "Reference as the Storting writes it (henvisning)."},
            "recommendation_reference": {"help_text": "The recommendation (innstilling)."},
            "decision_summary": {"help_text": "The decision in short (kortvedtak)."},
        }


class HearingSerializer(serializers.ModelSerializer):
    """A committee hearing (høring) with its deadlines and the cases it is about."""

    committee = CommitteeRefSerializer(read_only=True, allow_null=True)
    session = serializers.SlugRelatedField(
        slug_field="storting_id", read_only=True, allow_null=True, help_text="Session (sesjon)."
    )
    cases = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of its cases (saker)."
    )

    class Meta:
        model = Hearing
        fields = [
            "id",
            "storting_id",
            "session",
            "committee",
            "kind",
            "written_only",
            "status",
            "request_deadline",
            "input_deadline",
            "starts_at",
            "cases",
        ]
        extra_kwargs = {
            "written_only": {"help_text": "Written submissions only (bare skriftlig)."},
            "input_deadline": {"help_text": "Deadline for written input (frist for innspill)."},
        }
