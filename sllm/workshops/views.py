from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sllm.core.registry import DASHBOARD_PANELS, dashboard_sections

from .permissions import access_edition_as_organizer


@login_required
def dashboard_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    context = {"edition": edition, "panels": DASHBOARD_PANELS, "sections": dashboard_sections(edition)}
    return render(request, "organize/dashboard.html", context)
