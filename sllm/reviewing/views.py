"""Reviewers' pages under /review/<slug>/ (double-blind) and organizers' conflict, reassignment and
coverage pages under /organize/<slug>/reviewing/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sllm.core.errors import ApplicationError
from sllm.core.registry import review_deadline
from sllm.submissions.models import PaperFile
from sllm.submissions.permissions import access_paper_as_organizer
from sllm.submissions.selectors import paper_file
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import selectors, services
from .forms import ConflictDisclosureForm, ReassignForm
from .permissions import access_paper_as_reviewer, access_reviewing

# ---- reviewers ------------------------------------------------------------------------------------------


@login_required
def review_home_view(request, slug):
    edition = edition_get(slug=slug)
    access_reviewing(user=request.user, edition=edition)
    papers = selectors.reviewer_paper_list(reviewer=request.user, edition=edition)
    return render(request, "reviewing/review_home.html", {"edition": edition, "papers": papers})


@login_required
def review_paper_view(request, slug, number):
    edition = edition_get(slug=slug)
    paper = access_paper_as_reviewer(user=request.user, edition=edition, number=number)
    status = 200
    form = ConflictDisclosureForm()
    if request.method == "POST":
        form = ConflictDisclosureForm(request.POST)
        if form.is_valid():
            try:
                services.conflict_disclose(paper=paper, reviewer=request.user, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    f"Your conflict with paper {paper.number} is recorded and sent to "
                    "OpenReview; the chairs will reassign it.",
                )
                return redirect("reviewing:review-home", slug=slug)
        status = 400
    context = {
        "edition": edition,
        "paper": paper,
        "form": form,
        "has_pdf": paper_file(paper=paper, kind=PaperFile.Kind.SUBMISSION) is not None,
    }
    return render(request, "reviewing/review_paper.html", context, status=status)


@login_required
def review_pdf_view(request, slug, number, pdf_number):
    if pdf_number != number:
        raise Http404("No such file.")
    paper = access_paper_as_reviewer(user=request.user, edition=edition_get(slug=slug), number=number)
    stored = paper_file(paper=paper, kind=PaperFile.Kind.SUBMISSION)
    if stored is None:
        raise Http404("No PDF for this paper.")
    # The stored PDF had its identifying metadata stripped on upload; the name given here is neutral.
    return FileResponse(stored.file.open("rb"), content_type="application/pdf", filename=f"paper-{paper.number}.pdf")


# ---- organizers -----------------------------------------------------------------------------------------


@login_required
def conflicts_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    context = {
        "edition": edition,
        "conflicts": selectors.open_conflict_list(edition=edition),
        "under_covered": selectors.under_covered_papers(edition=edition),
        "recent": selectors.reassignment_list(edition=edition),
        "writes": selectors.reassignment_write_list(edition=edition),
    }
    return render(request, "reviewing/conflicts.html", context)


@login_required
def reassign_view(request, slug, number):
    paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
    edition = paper.edition
    ranked = selectors.reassignment_preview(paper=paper)
    data = request.POST if request.method == "POST" else request.GET
    initial = {"reason": data.get("reason") or "coverage", "remove": data.get("remove") or None}
    form = ReassignForm(data if "add" in data else None, initial=initial, candidates=ranked)
    removing = selectors.assigned_reviewer(paper=paper, user_id=initial["remove"])
    status = 200
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["add"]
        if request.POST.get("confirm") == "yes":
            try:
                write = services.reassignment_confirm(
                    paper=paper,
                    add_reviewer_ids=chosen,
                    remove_reviewer_id=form.cleaned_data["remove"],
                    reason=form.cleaned_data["reason"],
                    performed_by=request.user,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                _confirm_message(request, write=write, ranked=ranked)
                return redirect("reviewing:conflicts", slug=slug)
        else:
            context = {
                "edition": edition,
                "paper": paper,
                "form": form,
                "removing": removing,
                "chosen": [r for r in ranked if int(r.key) in chosen],
            }
            return render(request, "reviewing/reassign_confirm.html", context)
    elif request.method == "POST":
        status = 400
    context = {"edition": edition, "paper": paper, "form": form, "ranked": ranked, "removing": removing}
    return render(request, "reviewing/reassign.html", context, status=status)


def _confirm_message(request, *, write, ranked) -> None:
    # With eager jobs (the demo) the write is over by now; with a worker it is queued and shown below.
    write.refresh_from_db()
    names = ", ".join(r.name for r in ranked if int(r.key) in write.add_reviewer_ids)
    if write.status == write.Status.SUCCEEDED:
        messages.success(request, f"Paper {write.paper.number}: assigned {names}.")
    elif write.status == write.Status.FAILED:
        messages.error(request, f"Paper {write.paper.number}: {write.error}")
    else:
        messages.info(request, f"Paper {write.paper.number}: assigning {names} on OpenReview; progress below.")


@login_required
def reassignment_write_status_view(request, slug, write_id):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    write = selectors.reassignment_write_get(edition=edition, write_id=write_id)
    if write is None:
        raise Http404("No such reassignment.")
    return JsonResponse(
        {
            "id": write.pk,
            "paper": write.paper.number,
            "status": write.status,
            "status_display": write.get_status_display(),
            "edges_done": write.edges_done,
            "edges_total": write.edges_total,
            "progress": write.progress,
            "error": write.error,
        }
    )


@login_required
def coverage_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    deadline = review_deadline(edition)
    context = {
        "edition": edition,
        "deadline": deadline,
        "tracks": selectors.coverage_by_track(edition=edition),
        "late": selectors.late_review_list(edition=edition, deadline=deadline),
        "overdue": selectors.overdue_assignment_list(edition=edition, deadline=deadline, now=timezone.now()),
        "loads": selectors.reviewer_loads(edition=edition),
    }
    return render(request, "reviewing/coverage.html", context)
