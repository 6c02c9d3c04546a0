from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get_public

from . import selectors, services
from .forms import ApplicationForm, ProgramForm, ScoreForm, SponsorForm
from .permissions import (
    access_allocation_as_chair,
    access_application_as_organizer,
    access_grants_as_chair,
    access_sponsor_as_organizer,
    is_grants_chair,
)


def public_view(request, slug):
    edition = edition_get_public(slug=slug)
    context = {
        "edition": edition,
        "program": selectors.grant_program(edition=edition),
        "sponsors": selectors.sponsor_list(edition=edition),
        "budget": selectors.grant_budget(edition=edition),
    }
    return render(request, "grants/public.html", context)


@login_required
def apply_view(request, slug):
    edition = edition_get_public(slug=slug)
    application = selectors.application_of(edition=edition, user=request.user)
    program = selectors.grant_program(edition=edition)
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            services.grant_application_submit(edition=edition, applicant=request.user, **form.cleaned_data)
            messages.success(request, "Your travel grant application was saved; a confirmation is on its way.")
            return redirect("grants:apply", slug=edition.slug)
        status = 400
    else:
        initial = {}
        if application is not None:
            initial = {f: getattr(application, f) for f in ApplicationForm.base_fields}
        form = ApplicationForm(initial=initial)
    context = {"edition": edition, "form": form, "application": application, "program": program}
    return render(request, "grants/apply.html", context, status=status)


def _organize_page(request, edition, *, program_form=None, sponsor_form=None, status=200):
    program = selectors.grant_program(edition=edition)
    context = {
        "edition": edition,
        "program": program,
        "program_form": program_form
        or ProgramForm(
            initial={
                "is_open": program.is_open,
                "allow_partial": program.allow_partial,
                "min_partial_percent": program.min_partial_percent,
                "currency": program.currency,
            }
        ),
        "sponsor_form": sponsor_form or SponsorForm(),
        "sponsors": selectors.sponsor_list(edition=edition),
        "budget": selectors.grant_budget(edition=edition),
        "applications": selectors.application_list_for_organizers(edition=edition, scorer=request.user),
        "show_private": is_grants_chair(user=request.user, edition=edition),
    }
    return render(request, "grants/organize.html", context, status=status)


@login_required
def organize_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    return _organize_page(request, edition)


@login_required
@require_POST
def program_update_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = ProgramForm(request.POST)
    if not form.is_valid():
        return _organize_page(request, edition, program_form=form, status=400)
    services.grant_program_update(edition=edition, **form.cleaned_data)
    messages.success(request, "The travel grant call was updated.")
    return redirect("grants:organize", slug=edition.slug)


@login_required
@require_POST
def sponsor_add_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = SponsorForm(request.POST)
    if not form.is_valid():
        return _organize_page(request, edition, sponsor_form=form, status=400)
    sponsor = services.sponsor_add(edition=edition, **form.cleaned_data)
    messages.success(request, f"{sponsor.name} was added.")
    return redirect("grants:organize", slug=edition.slug)


@login_required
@require_POST
def sponsor_remove_view(request, slug, pk):
    sponsor = access_sponsor_as_organizer(user=request.user, slug=slug, pk=pk)
    edition = sponsor.edition
    services.sponsor_remove(sponsor=sponsor)
    messages.success(request, f"{sponsor.name} was removed.")
    return redirect("grants:organize", slug=edition.slug)


@login_required
def application_view(request, slug, pk):
    application = access_application_as_organizer(user=request.user, slug=slug, pk=pk)
    edition = application.edition
    status = 200
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            services.grant_score_set(application=application, scorer=request.user, score=form.cleaned_data["score"])
            messages.success(request, f"Your score for application {application.pk} was saved.")
            return redirect("grants:organize", slug=edition.slug)
        status = 400
    else:
        mine = application.scores.filter(scorer=request.user).first()
        form = ScoreForm(initial={"score": mine.score} if mine else {})
    context = {
        "edition": edition,
        "application": application,
        "form": form,
        "show_private": is_grants_chair(user=request.user, edition=edition),
        "program": selectors.grant_program(edition=edition),
    }
    return render(request, "grants/application.html", context, status=status)


@login_required
def allocation_view(request, slug):
    edition = access_grants_as_chair(user=request.user, slug=slug)
    if request.method == "POST":
        services.grant_allocation_propose(edition=edition, created_by=request.user)
        messages.success(request, "A new allocation was proposed.")
        return redirect("grants:allocation", slug=edition.slug)
    allocation = selectors.allocation_latest(edition=edition)
    context = {
        "edition": edition,
        "allocation": allocation,
        "rows": selectors.allocation_rows(allocation=allocation) if allocation else [],
        "program": selectors.grant_program(edition=edition),
    }
    return render(request, "grants/allocation.html", context)


@login_required
@require_POST
def allocation_apply_view(request, slug, pk):
    allocation = access_allocation_as_chair(user=request.user, slug=slug, pk=pk)
    edition = allocation.edition
    applications = services.grant_allocation_apply(allocation=allocation)
    messages.success(request, f"Decisions were recorded and {len(applications)} emails queued.")
    return redirect("grants:allocation", slug=edition.slug)
