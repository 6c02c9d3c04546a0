"""Poster thumbnails: bounded pixmaps, rendered when the poster is stored, never on a visitor's request.

The attacks: a poster page of 36 x 3,600 points was zoomed to 360 pixels wide, 36,000 tall (a narrower,
taller page asks for gigabytes); and every anonymous request for a thumbnail not yet on disk made the web
worker render one.
"""

import struct

import pymupdf
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sllm.program import services
from sllm.program.thumbnails import THUMB_MAX_HEIGHT, THUMB_WIDTH, render_thumbnail, thumbnail_zoom
from sllm.submissions.models import Paper, PaperFile
from tests.pdfs import pdf_upload
from tests.website.helpers import released_program


def _png_size(path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def _page_pdf(path, width, height):
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.insert_text((2, 20), "x")
    doc.save(path)
    return path


@pytest.mark.parametrize(
    ("width", "height", "pixels"),
    [(595, 842, (360, 509)), (36, 3600, (7, 720)), (1, 14400, (0, 720)), (14400, 1, (360, 0))],
)
def test_the_pixmap_fits_the_box_whatever_the_page(width, height, pixels):
    zoom = thumbnail_zoom(width, height)

    assert (round(width * zoom), round(height * zoom)) == pixels
    assert round(width * zoom) <= THUMB_WIDTH and round(height * zoom) <= THUMB_MAX_HEIGHT


def test_a_tall_narrow_poster_renders_small(tmp_path):
    out = tmp_path / "thumb.png"
    out.write_bytes(render_thumbnail(_page_pdf(tmp_path / "tall.pdf", 36, 3600).read_bytes()))

    assert _png_size(out) == (8, 720)  # MuPDF rounds the pixmap's edges outwards


@pytest.mark.django_db
def test_the_thumbnail_is_rendered_on_upload(client, edition, main_track, settings):
    released_program(edition, main_track, papers=2)
    poster = Paper.objects.get(number=201)

    services.presenter_materials_save(paper=poster, uploads={"poster": pdf_upload(body_pages=1)})

    thumbs = sorted((settings.MEDIA_ROOT / "poster-thumbs").iterdir())
    assert [p.name for p in thumbs] == [f"{poster.files.get(kind='poster').sha256}.png"]
    assert _png_size(thumbs[0])[0] == THUMB_WIDTH


@pytest.mark.django_db
def test_an_anonymous_request_never_renders(client, edition, main_track, settings):
    released_program(edition, main_track, papers=2)
    poster = Paper.objects.get(number=201)
    # A poster stored without its thumbnail (as before this change, or if rendering failed).
    stored = PaperFile(paper=poster, kind="poster", sha256="f" * 64, size=1, pages=1, main_pages=1, page_size="A4")
    stored.file.save("poster.pdf", ContentFile(pdf_upload(body_pages=1).read()), save=True)

    response = client.get(reverse("website:poster-thumb", args=[edition.slug, 201]))

    assert response.status_code == 404
    assert not (settings.MEDIA_ROOT / "poster-thumbs").exists()
