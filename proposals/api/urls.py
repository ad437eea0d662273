"""``/api/v1/…`` (the API), ``/api/schema/`` (its OpenAPI 3 schema), ``/api/docs/`` (reading it)."""

from django.urls import include, path, re_path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from proposals.api import errors, views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("documents", views.DocumentViewSet, basename="document")
router.register("chapters", views.ChapterViewSet, basename="chapter")
router.register("budget-posts", views.BudgetPostViewSet, basename="budget-post")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("demands", views.DemandViewSet, basename="demand")
router.register("cases", views.CaseViewSet, basename="case")
router.register("hearings", views.HearingViewSet, basename="hearing")
router.register("status-changes", views.StatusChangeViewSet, basename="status-change")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="docs"),
    re_path(r"^.*$", errors.not_found),
]
