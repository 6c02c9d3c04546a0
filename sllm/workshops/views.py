from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sllm.core.registry import DASHBOARD_PANELS
from sllm.submissions.permissions import access_workshop_as_organizer
from sllm.submissions.selectors import paper_list_for_organizers, submission_counts

from .selectors import workshop_get


@login_required
def dashboard_view(request, slug):
    workshop = workshop_get(slug=slug)
    access_workshop_as_organizer(user=request.user, workshop=workshop)
    context = {
        "workshop": workshop,
        "counts": submission_counts(workshop=workshop),
        "papers": paper_list_for_organizers(workshop=workshop),
        "panels": DASHBOARD_PANELS,
    }
    return render(request, "organize/dashboard.html", context)
