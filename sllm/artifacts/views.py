from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.submissions.permissions import access_paper_as_organizer
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import selectors, services
from .forms import ArtifactDetailsForm, CheckpointForm
from .permissions import access_job_plot, access_paper_as_author


@login_required
def author_artifacts_view(request, slug, number):
    edition = edition_get(slug=slug)
    paper = access_paper_as_author(user=request.user, edition=edition, number=number)
    state = selectors.artifacts_for_paper(paper=paper)
    artifacts = state["artifacts"]
    initial = (
        {
            "code_url": artifacts.code_url,
            "code_commit": artifacts.code_commit,
            "claims": artifacts.claims,
            "benchmark_spec": artifacts.benchmark_spec,
        }
        if artifacts
        else {}
    )
    details, upload, status = ArtifactDetailsForm(initial=initial), CheckpointForm(), 200
    if request.method == "POST" and request.POST.get("form") == "checkpoint":
        upload = CheckpointForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                services.checkpoint_upload(paper=paper, uploaded=upload.cleaned_data["file"])
                messages.success(request, "The checkpoint was stored; its verification is under way.")
                return redirect("artifacts:author", slug=slug, number=number)
            except ApplicationError as exc:
                upload.add_error("file", exc.message)
        status = 400
    elif request.method == "POST":
        details = ArtifactDetailsForm(request.POST)
        if details.is_valid():
            try:
                services.artifact_set_update(paper=paper, **details.cleaned_data)
                messages.success(request, "Your artifacts were saved.")
                return redirect("artifacts:author", slug=slug, number=number)
            except ApplicationError as exc:
                details.add_error(None, exc.message)
        status = 400
    context = {"edition": edition, "paper": paper, "details": details, "upload": upload, **state}
    return render(request, "artifacts/author.html", context, status=status)


@login_required
def organizer_artifacts_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    papers = [(paper, selectors.badges_of(paper)) for paper in selectors.papers_with_artifacts(edition=edition)]
    context = {
        "edition": edition,
        "papers": papers,
        "queue": selectors.job_queue(edition=edition),
        "results": selectors.job_results(edition=edition),
    }
    return render(request, "artifacts/dashboard.html", context)


@login_required
@require_POST
def organizer_benchmark_view(request, slug, number):
    paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
    job = services.benchmark_job_request(paper=paper)
    messages.success(request, f"Benchmark job {job.pk} of paper #{paper.number} is {job.get_status_display().lower()}.")
    return redirect("artifacts:dashboard", slug=slug)


@login_required
@require_POST
def organizer_verify_view(request, slug, number):
    paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
    checkpoint = services.checkpoint_reverify(paper=paper)
    messages.success(request, f"The checkpoint of paper #{paper.number} is {checkpoint.get_status_display().lower()}.")
    return redirect("artifacts:dashboard", slug=slug)


def plot_view(request, job_id):
    job = access_job_plot(user=request.user, job_id=job_id)
    return FileResponse(job.plot.open("rb"), content_type="image/png")
