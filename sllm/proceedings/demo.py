"""Demo camera-ready files for the accepted demo papers, and a published volume built from them.

The camera-ready of each paper is its submission PDF with the standard fonts embedded (the demo
generator only names them), confirmed with the submitted title and authors. Running it twice changes
nothing.
"""

import tempfile
from pathlib import Path

from django.utils import timezone

from sllm.accounts.models import Role, User
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.pdfcheck import inspect_pdf
from sllm.submissions.services import paper_file_store

from . import pdf
from .models import Build, CameraReady, VolumeSettings
from .selectors import DEFAULT_TERMS, camera_ready_limit
from .services import build_run, volume_settings_save

PREFACE = (
    "This volume collects the papers accepted at the Workshop on Sparsity in LLMs: work on pruning, "
    "mixtures of experts, activation and attention sparsity, and the hardware that makes sparsity fast.\n\n"
    "We thank the authors, the program committee and the mentors, and everyone who came to discuss."
)


def _camera_ready(paper: Paper, submission: PaperFile, directory: Path, organizer: User) -> None:
    original, path = directory / f"{paper.number}-submitted.pdf", directory / f"{paper.number}.pdf"
    with submission.file.open("rb") as source:
        original.write_bytes(source.read())
    with pdf.open_pdf(original) as document:
        pdf.embed_standard_fonts(document)
        document.save(path)
    report = inspect_pdf(path, limit=camera_ready_limit(paper.track))
    paper_file_store(paper=paper, kind=PaperFile.Kind.CAMERA_READY, path=path, report=report)
    CameraReady.objects.create(
        paper=paper,
        title=paper.title,
        terms_accepted_at=timezone.now(),
        confirmed_by=paper.submitted_by or organizer,
        authors=[{"name": a.name, "institution": a.institution} for a in paper.authorships.order_by("position")],
    )


def load(*, edition, stdout) -> None:
    organizer = User.objects.get(email="organizer@sllm.example.org")
    editors = [
        role.user.full_name or role.user.display_name
        for role in Role.objects.filter(edition=edition, kind=Role.Kind.ORGANIZER).select_related("user")
    ]
    if not VolumeSettings.objects.filter(edition=edition).exists():
        volume_settings_save(
            edition=edition,
            title="Proceedings of the Workshop on Sparsity in LLMs",
            editors=", ".join(editors[:3]),
            preface=PREFACE,
            publication_terms=DEFAULT_TERMS,
            page_size="Letter",
            is_published=True,
        )
    papers = (
        Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED, camera_ready__isnull=True)
        .select_related("track")
        .order_by("number")
    )
    made = 0
    with tempfile.TemporaryDirectory() as tmp:
        for paper in papers:
            submission = PaperFile.objects.filter(paper=paper, kind=PaperFile.Kind.SUBMISSION).first()
            if submission is not None:
                _camera_ready(paper, submission, Path(tmp), organizer)
                made += 1
    stdout.write(f"  {made} demo camera-ready files")
    if Build.objects.filter(edition=edition, status=Build.Status.SUCCEEDED).exists() and not made:
        stdout.write("  demo proceedings already built")
        return
    build = Build.objects.create(edition=edition, skip_problems=True, requested_by=organizer)
    build = build_run(build_id=build.pk)
    stdout.write(f"  demo proceedings: {build.message}")
