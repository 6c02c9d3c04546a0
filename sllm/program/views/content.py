"""Organizers' pages for the program's content: rooms, sessions, speakers, and who appears in a slot."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer

from .. import selectors, services
from ..forms import RoomForm, SessionForm, SlotPeopleForm, SpeakerForm
from ..permissions import (
    access_room_as_organizer,
    access_session_as_organizer,
    access_slot_as_organizer,
    access_speaker_as_organizer,
)


@dataclass(frozen=True)
class Kind:
    """One kind of content: its form, its list, its save service and how a page names it."""

    name: str
    plural: str
    form: type
    listing: callable
    access: callable
    save: callable
    url: str


def _room_args(data):
    return {**data, "order": data.get("order") or 0}


KINDS = {
    "room": Kind(
        "room",
        "Rooms",
        RoomForm,
        selectors.room_list,
        lambda user, slug, pk: access_room_as_organizer(user=user, slug=slug, room_id=pk),
        lambda edition, obj, data: services.room_save(edition=edition, room=obj, **_room_args(data)),
        "program:rooms",
    ),
    "session": Kind(
        "session",
        "Sessions",
        SessionForm,
        selectors.session_list,
        lambda user, slug, pk: access_session_as_organizer(user=user, slug=slug, session_id=pk),
        lambda edition, obj, data: services.session_save(
            edition=edition, session=obj, **{**data, "order": data.get("order") or 0}
        ),
        "program:sessions",
    ),
    "speaker": Kind(
        "speaker",
        "Speakers",
        SpeakerForm,
        selectors.speaker_list,
        lambda user, slug, pk: access_speaker_as_organizer(user=user, slug=slug, speaker_id=pk),
        lambda edition, obj, data: services.speaker_save(edition=edition, speaker=obj, **data),
        "program:speakers",
    ),
}


def _page(request, edition, kind: Kind, *, obj=None, form=None, status=200):
    context = {
        "edition": edition,
        "kind": kind,
        "obj": obj,
        "items": kind.listing(edition=edition) if obj is None else None,
        "form": form or kind.form(initial=kind.form.initial_for(obj) if obj else None),
        "warnings": [w for w in selectors.program_warnings(edition=edition) if w["code"] == "over_capacity"],
    }
    return render(request, "program/content.html", context, status=status)


def _handle(request, slug, kind_name: str, pk: int | None):
    kind = KINDS[kind_name]
    if pk is None:
        edition, obj = access_edition_as_organizer(user=request.user, slug=slug), None
    else:
        obj = kind.access(request.user, slug, pk)
        edition = obj.edition
    if request.method != "POST":
        return _page(request, edition, kind, obj=obj)
    form = kind.form(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, edition, kind, obj=obj, form=form, status=400)
    try:
        saved = kind.save(edition, obj, form.cleaned_data)
    except ApplicationError as exc:
        field = exc.extra.get("field")
        form.add_error(field if field in form.fields else None, exc.message)
        return _page(request, edition, kind, obj=obj, form=form, status=exc.status_code)
    messages.success(request, f"Saved {kind.name} “{saved}”.")
    return redirect(kind.url, slug=slug)


@login_required
def rooms_view(request, slug):
    return _handle(request, slug, "room", None)


@login_required
def room_edit_view(request, slug, room_id):
    return _handle(request, slug, "room", room_id)


@login_required
@require_POST
def room_delete_view(request, slug, room_id):
    room = access_room_as_organizer(user=request.user, slug=slug, room_id=room_id)
    try:
        services.room_delete(room=room)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Removed {room.name}.")
    return redirect("program:rooms", slug=slug)


@login_required
def sessions_view(request, slug):
    return _handle(request, slug, "session", None)


@login_required
def session_edit_view(request, slug, session_id):
    return _handle(request, slug, "session", session_id)


@login_required
def speakers_view(request, slug):
    return _handle(request, slug, "speaker", None)


@login_required
def speaker_edit_view(request, slug, speaker_id):
    return _handle(request, slug, "speaker", speaker_id)


@login_required
def slot_people_view(request, slug, slot_id):
    """Who appears in a slot and as what: an invited talk's speaker, a panel's panelists and moderator."""
    slot = access_slot_as_organizer(user=request.user, slug=slug, slot_id=slot_id)
    edition = slot.session.edition
    status = 200
    if request.method == "POST":
        form = SlotPeopleForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                services.slot_people_set(slot=slot, people=form.people())
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, f"Saved the people of “{slot.title}”.")
                return redirect("program:slot-edit", slug=slug, slot_id=slot.pk)
        else:
            status = 400
    else:
        form = SlotPeopleForm(initial=SlotPeopleForm.initial_for(slot), edition=edition)
    return render(request, "program/slot_people.html", {"edition": edition, "slot": slot, "form": form}, status=status)
