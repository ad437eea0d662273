from django.urls import path

from ..views import secretariat

urlpatterns = [
    path("", secretariat.queue, name="queue"),
    path("demands/<int:pk>/", secretariat.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/status/", secretariat.demand_status, name="demand_status"),
    path("demands/<int:pk>/notes/", secretariat.note_add, name="note_add"),
    path("bulk-status/", secretariat.bulk_status, name="bulk_status"),
    path("documents/", secretariat.documents, name="documents"),
    path("documents/<slug:slug>/", secretariat.document_detail, name="document_detail"),
    path(
        "documents/<slug:slug>/committee-export.xlsx",
        secretariat.committee_export_xlsx,
        name="committee_export",
    ),
    path("budget-posts/", secretariat.budget_posts, name="budget_posts"),
]
