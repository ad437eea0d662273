from django.urls import path

from proposals.views import imports, tokens, workspace

urlpatterns = [
    path("", workspace.home, name="home"),
    path("demands/new/", workspace.demand_new, name="demand_new"),
    path("activity/read/", workspace.activity_read, name="activity_read"),
    path("demands/submit/", workspace.submit_drafts, name="submit_drafts"),
    path("export.csv", workspace.own_export, {"kind": "csv"}, name="export_csv"),
    path("export.xlsx", workspace.own_export, {"kind": "xlsx"}, name="export_xlsx"),
    path("demands/<int:pk>/", workspace.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/edit/", workspace.demand_edit, name="demand_edit"),
    path("demands/<int:pk>/status/", workspace.demand_status, name="demand_status"),
    path("demands/<int:pk>/withdraw/", workspace.demand_withdraw, name="demand_withdraw"),
    path("search/chapters/", workspace.search_chapters, name="search_chapters"),
    path("search/budget-posts/", workspace.search_budget_posts, name="search_budget_posts"),
    path("submissions/new/", workspace.submission_new, name="submission_new"),
    path("submissions/<int:pk>/", workspace.submission_detail, name="submission_detail"),
    path("organisations/<slug:slug>/edit/", workspace.organisation_edit, name="organisation_edit"),
    path("api-tokens/", tokens.token_list, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", tokens.token_revoke, name="api_token_revoke"),
    path("imports/new/", imports.workspace_upload, name="import_upload"),
    path("imports/<int:pk>/", imports.workspace_review, name="import_review"),
    path("imports/<int:pk>/chapters/", imports.workspace_add_chapter, name="import_add_chapter"),
    path("imports/<int:pk>/done/", imports.workspace_done, name="import_done"),
    path("imports/<int:pk>/reanalyse/", imports.workspace_reanalyse, name="import_reanalyse"),
]
