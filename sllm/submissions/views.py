from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from sllm.core.errors import ApplicationError
from sllm.core.idempotency import form_run_once
from sllm.core.registry import AUTHOR_PAPER_ACTIONS
from sllm.workshops.selectors import call_get, edition_get, track_list

from . import selectors, services
from .forms import AuthorFormSet, PaperForm, authors_from_formset
from .models import PaperFile
from .permissions import access_paper_as_author, access_paper_as_organizer

# Refusals about the whole form, not its PDF.
NON_FIELD_CODES = {"invalid", "deadline_passed", "idempotency_key_reused"}


def _save_paper(request, *, edition, paper, form, formset) -> dict:
    data = form.cleaned_data
    if paper:
        paper = services.paper_revise(
            paper=paper,
            title=data["title"],
            abstract=data["abstract"],
            topics=data["topics"],
            authors=authors_from_formset(formset),
            pdf=data["pdf"] or None,
            elsewhere=data["elsewhere"],
            elsewhere_venue=data["elsewhere_venue"],
        )
        message = f"Paper #{paper.number} was updated."
    else:
        paper = services.paper_submit(
            track=data["track"],
            user=request.user,
            title=data["title"],
            abstract=data["abstract"],
            topics=data["topics"],
            authors=authors_from_formset(formset),
            pdf=data["pdf"],
            elsewhere=data["elsewhere"],
            elsewhere_venue=data["elsewhere_venue"],
        )
        message = f"Paper #{paper.number} was submitted."
    return {"location": reverse("submissions:my-papers", kwargs={"slug": edition.slug}), "message": message}


def _paper_form_page(request, *, edition, paper=None):
    tracks = track_list(edition=edition)
    initial_authors = (
        [
            {"name": a.name, "email": a.email, "institution": a.institution, "is_student": a.is_student}
            for a in paper.authorships.all()
        ]
        if paper
        else [{"name": request.user.full_name, "email": request.user.email}]
    )
    initial = (
        {
            "title": paper.title,
            "abstract": paper.abstract,
            "topics": paper.topics,
            "elsewhere": paper.elsewhere,
            "elsewhere_venue": paper.elsewhere_venue,
        }
        if paper
        else {}
    )
    call = call_get(edition=edition)
    dual_rule = call.dual_submission_rule if call else ""
    if request.method == "POST":
        form = PaperForm(
            request.POST, request.FILES, edition=edition, tracks=tracks, revising=bool(paper), dual_rule=dual_rule
        )
        formset = AuthorFormSet(request.POST, prefix="authors")
        if form.is_valid() and formset.is_valid():
            try:
                outcome = form_run_once(
                    request, lambda: _save_paper(request, edition=edition, paper=paper, form=form, formset=formset)
                )
                messages.success(request, outcome["message"])
                return redirect(outcome["location"])
            except ApplicationError as exc:
                form.add_error(None if exc.code in NON_FIELD_CODES else "pdf", exc.message)
        status = 400
    else:
        form = PaperForm(initial=initial, edition=edition, tracks=tracks, revising=bool(paper), dual_rule=dual_rule)
        formset = AuthorFormSet(initial=initial_authors, prefix="authors")
        status = 200
    context = {"edition": edition, "form": form, "formset": formset, "paper": paper, "tracks": tracks}
    return render(request, "submissions/paper_form.html", context, status=status)


@login_required
def paper_submit_view(request, slug):
    return _paper_form_page(request, edition=edition_get(slug=slug))


@login_required
def paper_edit_view(request, slug, number):
    edition = edition_get(slug=slug)
    paper = access_paper_as_author(user=request.user, edition=edition, number=number)
    return _paper_form_page(request, edition=edition, paper=paper)


@login_required
def my_papers_view(request, slug):
    edition = edition_get(slug=slug)
    papers = selectors.paper_list_for_author(user=request.user, edition=edition)
    context = {"edition": edition, "papers": papers, "actions": AUTHOR_PAPER_ACTIONS}
    return render(request, "submissions/my_papers.html", context)


def _pdf_response(paper_file: PaperFile | None, *, filename: str):
    if paper_file is None:
        raise Http404("No such file.")
    return FileResponse(paper_file.file.open("rb"), content_type="application/pdf", filename=filename)


@login_required
def author_pdf_view(request, slug, number):
    paper = access_paper_as_author(user=request.user, edition=edition_get(slug=slug), number=number)
    return _pdf_response(
        selectors.paper_file(paper=paper, kind=PaperFile.Kind.SUBMISSION), filename=f"paper-{paper.number}.pdf"
    )


@login_required
def organizer_pdf_view(request, slug, number):
    paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
    return _pdf_response(
        selectors.paper_file(paper=paper, kind=PaperFile.Kind.SUBMISSION), filename=f"paper-{paper.number}.pdf"
    )
