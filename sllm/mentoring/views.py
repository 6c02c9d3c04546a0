import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import selectors, services
from .documents import affinity_histogram_svg, table_cards_pdf
from .forms import MenteeForm, MentorForm, PairRuleForm, SetupForm
from .models import DeclaredConflict
from .permissions import access_mentoring_as_organizer, access_run_as_organizer

# --- participants ------------------------------------------------------------------------------


@login_required
def mine_view(request, slug):
    edition = edition_get(slug=slug)
    setup = selectors.setup_get(edition=edition)
    context = {
        "edition": edition,
        "mine": selectors.my_mentoring(edition=edition, user=request.user),
        "times": selectors.session_times(edition=edition, setup=setup),
    }
    return render(request, "mentoring/mine.html", context)


def _initial(application, conflicts, **extra) -> dict:
    if application is None:
        return extra
    return {
        "career_stage": application.career_stage,
        "topics": application.topics,
        "interests": application.interests,
        "institution": application.institution,
        "tz_offset": str(application.tz_offset.normalize()),
        "advisors": "\n".join(c.other_email for c in conflicts if c.relation == DeclaredConflict.Relation.ADVISOR),
        "collaborators": "\n".join(
            c.other_email for c in conflicts if c.relation == DeclaredConflict.Relation.COLLABORATOR
        ),
        **extra,
    }


def _signup_page(request, *, edition, side: str):
    is_mentor = side == "mentor"
    form_class = MentorForm if is_mentor else MenteeForm
    getter = selectors.mentor_application_get if is_mentor else selectors.mentee_application_get
    application = getter(edition=edition, user=request.user)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, edition=edition)
        if form.is_valid():
            apply = services.mentor_apply if is_mentor else services.mentee_apply
            try:
                apply(edition=edition, user=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Your {side} sign-up is saved.")
                return redirect("mentoring:mine", slug=edition.slug)
        status = 400
    else:
        conflicts = selectors.conflict_list_declared_by(edition=edition, user=request.user)
        extra = {"institution": request.user.affiliation} if application is None else {}
        if application is not None and is_mentor:
            extra["capacity"] = application.capacity
        if application is not None and not is_mentor:
            extra["self_identified"] = selectors.application_is_self_identified(application=application)
        form = form_class(initial=_initial(application, conflicts, **extra), edition=edition)
    context = {"edition": edition, "form": form, "side": side, "application": application}
    return render(request, "mentoring/signup.html", context, status=status)


@login_required
def mentor_signup_view(request, slug):
    return _signup_page(request, edition=edition_get(slug=slug), side="mentor")


@login_required
def mentee_signup_view(request, slug):
    return _signup_page(request, edition=edition_get(slug=slug), side="mentee")


# --- organizers --------------------------------------------------------------------------------


def _organize_page(request, edition, *, can_see_private, setup_form=None, rule_form=None, status=200):
    setup = selectors.setup_get(edition=edition)
    mentors = list(selectors.mentor_application_list(edition=edition))
    mentees = list(selectors.mentee_application_list(edition=edition))
    run = selectors.run_latest(edition=edition)
    counts = selectors.signup_counts(edition=edition)
    if not can_see_private:
        counts.pop("priority")
    context = {
        "edition": edition,
        "can_see_private": can_see_private,
        "private_ids": selectors.self_identified_ids(edition=edition) if can_see_private else set(),
        "counts": counts,
        "mentors": mentors,
        "mentees": mentees,
        "setup_form": setup_form or SetupForm(instance=setup),
        "rule_form": rule_form or PairRuleForm(mentees=mentees, mentors=mentors),
        "rules": selectors.pair_rule_list(edition=edition),
        "run": run,
        "published": selectors.run_published(edition=edition),
        "pairs": selectors.run_pair_list(run=run) if run else [],
        "unmatched": selectors.run_unmatched_list(run=run) if run else [],
        "tables": selectors.run_table_list(run=run) if run else [],
    }
    return render(request, "mentoring/organize.html", context, status=status)


@login_required
def organize_view(request, slug):
    edition, can_see_private = access_mentoring_as_organizer(user=request.user, slug=slug)
    return _organize_page(request, edition, can_see_private=can_see_private)


@login_required
@require_POST
def setup_view(request, slug):
    edition, can_see_private = access_mentoring_as_organizer(user=request.user, slug=slug)
    form = SetupForm(request.POST, instance=selectors.setup_get(edition=edition))
    if not form.is_valid():
        return _organize_page(request, edition, can_see_private=can_see_private, setup_form=form, status=400)
    services.setup_update(edition=edition, **form.cleaned_data)
    messages.success(request, "The mentoring setup is saved; run the matching again to apply it.")
    return redirect("mentoring:organize", slug=edition.slug)


@login_required
@require_POST
def run_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    run = services.matching_run(edition=edition, user=request.user)
    messages.success(request, f"Matching run #{run.pk}: {run.matched} mentees matched.")
    return redirect("mentoring:organize", slug=edition.slug)


@login_required
@require_POST
def rule_add_view(request, slug):
    edition, can_see_private = access_mentoring_as_organizer(user=request.user, slug=slug)
    form = PairRuleForm(
        request.POST,
        mentees=selectors.mentee_application_list(edition=edition),
        mentors=selectors.mentor_application_list(edition=edition),
    )
    if not form.is_valid():
        return _organize_page(request, edition, can_see_private=can_see_private, rule_form=form, status=400)
    try:
        rule = services.pair_rule_set(
            edition=edition,
            user=request.user,
            mentee_id=form.cleaned_data["mentee"],
            mentor_id=form.cleaned_data["mentor"],
            kind=form.cleaned_data["kind"],
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _organize_page(request, edition, can_see_private=can_see_private, rule_form=form, status=exc.status_code)
    messages.success(request, f"{rule}. Run the matching again to apply it.")
    return redirect("mentoring:organize", slug=edition.slug)


@login_required
@require_POST
def rule_delete_view(request, slug, rule_id):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    services.pair_rule_remove(edition=edition, rule_id=rule_id)
    messages.success(request, "The rule is removed. Run the matching again to apply it.")
    return redirect("mentoring:organize", slug=edition.slug)


@login_required
@require_POST
def publish_view(request, slug, run_id):
    run, _ = access_run_as_organizer(user=request.user, slug=slug, run_id=run_id)
    edition = run.edition
    services.matching_publish(run=run, user=request.user)
    messages.success(request, f"Matching run #{run.pk} is published; every participant gets an email.")
    return redirect("mentoring:organize", slug=edition.slug)


@login_required
def table_cards_view(request, slug, run_id):
    run, _ = access_run_as_organizer(user=request.user, slug=slug, run_id=run_id)
    edition = run.edition
    pdf = table_cards_pdf(
        edition=edition,
        times=selectors.session_times(edition=edition, setup=selectors.setup_get(edition=edition)),
        tables=selectors.run_table_list(run=run),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lunch-tables-run-{run.pk}.pdf"'
    return response


@login_required
def affinity_plot_view(request, slug, run_id):
    run, _ = access_run_as_organizer(user=request.user, slug=slug, run_id=run_id)
    affinities = [pair.affinity for pair in selectors.run_pair_list(run=run)]
    return HttpResponse(affinity_histogram_svg(affinities), content_type="image/svg+xml")


@login_required
def pairs_export_view(request, slug, run_id):
    """The matching as CSV for the organizers' spreadsheets; it never holds the self-identification."""
    run, _ = access_run_as_organizer(user=request.user, slug=slug, run_id=run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-run-{run.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "mentee",
            "mentee email",
            "mentor",
            "mentor email",
            "affinity",
            "pinned",
            "unmatched because",
            "lunch table",
        ]
    )
    table_of = {seat.user_id: number for number, seats in selectors.run_table_list(run=run) for seat in seats}
    for pair in selectors.run_pair_list(run=run):
        writer.writerow(
            [
                pair.mentee.user,
                pair.mentee.user.email,
                pair.mentor.user,
                pair.mentor.user.email,
                f"{pair.affinity:.3f}",
                "yes" if pair.pinned else "",
                "",
                table_of.get(pair.mentee.user_id, ""),
            ]
        )
    for unmatched in selectors.run_unmatched_list(run=run):
        writer.writerow(
            [
                unmatched.mentee.user,
                unmatched.mentee.user.email,
                "",
                "",
                "",
                "",
                unmatched.reason,
                table_of.get(unmatched.mentee.user_id, ""),
            ]
        )
    return response
