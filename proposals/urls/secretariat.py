from django.urls import path

from proposals.views import imports, secretariat

urlpatterns = [
    path("", secretariat.queue, name="queue"),
    path("demands/<int:pk>/", secretariat.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/status/", secretariat.demand_status, name="demand_status"),
    path("demands/<int:pk>/notes/", secretariat.note_add, name="note_add"),
    path("demands/<int:pk>/curate/", secretariat.demand_curate, name="demand_curate"),
    path("bulk-status/", secretariat.bulk_status, name="bulk_status"),
    path("bulk-curate/", secretariat.bulk_curate, name="bulk_curate"),
    path("demands/<int:pk>/prepare/", secretariat.outcome_prepare, name="outcome_prepare"),
    path("publish/", secretariat.outcomes_publish, name="outcomes_publish"),
    path("documents/", secretariat.documents, name="documents"),
    path("documents/<slug:slug>/", secretariat.document_detail, name="document_detail"),
    path(
        "documents/<slug:slug>/committee-export.xlsx",
        secretariat.committee_export_xlsx,
        name="committee_export",
    ),
    path(
        "documents/<slug:slug>/recommendation-draft.docx",
        secretariat.recommendation_docx,
        name="recommendation_draft",
    ),
    path("queue/committee-export.xlsx", secretariat.queue_export_xlsx, name="queue_export"),
    path("queue/recommendation-draft.docx", secretariat.queue_docx, name="queue_draft"),
    path("budget-posts/", secretariat.budget_posts, name="budget_posts"),
    path("imports/new/", imports.secretariat_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.secretariat_review, name="import_review"),
    path("imports/<int:pk>/chapters/", imports.secretariat_add_chapter, name="import_add_chapter"),
    path("imports/<int:pk>/done/", imports.secretariat_done, name="import_done"),
]
