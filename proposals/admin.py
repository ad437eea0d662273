from django.contrib import admin

from proposals.demands import services
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
        services.chapters_relink(document=form.instance)


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "document"]
    list_filter = ["document"]
    search_fields = ["number", "title", "document__identifier"]
    list_select_related = ["document"]
    ordering = ["document", "sort_key"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.chapters_relink(document=obj.document)


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
    readonly_fields = ["author", "created_at"]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "document", "stance", "status", "version"]
    list_filter = ["status", "stance", "hidden_from_public", "organisation__kind", "document"]
    search_fields = ["title", "text", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["organisation", "document", "submission", "chapters", "budget_posts"]
    filter_horizontal = ["topics"]
    list_select_related = ["organisation", "document"]
    readonly_fields = ["status", "version", "submitted_at", "status_changed_at"]
    inlines = [StatusChangeInline, InternalNoteInline]


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
