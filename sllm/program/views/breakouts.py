"""Breakout groups: the organizers' pages and the public list attendees join from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get_public

from .. import groups, services
from ..forms import BreakoutGroupForm
from ..permissions import access_breakout_group_as_organizer


def _save(request, edition, group=None):
    """(form, status, error) after a POST; a redirect is the caller's on success (form None)."""
    form = BreakoutGroupForm(request.POST, edition=edition)
    if not form.is_valid():
        return form, 400, None
    data = form.cleaned_data
    try:
        services.breakout_group_save(
            edition=edition,
            group=group,
            topic=data["topic"],
            title=data["title"],
            questions=data["questions"],
            capacity=data["capacity"],
            slot=data["slot"],
            order=data["order"] or 0,
        )
    except ApplicationError as exc:
        return form, exc.status_code, exc
    messages.success(request, "Breakout group saved.")
    return None, 302, None


@login_required
def groups_organize_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form, status, error = BreakoutGroupForm(edition=edition), 200, None
    if request.method == "POST":
        form, status, error = _save(request, edition)
        if form is None:
            return redirect("program:breakout-groups", slug=slug)
    context = {"edition": edition, "form": form, "error": error, "groups": groups.breakout_group_list(edition=edition)}
    return render(request, "program/breakout_groups.html", context, status=status)


@login_required
def group_edit_view(request, slug, group_id):
    group = access_breakout_group_as_organizer(user=request.user, slug=slug, group_id=group_id)
    edition = group.edition
    form, status, error = None, 200, None
    if request.method == "POST":
        form, status, error = _save(request, edition, group)
        if form is None:
            return redirect("program:breakout-groups", slug=slug)
    form = form or BreakoutGroupForm(
        edition=edition,
        initial={
            "topic": group.topic,
            "title": group.title,
            "questions": "\n".join(group.questions),
            "capacity": group.capacity,
            "slot": group.slot_id,
            "order": group.order,
        },
    )
    context = {
        "edition": edition,
        "group": group,
        "form": form,
        "error": error,
        "members": groups.breakout_group_members(group=group),
    }
    return render(request, "program/breakout_group_edit.html", context, status=status)


@login_required
@require_POST
def group_delete_view(request, slug, group_id):
    group = access_breakout_group_as_organizer(user=request.user, slug=slug, group_id=group_id)
    services.breakout_group_delete(group=group)
    messages.success(request, f"“{group.title}” deleted.")
    return redirect("program:breakout-groups", slug=slug)


def _public_page(request, edition, *, status=200, error=None):
    context = {
        "edition": edition,
        "groups": groups.breakout_group_list(edition=edition),
        "mine": groups.breakout_group_of(edition=edition, user=request.user),
        "error": error,
    }
    return render(request, "program/breakout_groups_public.html", context, status=status)


def groups_public_view(request, slug):
    return _public_page(request, edition_get_public(slug=slug))


def _membership(request, slug, group_id, service, done: str):
    """Joins or leaves (service), then back to the list; a refusal is shown on the list itself."""
    edition = edition_get_public(slug=slug)
    group = groups.breakout_group_get(edition=edition, group_id=group_id)
    try:
        service(group=group, user=request.user)
    except ApplicationError as exc:
        return _public_page(request, edition, status=exc.status_code, error=exc.message)
    messages.success(request, f"You {done} “{group.title}”.")
    return redirect("program:breakout-groups-public", slug=slug)


@login_required
@require_POST
def group_join_view(request, slug, group_id):
    return _membership(request, slug, group_id, services.breakout_group_join, "joined")


@login_required
@require_POST
def group_leave_view(request, slug, group_id):
    return _membership(request, slug, group_id, services.breakout_group_leave, "left")
