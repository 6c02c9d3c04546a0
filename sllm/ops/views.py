from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sllm.core.errors import ApplicationError
from sllm.core.registry import JOB_FAMILIES
from sllm.workshops.permissions import access_edition_as_organizer

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


@login_required
@require_POST
def job_retry_view(request, slug, family, pk):
    """The Retry button of a failed or stale job of any family (sllm/core/registry.py), for organizers.

    A job that is neither failed nor stale answers 409 with the reason and changes nothing.
    """
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    job_family = JOB_FAMILIES.get(family)
    if job_family is None:
        raise Http404("No such kind of job.")
    try:
        done = job_family.retry(edition=edition, pk=pk, user=request.user)
    except ApplicationError as error:
        if error.code == "not_found":
            raise Http404(error.message) from None
        raise
    messages.success(request, done)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse(job_family.page, args=[edition.slug])
    return redirect(target)
