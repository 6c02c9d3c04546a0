from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.core.ratelimit import client_key
from sllm.submissions.models import PaperFile
from sllm.submissions.permissions import access_paper_as_author
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get, edition_get_public

from .. import selectors, services
from ..forms import BoardForm, FeedbackForm, OutcomeForm, PresenterForm, ReleaseForm, SlotForm
from ..models import Recording
from ..permissions import access_board_as_organizer, access_outcome_as_organizer, access_slot_as_organizer


def _slot_args(data: dict) -> dict:
    return {
        key: data[key]
        for key in (
            "session",
            "room",
            "kind",
            "title",
            "start",
            "end",
            "paper",
            "speakers",
            "poster_session",
            "description",
        )
    }


def _builder(request, edition, *, form=None, status=200, error=None):
    slots = list(selectors.slot_list_draft(edition=edition))
    context = {
        "edition": edition,
        "slots": slots,
        "warnings": selectors.program_warnings(edition=edition, slots=slots),
        "form": form or SlotForm(edition=edition),
        "release_form": ReleaseForm(),
        "releases": selectors.release_list(edition=edition),
        "error": error,
    }
    return render(request, "program/builder.html", context, status=status)


@login_required
def builder_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    if request.method != "POST":
        return _builder(request, edition)
    form = SlotForm(request.POST, edition=edition)
    if not form.is_valid():
        return _builder(request, edition, form=form, status=400)
    try:
        slot = services.slot_create(edition=edition, **_slot_args(form.cleaned_data))
    except ApplicationError as exc:
        return _builder(request, edition, form=form, status=exc.status_code, error=exc)
    messages.success(request, f"Added “{slot.title}”.")
    return redirect("program:builder", slug=slug)


@login_required
def slot_edit_view(request, slug, slot_id):
    slot = access_slot_as_organizer(user=request.user, slug=slug, slot_id=slot_id)
    edition = slot.session.edition
    error, status = None, 200
    if request.method == "POST":
        form = SlotForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                services.slot_update(slot=slot, **_slot_args(form.cleaned_data))
                messages.success(request, f"Saved “{form.cleaned_data['title']}”.")
                return redirect("program:builder", slug=slug)
            except ApplicationError as exc:
                error, status = exc, exc.status_code
        else:
            status = 400
    else:
        form = SlotForm(initial=SlotForm.initial_for(slot, edition), edition=edition)
    recording = Recording.objects.filter(slot=slot).first()
    context = {"edition": edition, "slot": slot, "form": form, "error": error, "recording": recording}
    return render(request, "program/slot_edit.html", context, status=status)


@login_required
@require_POST
def slot_delete_view(request, slug, slot_id):
    slot = access_slot_as_organizer(user=request.user, slug=slug, slot_id=slot_id)
    services.slot_delete(slot=slot)
    messages.success(request, f"Removed “{slot.title}”.")
    return redirect("program:builder", slug=slug)


@login_required
@require_POST
def slot_recording_view(request, slug, slot_id):
    slot = access_slot_as_organizer(user=request.user, slug=slug, slot_id=slot_id)
    services.recording_set(edition=slot.session.edition, slot=slot, url=request.POST.get("url", ""))
    messages.success(request, f"Recording of “{slot.title}” saved.")
    return redirect("program:slot-edit", slug=slug, slot_id=slot.pk)


@login_required
@require_POST
def release_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = ReleaseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    release = services.program_release(edition=edition, user=request.user, note=note)
    messages.success(request, f"Released version {release.number}; {len(release.changes)} change(s).")
    return redirect("program:builder", slug=slug)


@login_required
@require_POST
def orals_fill_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    slots = services.oral_slots_fill(edition=edition)
    filled = sum(1 for slot in slots if slot.paper_id)
    messages.success(request, f"{filled} of {len(slots)} oral slots hold an oral paper, in decision order.")
    return redirect("program:builder", slug=slug)


@login_required
def posters_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    context = {
        "edition": edition,
        "boards": selectors.poster_board_list(edition=edition),
        "warnings": [w for w in selectors.program_warnings(edition=edition) if w["code"] == "poster_without_board"],
    }
    return render(request, "program/posters.html", context)


@login_required
@require_POST
def posters_place_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    boards = services.poster_boards_place(edition=edition)
    messages.success(request, f"Placed {len(boards)} posters on boards.")
    return redirect("program:posters", slug=slug)


@login_required
@require_POST
def board_edit_view(request, slug, board_id):
    board = access_board_as_organizer(user=request.user, slug=slug, board_id=board_id)
    form = BoardForm(request.POST)
    if not form.is_valid():
        raise ApplicationError("A board is in poster session 1 or 2 with a number from 1 to 999.", code="invalid_board")
    services.poster_board_update(board=board, **form.cleaned_data)
    messages.success(request, f"Paper #{board.paper.number} moved.")
    return redirect("program:posters", slug=slug)


def feedback_view(request, slug):
    """The public, anonymous form: no login; nothing about the visitor is stored."""
    edition = edition_get_public(slug=slug)
    form, error, status = FeedbackForm(), None, 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_submit(edition=edition, data=form.cleaned_data, client_key=client_key(request))
                return render(request, "program/feedback_thanks.html", {"edition": edition})
            except ApplicationError as exc:
                error, status = exc, exc.status_code
        else:
            status = 400
    return render(request, "program/feedback.html", {"edition": edition, "form": form, "error": error}, status=status)


@login_required
def feedback_summary_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    context = {
        "edition": edition,
        "summary": selectors.feedback_summary(edition=edition),
        "answers": selectors.feedback_list(edition=edition),
    }
    return render(request, "program/feedback_summary.html", context)


@login_required
def outcomes_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form, status, error = OutcomeForm(), 200, None
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.breakout_outcome_save(edition=edition, **form.cleaned_data)
                messages.success(request, "Outcome saved.")
                return redirect("program:outcomes", slug=slug)
            except ApplicationError as exc:
                error, status = exc, exc.status_code
        else:
            status = 400
    context = {
        "edition": edition,
        "form": form,
        "error": error,
        "outcomes": selectors.breakout_outcome_list(edition=edition),
    }
    return render(request, "program/outcomes.html", context, status=status)


@login_required
def outcome_edit_view(request, slug, outcome_id):
    outcome = access_outcome_as_organizer(user=request.user, slug=slug, outcome_id=outcome_id)
    edition = outcome.edition
    form, status, error = None, 200, None
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.breakout_outcome_save(edition=edition, outcome=outcome, **form.cleaned_data)
                messages.success(request, "Outcome saved.")
                return redirect("program:outcomes", slug=slug)
            except ApplicationError as exc:
                error, status = exc, exc.status_code
        else:
            status = 400
    form = form or OutcomeForm(
        initial={
            "title": outcome.title,
            "topic": outcome.topic,
            "summary": outcome.summary,
            "published": outcome.published,
            "order": outcome.order,
        }
    )
    return render(
        request,
        "program/outcome_edit.html",
        {"edition": edition, "outcome": outcome, "form": form, "error": error},
        status=status,
    )


@login_required
def presenter_view(request, slug, number):
    """The author's page for poster, slides and recording link of an accepted paper."""
    edition = edition_get(slug=slug)
    paper = access_paper_as_author(user=request.user, edition=edition, number=number)
    form, status, error = PresenterForm(), 200, None
    if request.method == "POST":
        form = PresenterForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = form.cleaned_data
                uploads = {kind: data[kind] for kind in (PaperFile.Kind.POSTER, PaperFile.Kind.SLIDES) if data[kind]}
                # An empty recording field removes the link; a form without the field leaves it alone.
                url = data["recording"] if "recording" in request.POST else None
                services.presenter_materials_save(paper=paper, uploads=uploads, recording_url=url)
                messages.success(request, "Saved.")
                return redirect("program:presenter", slug=slug, number=number)
            except ApplicationError as exc:
                error, status = exc, exc.status_code
        else:
            status = 400
    files = {f.kind: f for f in paper.files.filter(kind__in=[PaperFile.Kind.POSTER, PaperFile.Kind.SLIDES])}
    recording = Recording.objects.filter(paper=paper).first()
    context = {
        "edition": edition,
        "paper": paper,
        "form": form,
        "error": error,
        "files": files,
        "recording": recording,
    }
    return render(request, "program/presenter.html", context, status=status)
