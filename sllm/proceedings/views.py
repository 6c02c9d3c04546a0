from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.submissions.permissions import access_paper_as_author
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import selectors, services
from .build import BIBTEX_FILE, VOLUME_FILE
from .forms import BuildForm, CameraReadyForm, VolumeSettingsForm, format_authors
from .permissions import access_build_as_organizer

# --- authors ------------------------------------------------------------------------------------------


@login_required
def camera_ready_view(request, slug, number):
    edition = edition_get(slug=slug)
    paper = access_paper_as_author(user=request.user, edition=edition, number=number)
    confirmation = selectors.camera_ready_of(paper)
    archival = selectors.volume_settings(edition=edition).archival
    status = 200
    if request.method == "POST":
        form = CameraReadyForm(request.POST, request.FILES, archival=archival)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.camera_ready_submit(
                    paper=paper,
                    user=request.user,
                    title=data["title"],
                    authors=data["authors"],
                    pdf_upload=data["pdf"] or None,
                    accept_terms=data["accept_terms"],
                    in_volume=data.get("in_volume", True),
                )
            except ApplicationError as error:
                if error.status_code != 400:
                    raise
                form.add_error(None, error.message)
            else:
                messages.success(request, f"The camera-ready of paper #{paper.number} is complete.")
                return redirect("submissions:my-papers", slug=edition.slug)
        status = 400
    else:
        if confirmation:
            initial = {
                "title": confirmation.title,
                "authors": format_authors(confirmation.authors),
                "in_volume": confirmation.in_volume,
            }
        else:
            initial = {
                "title": paper.title,
                "authors": format_authors(
                    [{"name": a.name, "institution": a.institution} for a in paper.authorships.all()]
                ),
            }
        form = CameraReadyForm(initial=initial, archival=archival)
    context = {
        "edition": edition,
        "paper": paper,
        "form": form,
        "confirmation": confirmation,
        "stored": selectors.camera_ready_file(paper=paper),
        "limit": selectors.camera_ready_limit(paper.track),
        "volume_settings": selectors.volume_settings(edition=edition),
    }
    return render(request, "proceedings/camera_ready.html", context, status=status)


# --- organizers ---------------------------------------------------------------------------------------


@login_required
def organize_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    rows = selectors.camera_ready_status(edition=edition)
    context = {
        "edition": edition,
        "rows": rows,
        "ready": sum(1 for row in rows if not row["missing"]),
        "volume_settings": selectors.volume_settings(edition=edition),
        "latest": selectors.build_latest(edition=edition),
        "build_form": BuildForm(),
    }
    return render(request, "proceedings/organize.html", context)


@login_required
def settings_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    current = selectors.volume_settings(edition=edition)
    status = 200
    if request.method == "POST":
        form = VolumeSettingsForm(request.POST, instance=current)
        if form.is_valid():
            services.volume_settings_save(edition=edition, **form.cleaned_data)
            messages.success(request, "The proceedings settings were saved.")
            return redirect("proceedings:organize", slug=edition.slug)
        status = 400
    else:
        form = VolumeSettingsForm(instance=current)
    return render(request, "proceedings/settings.html", {"edition": edition, "form": form}, status=status)


@login_required
@require_POST
def build_start_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = BuildForm(request.POST)
    form.is_valid()
    build = services.build_start(
        edition=edition, user=request.user, skip_problems=form.cleaned_data.get("skip_problems", False)
    )
    return redirect("proceedings:build", slug=edition.slug, build_id=build.pk)


@login_required
def build_view(request, slug, build_id):
    build = access_build_as_organizer(user=request.user, slug=slug, build_id=build_id)
    return render(request, "proceedings/build.html", {"edition": build.edition, "build": build})


@login_required
def build_status_view(request, slug, build_id):
    build = access_build_as_organizer(user=request.user, slug=slug, build_id=build_id)
    return JsonResponse(selectors.build_status(build=build))


# --- the public -------------------------------------------------------------------------------------------


def _published(slug):
    edition = edition_get(slug=slug)
    volume = selectors.published_volume(edition=edition)
    if volume is None:
        raise Http404("The proceedings are not published yet.")
    return edition, volume


def proceedings_view(request, slug):
    edition, volume = _published(slug)
    context = {"edition": edition, "volume": volume, "parts": selectors.volume_parts(volume=volume)}
    return render(request, "proceedings/public.html", context)


def _file_response(volume: dict, relative: str, *, filename: str):
    # Streamed from the configured storage (local disk or object storage), never read whole into memory.
    name = selectors.volume_file_name(volume=volume, relative=relative)
    if name is None or not default_storage.exists(name):
        raise Http404("No such file.")
    content_type = "text/x-bibtex; charset=utf-8" if relative.endswith(".bib") else "application/pdf"
    return FileResponse(default_storage.open(name, "rb"), content_type=content_type, filename=filename)


def volume_pdf_view(request, slug):
    _, volume = _published(slug)
    return _file_response(volume, VOLUME_FILE, filename=f"{slug}-proceedings.pdf")


def volume_bib_view(request, slug):
    _, volume = _published(slug)
    return _file_response(volume, BIBTEX_FILE, filename=f"{slug}-proceedings.bib")


def _published_entry(slug, number):
    edition, volume = _published(slug)
    entry = next((paper for paper in volume["papers"] if paper["number"] == number), None)
    if entry is None:
        raise Http404("That paper is not in the proceedings.")
    return volume, entry


def paper_pdf_view(request, slug, number):
    volume, entry = _published_entry(slug, number)
    return _file_response(volume, entry["pdf"], filename=f"{slug}-{number}.pdf")


def paper_bib_view(request, slug, number):
    volume, entry = _published_entry(slug, number)
    return _file_response(volume, entry["bibtex"], filename=f"{slug}-{number}.bib")
