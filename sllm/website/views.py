from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from sllm.core.registry import paper_sections
from sllm.submissions.models import PaperFile
from sllm.submissions.selectors import paper_file

from sllm.submissions.permissions import access_paper_public
from sllm.workshops.selectors import track_list, workshop_current, workshop_get, workshop_list_public

from . import selectors


def home_view(request):
    current = workshop_current()
    if current is not None:
        return redirect("website:edition", slug=current.slug)
    return render(request, "website/no_edition.html", {"workshops": workshop_list_public()})


def edition_view(request, slug):
    workshop = workshop_get(slug=slug)
    return render(request, "website/edition.html", {"workshop": workshop, "tracks": track_list(workshop=workshop)})


def papers_view(request, slug):
    workshop = workshop_get(slug=slug)
    query = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic", "")
    topic = topic if topic in workshop.topics else ""
    groups = selectors.papers_by_track(workshop=workshop, query=query, topic=topic)
    context = {"workshop": workshop, "groups": groups, "query": query, "topic": topic,
               "total": sum(len(g["papers"]) for g in groups)}
    return render(request, "website/papers.html", context)


def paper_view(request, slug, number):
    workshop = workshop_get(slug=slug)
    paper = access_paper_public(workshop=workshop, number=number)
    context = {"workshop": workshop, "paper": paper, "sections": paper_sections(paper)}
    return render(request, "website/paper.html", context)


def paper_pdf_view(request, slug, number):
    paper = access_paper_public(workshop=workshop_get(slug=slug), number=number)
    stored = paper_file(paper=paper, kind=PaperFile.Kind.CAMERA_READY) or paper_file(
        paper=paper, kind=PaperFile.Kind.SUBMISSION
    )
    if stored is None:
        raise Http404("No PDF yet.")
    return FileResponse(stored.file.open("rb"), content_type="application/pdf", filename=f"{slug}-{number}.pdf")
