from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from proposals.demands import workflow
from proposals.models import (
    BudgetPost,
    Chapter,
    Demand,
    DemandVersion,
    InternalNote,
    PolicyDocument,
    ProgrammeCategory,
    StatusChange,
    Submission,
    Topic,
)
from proposals.reference import services as reference_services


class ChapterInline(admin.TabularInline):
    model = Chapter
    fk_name = "document"
    fields = ["number", "title"]
    extra = 1


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["identifier", "title", "kind", "session", "budget_year"]
    list_filter = ["kind"]
    search_fields = ["identifier", "title", "responsible"]
    prepopulated_fields = {"slug": ["identifier"]}
    inlines = [ChapterInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reference_services.chapters_relink(document=form.instance)


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "document"]
    list_filter = ["document"]
    search_fields = ["number", "title", "document__identifier"]
    list_select_related = ["document"]
    ordering = ["document", "sort_key"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reference_services.chapters_relink(document=obj.document)


@admin.register(ProgrammeCategory)
class ProgrammeCategoryAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(BudgetPost)
class BudgetPostAdmin(admin.ModelAdmin):
    list_display = ["year", "chapter", "post", "chapter_name", "post_name", "amount_nok"]
    list_filter = ["year", "programme_category"]
    search_fields = ["chapter", "post", "chapter_name", "post_name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "document", "kind", "submitted_on"]
    list_filter = ["kind", "organisation", "document"]
    search_fields = ["title", "organisation__name", "document__identifier"]
    autocomplete_fields = ["organisation", "document"]
    date_hierarchy = "submitted_on"


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "note", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        # Status changes go through the secretariat's screens, which check the table.
        return False


class InternalNoteInline(admin.TabularInline):
    model = InternalNote
    extra = 0
    can_delete = False
    readonly_fields = ["text", "author", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # notes are written on the secretariat's page (services.internal_note_add)


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    """Read-only: every change to a demand goes through the services, which record a
    version, update the search index and the charts. The page links to the screens
    that make those changes."""

    list_display = ["title", "organisation", "document", "stance", "status", "version"]
    list_filter = ["status", "stance", "hidden_from_public", "organisation__kind", "document"]
    search_fields = ["title", "text", "organisation__name", "organisation__short_name"]
    list_select_related = ["organisation", "document"]
    fields = [
        "where_to_change",
        "organisation",
        "document",
        "title",
        "text",
        "rationale",
        "stance",
        "requested_amount_nok",
        "status",
        "hidden_from_public",
        "version",
        "submitted_at",
        "status_changed_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [StatusChangeInline, InternalNoteInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Endres her"))
    def where_to_change(self, obj):
        if obj.status in workflow.PRIVATE:
            return _("Kladden er organisasjonens; den endres i organisasjonens arbeidsflate.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("secretariat:demand_detail", args=[obj.pk]),
            _("Sekretariatets side for kravet (status, synlighet, notater)"),
        )


@admin.register(DemandVersion)
class DemandVersionAdmin(admin.ModelAdmin):
    list_display = ["demand", "version", "status", "created_by", "created_at"]
    search_fields = ["demand__title", "title"]
    list_select_related = ["demand"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["demand", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    search_fields = ["demand__title", "note"]
    list_select_related = ["demand", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False
