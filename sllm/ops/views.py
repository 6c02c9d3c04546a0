from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import run_checks
from .metrics import access_metrics, metrics_response


@never_cache
@require_safe
def healthz_view(request):
    """For nginx, systemd and load balancers: no login, never cached, each check bounded in time."""
    result = run_checks()
    return JsonResponse(result, status=503 if result["status"] == "down" else 200)


@never_cache
@require_safe
def metrics_view(request):
    access_metrics(request)
    return metrics_response()


def server_error_view(request):
    """The 500 page: shows the request id that the JSON error line and the error report carry."""
    context = {"request_id": getattr(request, "request_id", "")}
    return render(request, "500.html", context, status=500)
