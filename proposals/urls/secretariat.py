from django.urls import path

from proposals.views import imports, outcomes, prep_pack, process, secretariat

urlpatterns = [
    path("", secretariat.queue, name="queue"),
    path("demands/<int:pk>/", secretariat.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/status/", secretariat.demand_status, name="demand_status"),
    path("demands/<int:pk>/notes/", secretariat.note_add, name="note_add"),
    path("demands/<int:pk>/visibility/", secretariat.demand_visibility, name="demand_visibility"),
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
    path("budget-posts/", secretariat.budget_posts, name="budget_posts"),
    path("hearings/", process.hearing_list, name="hearing_list"),
    path("hearings/<int:pk>/", process.hearing_work, name="hearing_work"),
    path("hearings/<int:pk>/prep-pack/", prep_pack.secretariat_page, name="prep_pack"),
    path("hearings/<int:pk>/prep-pack.pdf", prep_pack.secretariat_pdf, name="prep_pack_pdf"),
    path("stortinget/", process.import_start, name="import_start"),
    path("stortinget/<int:pk>/", process.import_run, name="import_run"),
    path("names/", process.name_list, name="name_list"),
    path("names/<int:pk>/", process.name_detail, name="name_detail"),
    path("imports/new/", imports.secretariat_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.secretariat_review, name="import_review"),
    path("imports/<int:pk>/chapters/", imports.secretariat_add_chapter, name="import_add_chapter"),
    path("imports/<int:pk>/done/", imports.secretariat_done, name="import_done"),
    path("imports/<int:pk>/reanalyse/", imports.secretariat_reanalyse, name="import_reanalyse"),
    path("recommendations/", outcomes.recommendations, name="recommendations"),
    path(
        "recommendations/<slug:slug>/",
        outcomes.recommendation_matches,
        name="recommendation_matches",
    ),
    path(
        "recommendations/<slug:slug>/demands/<int:pk>/choose/",
        outcomes.match_choose,
        name="match_choose",
    ),
    path("matches/<int:pk>/", outcomes.match_decide, name="match_decide"),
]
