"""The organizers' OpenReview page: the venue link, a sync button, the progress and the past runs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer

from . import selectors, services
from .forms import DecisionMapForm


@login_required
def sync_page_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    runs = list(selectors.sync_run_list(edition=edition))
    context = {
        "edition": edition,
        "link": selectors.venue_link_get(edition=edition),
        "runs": runs,
        "active": next((r for r in runs if r.is_active), None),
    }
    return render(request, "openreview/sync.html", context)


@login_required
@require_POST
def sync_start_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    try:
        run = services.sync_run_request(edition=edition, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        run.refresh_from_db()
        messages.success(request, f"Sync {run.pk} {run.get_status_display().lower()}.")
    return redirect("openreview:sync", slug=slug)


@login_required
def sync_run_status_view(request, slug, run_id):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    run = selectors.sync_run_get(edition=edition, run_id=run_id)
    if run is None:
        raise Http404("No such sync run.")
    return JsonResponse(
        {
            "id": run.pk,
            "status": run.status,
            "stage": run.stage,
            "progress": run.progress,
            "rows_written": run.rows_written,
            "requests": run.requests,
            "warnings": len(run.warnings),
            "error": run.error,
        }
    )


@login_required
def decision_map_view(request, slug):
    """What each OpenReview decision means here; saving applies the map to the synced papers at once."""
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = DecisionMapForm(request.POST or None, options=selectors.decision_options(edition=edition))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                written = services.decision_map_save(edition=edition, mapping=form.mapping())
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, f"Decision map saved; {written['papers']} paper(s) changed.")
                return redirect("openreview:decision-map", slug=slug)
        else:
            status = 400
    return render(request, "openreview/decision_map.html", {"edition": edition, "form": form}, status=status)
