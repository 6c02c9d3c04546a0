import pytest
from django.core.cache import cache

from sllm.proceedings import services
from sllm.submissions.models import Paper
from tests import factories

from .pdfs import camera_ready_upload


def submit_camera_ready(paper, user, *, title=None, authors=None, **pdf_kwargs):
    return services.camera_ready_submit(
        paper=paper,
        user=user,
        title=title or paper.title,
        authors=authors or [{"name": a.name, "institution": a.institution} for a in paper.authorships.all()],
        pdf_upload=camera_ready_upload(title=title or paper.title, **pdf_kwargs),
        accept_terms=True,
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Public pages may be cached in Redis; a page cached by an earlier test must not answer for this one.
    cache.clear()


@pytest.fixture
def accepted(edition, main_track, tiny_track, author):
    """Three accepted papers (two main, one tiny) by `author`'s co-authors, without camera-ready yet."""
    papers = []
    specs = [
        (main_track, 1, "Pruning at scale", [("Ada Lovelace", "Oxford"), ("Alan Turing", "Manchester")]),
        (tiny_track, 2, "Tiny sparse attention", [("Grace Hopper", "Yale")]),
        (main_track, 3, "Kernels for 2:4 & more", [("Émile Zola", "Paris"), ("Ada Lovelace", "Oxford")]),
    ]
    for track, number, title, authors in specs:
        paper = factories.PaperFactory(
            track=track,
            edition=edition,
            number=number,
            title=title,
            status=Paper.Status.ACCEPTED,
            submitted_by=author,
        )
        for position, (name, institution) in enumerate(authors, start=1):
            factories.AuthorshipFactory(paper=paper, position=position, name=name, institution=institution)
        papers.append(paper)
    return papers


@pytest.fixture
def ready(accepted, author):
    """The three accepted papers with camera-ready PDFs of 4, 2 and 5 body pages (+1 references page)."""
    for paper, body in zip(accepted, [4, 2, 5], strict=True):
        submit_camera_ready(paper, author, body_pages=body)
    return accepted
