from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sllm.core.registry import DASHBOARD_PANELS, dashboard_sections
from sllm.submissions.permissions import access_workshop_as_organizer

from .selectors import workshop_get


@login_required
def dashboard_view(request, slug):
    workshop = workshop_get(slug=slug)
    access_workshop_as_organizer(user=request.user, workshop=workshop)
    context = {"workshop": workshop, "panels": DASHBOARD_PANELS, "sections": dashboard_sections(workshop)}
    return render(request, "organize/dashboard.html", context)
