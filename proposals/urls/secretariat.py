from django.urls import path

from proposals.views import imports, secretariat

urlpatterns = [
    path("", secretariat.queue, name="queue"),
    path("demands/<int:pk>/", secretariat.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/status/", secretariat.demand_status, name="demand_status"),
    path("demands/<int:pk>/notes/", secretariat.note_add, name="note_add"),
    path("demands/<int:pk>/visibility/", secretariat.demand_visibility, name="demand_visibility"),
    path("bulk-status/", secretariat.bulk_status, name="bulk_status"),
    path("documents/", secretariat.documents, name="documents"),
    path("documents/<slug:slug>/", secretariat.document_detail, name="document_detail"),
    path(
        "documents/<slug:slug>/committee-export.xlsx",
        secretariat.committee_export_xlsx,
        name="committee_export",
    ),
    path("budget-posts/", secretariat.budget_posts, name="budget_posts"),
    path("imports/new/", imports.secretariat_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.secretariat_review, name="import_review"),
    path("imports/<int:pk>/chapters/", imports.secretariat_add_chapter, name="import_add_chapter"),
    path("imports/<int:pk>/done/", imports.secretariat_done, name="import_done"),
]
