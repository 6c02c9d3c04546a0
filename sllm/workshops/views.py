from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError, Forbidden
from sllm.core.registry import DASHBOARD_PANELS, dashboard_sections

from .forms import CallForm, CommunityChannelForm, EditionForm
from .permissions import access_channel_as_organizer, access_edition_as_organizer
from .selectors import call_get, community_channel_list, edition_get_public, track_get, track_list
from .services import (
    call_update,
    community_channel_delete,
    community_channel_save,
    edition_create,
    track_set_uncounted_sections,
)


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


def _channel_save(request, edition, channel=None):
    """(form, status, error) after a POST; form None once saved."""
    form = CommunityChannelForm(request.POST)
    if not form.is_valid():
        return form, 400, None
    try:
        community_channel_save(
            edition=edition,
            channel=channel,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
            url=form.cleaned_data["url"],
            order=form.cleaned_data["order"] or 0,
        )
    except ApplicationError as exc:
        return form, exc.status_code, exc
    messages.success(request, "Channel saved.")
    return None, 302, None


@login_required
def community_organize_view(request, slug):
    """The edition's community channels, shown on the public community page and every page's footer."""
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form, status, error = CommunityChannelForm(), 200, None
    if request.method == "POST":
        form, status, error = _channel_save(request, edition)
        if form is None:
            return redirect("workshops:community", slug=slug)
    context = {
        "edition": edition,
        "form": form,
        "error": error,
        "channels": community_channel_list(edition=edition),
    }
    return render(request, "organize/community.html", context, status=status)


@login_required
def community_channel_edit_view(request, slug, channel_id):
    channel = access_channel_as_organizer(user=request.user, slug=slug, channel_id=channel_id)
    form, status, error = None, 200, None
    if request.method == "POST":
        form, status, error = _channel_save(request, channel.edition, channel)
        if form is None:
            return redirect("workshops:community", slug=slug)
    form = form or CommunityChannelForm(
        initial={"kind": channel.kind, "name": channel.name, "url": channel.url, "order": channel.order}
    )
    context = {"edition": channel.edition, "channel": channel, "form": form, "error": error}
    return render(request, "organize/community_channel.html", context, status=status)


@login_required
@require_POST
def community_channel_delete_view(request, slug, channel_id):
    channel = access_channel_as_organizer(user=request.user, slug=slug, channel_id=channel_id)
    community_channel_delete(channel=channel)
    messages.success(request, f"“{channel.name}” removed.")
    return redirect("workshops:community", slug=slug)


def community_public_view(request, slug):
    edition = edition_get_public(slug=slug)
    return render(request, "workshops/community.html", {"edition": edition})
