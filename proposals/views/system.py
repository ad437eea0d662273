"""Endpoints for operators and load balancers."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from proposals import health


@never_cache
@require_GET
def healthz(request):
    """200 when database, cache and broker answer; 503 otherwise. Always JSON."""
    report = health.system_health()
    return JsonResponse(report.as_json(), status=200 if report.ok else 503)
