from django.urls import path

from proposals.views import portal, prep_pack, process

urlpatterns = [
    path("", portal.home, name="home"),
    path("documents/", portal.document_list, name="document_list"),
    path("documents/<slug:slug>/", portal.document_detail, name="document_detail"),
    path("documents/<slug:slug>/text/", portal.recommendation_text, name="recommendation_text"),
    # Chapter numbers hold dots (10.3, 12.5.1).
    path(
        "documents/<slug:slug>/chapters/<str:number>/",
        portal.chapter_detail,
        name="chapter_detail",
    ),
    path("demands/", portal.demand_list, name="demand_list"),
    path("demands/<int:pk>/", portal.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/thread/<int:link_pk>/", portal.thread_decide, name="thread_decide"),
    path("organisations/", portal.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", portal.organisation_detail, name="organisation_detail"),
    path("cases/<int:pk>/", process.case_detail, name="case_detail"),
    path("hearings/<int:pk>/", process.hearing_detail, name="hearing_detail"),
    path("hearings/<int:pk>/prep-pack/", prep_pack.public_page, name="prep_pack"),
    path("hearings/<int:pk>/prep-pack.pdf", prep_pack.public_pdf, name="prep_pack_pdf"),
    path("budget/", portal.budget_list, name="budget_list"),
    path("budget/<int:year>/<int:chapter>/", portal.budget_chapter, name="budget_chapter"),
    path(
        "budget/<int:year>/<int:chapter>/<int:post>/",
        portal.budget_post_detail,
        name="budget_post_detail",
    ),
]
