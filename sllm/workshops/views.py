from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sllm.core.registry import DASHBOARD_PANELS
from sllm.submissions.selectors import paper_list_for_organizers, submission_counts

from .permissions import access_edition_as_organizer


@login_required
def dashboard_view(request, slug):
    workshop = access_edition_as_organizer(user=request.user, slug=slug)
    context = {
        "workshop": workshop,
        "counts": submission_counts(workshop=workshop),
        "papers": paper_list_for_organizers(workshop=workshop),
        "panels": DASHBOARD_PANELS,
    }
    return render(request, "organize/dashboard.html", context)
