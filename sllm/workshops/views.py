from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError, Forbidden
from sllm.core.registry import DASHBOARD_PANELS, dashboard_sections

from .forms import CallForm, EditionForm
from .permissions import access_edition_as_organizer
from .selectors import call_get, track_get, track_list
from .services import call_update, edition_create, track_set_uncounted_sections


@login_required
def dashboard_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    context = {"edition": edition, "panels": DASHBOARD_PANELS, "sections": dashboard_sections(edition, request.GET)}
    return render(request, "organize/dashboard.html", context)


@login_required
def call_edit_view(request, slug):
    """The organizers' call for papers: text, rules and the tracks' deadlines, in the edition's zone."""
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    tracks = track_list(edition=edition)
    status = 200
    # Deadlines typed and shown in the edition's zone, whatever the server's.
    with timezone.override(edition.tz):
        if request.method == "POST":
            form = CallForm(request.POST, tracks=tracks)
            if form.is_valid():
                try:
                    call_update(
                        edition=edition,
                        text=form.cleaned_data["text"],
                        formatting_rules=form.cleaned_data["formatting_rules"],
                        dual_submission_rule=form.cleaned_data["dual_submission_rule"],
                        deadlines=form.deadlines(),
                        user=request.user,
                    )
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, "The call for papers is saved and public.")
                    return redirect("workshops:call-edit", slug=edition.slug)
            status = 400
        else:
            call = call_get(edition=edition)
            initial = {}
            if call:
                initial = {
                    "text": call.text,
                    "formatting_rules": call.formatting_rules,
                    "dual_submission_rule": call.dual_submission_rule,
                }
            for track in tracks:
                initial[f"submission_{track.pk}"] = timezone.localtime(track.submission_deadline)
                if track.camera_ready_deadline:
                    initial[f"camera_ready_{track.pk}"] = timezone.localtime(track.camera_ready_deadline)
            form = CallForm(initial=initial, tracks=tracks)
        return render(request, "organize/call.html", {"edition": edition, "form": form}, status=status)


@login_required
def edition_create_view(request):
    """A new edition, by a site administrator (staff); they become its first organizer."""
    if not (request.user.is_staff or request.user.is_superuser):
        raise Forbidden("Only site administrators create editions.", code="forbidden")
    form = EditionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                edition = edition_create(creator=request.user, **EditionForm.service_args(form.cleaned_data))
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, f"Created {edition.name}; you organize it.")
                return redirect("workshops:dashboard", slug=edition.slug)
        else:
            status = 400
    return render(request, "organize/workshop_new.html", {"form": form}, status=status)


@login_required
@require_POST
def track_uncounted_sections_view(request, slug, kind):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    track = track_get(edition=edition, kind=kind)
    try:
        track = track_set_uncounted_sections(track=track, sections=request.POST.getlist("sections"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        labels = ", ".join(track.uncounted_section_labels) or "none"
        messages.success(
            request, f"{track.name}: sections that do not count besides references and appendix: {labels}."
        )
    return redirect("workshops:dashboard", slug=slug)
