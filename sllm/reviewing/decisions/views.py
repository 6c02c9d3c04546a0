"""The chairs' decisions pages under /organize/<slug>/decisions/."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sllm.core.errors import ApplicationError
from sllm.reviewing.permissions import access_decisions
from sllm.submissions.permissions import access_paper_as_organizer
from sllm.workshops.permissions import access_edition_as_organizer

from . import selectors, services
from .forms import DecideForm, EligibilityForm

COLUMNS = [
    ("number", "#"),
    ("title", "Title"),
    ("track", "Track"),
    ("status", "Decision"),
    ("rating", "Ratings"),
    ("confidence", "Confidences"),
    ("nominations", "Oral nominations"),
]


def _sort(request) -> tuple[str, bool]:
    sort = request.GET.get("sort", "number")
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    return (sort if sort in selectors.SORTS else "number"), descending


@login_required
def decisions_view(request, slug):
    # Area chairs read the rows of the papers they chair; only organizers decide, export and map.
    edition, visible = access_decisions(user=request.user, slug=slug)
    sort, descending = _sort(request)
    context = {
        "edition": edition,
        "can_decide": visible is None,
        "rows": selectors.decision_rows(edition=edition, sort=sort, descending=descending, paper_ids=visible),
        "columns": [
            {
                "key": key,
                "label": label,
                "active": key == sort,
                "next": f"-{key}" if key == sort and not descending else key,
            }
            for key, label in COLUMNS
        ],
        "sort": sort,
        "descending": descending,
        "undecided": selectors.accepted_without_presentation(edition=edition) if visible is None else [],
    }
    return render(request, "decisions/list.html", context)


@login_required
def decisions_csv_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    sort, descending = _sort(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-decisions.csv"'
    csv.writer(response).writerows(selectors.decision_csv_rows(edition=edition, sort=sort, descending=descending))
    return response


def _paper_page(request, edition, paper, *, decide_form=None, eligibility_form=None, status=200):
    context = {
        "edition": edition,
        "paper": paper,
        "row": selectors.decision_row(paper=paper),
        "events": selectors.decision_events(paper=paper),
        "corrections": selectors.eligibility_corrections(paper=paper),
        "decide_form": decide_form or DecideForm(),
        "eligibility_form": eligibility_form or EligibilityForm(),
    }
    return render(request, "decisions/paper.html", context, status=status)


@login_required
def paper_decision_view(request, slug, number):
    paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
    edition = paper.edition
    if request.method != "POST":
        return _paper_page(request, edition, paper)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.paper_decide(paper=paper, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return _paper_page(request, edition, paper, decide_form=form, status=exc.status_code)
        messages.success(request, f"Paper {paper.number}: {services.OUTCOME_LABELS[form.cleaned_data['outcome']]}.")
        return redirect("decisions:paper", slug=slug, number=number)
    return _paper_page(request, edition, paper, decide_form=form, status=400)


@login_required
def paper_eligibility_view(request, slug, number):
    paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
    edition = paper.edition
    if request.method != "POST":
        return redirect("decisions:paper", slug=slug, number=number)
    form = EligibilityForm(request.POST)
    if form.is_valid():
        try:
            services.student_eligibility_correct(paper=paper, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return _paper_page(request, edition, paper, eligibility_form=form, status=exc.status_code)
        messages.success(request, f"Paper {paper.number}: Best Student Paper eligibility corrected.")
        return redirect("decisions:paper", slug=slug, number=number)
    return _paper_page(request, edition, paper, eligibility_form=form, status=400)
