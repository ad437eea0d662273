"""``/feeds/…``: Atom feeds of chapters, documents, organisations, budget posts, searches, demands."""

from django.urls import path

from proposals.alerts import feeds

app_name = "feeds"

urlpatterns = [
    path("demands/", feeds.SearchFeed(), name="search"),
    path("demands/<int:pk>/", feeds.DemandFeed(), name="demand"),
    path("documents/<slug:slug>/", feeds.DocumentFeed(), name="document"),
    path("documents/<slug:slug>/chapters/<str:number>/", feeds.ChapterFeed(), name="chapter"),
    path("organisations/<slug:slug>/", feeds.OrganisationFeed(), name="organisation"),
    path("budget/<int:year>/<int:chapter>/<int:post>/", feeds.BudgetPostFeed(), name="budget_post"),
]
