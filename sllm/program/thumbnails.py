"""Poster thumbnails: the first page of the poster PDF as a PNG, rendered once, when the poster is stored,
and kept in the configured storage, so every web host serves the same one (local disk or object storage).

Never on a visitor's request: a render costs a worker CPU and memory, and an anonymous URL would let
anyone spend them. The pixmap is bounded in both directions: zooming a page to a fixed width alone
lets a narrow, very tall page (1 x 14,400 pt is a valid PDF) ask for hundreds of megapixels.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

THUMB_WIDTH = 360
THUMB_MAX_HEIGHT = 720


def thumbnail_zoom(width: float, height: float, *, max_width: int = THUMB_WIDTH, max_height: int = THUMB_MAX_HEIGHT):
    """The zoom that fits a page of width x height points into max_width x max_height pixels."""
    return min(max_width / width, max_height / height)


def render_thumbnail(pdf: bytes) -> bytes | None:
    """The first page of a PDF as PNG bytes within the box; None for a page that cannot be rendered."""
    # PyMuPDF loads with the first thumbnail rendered, not in every web worker that serves the poster page.
    import pymupdf  # noqa: PLC0415 -- see above

    try:
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            page = doc[0]
            rect = page.rect
            if rect.width < 1 or rect.height < 1:
                return None
            zoom = thumbnail_zoom(rect.width, rect.height)
            # The clip keeps the pixmap to the page itself whatever its content claims to draw.
            return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=rect, alpha=False).tobytes("png")
    except (RuntimeError, ValueError) as exc:  # MuPDF's errors
        logger.warning("poster thumbnail not rendered: %s", exc)
        return None


def _thumbnail_name(paper_file) -> str:
    # Named by the PDF's hash, so a new upload gets a new thumbnail.
    return f"poster-thumbs/{paper_file.sha256}.png"


def poster_thumbnail_render(paper_file) -> str | None:
    """Renders the thumbnail of a stored poster (called when it is stored); its storage name, or None.

    Two hosts rendering the same poster at once write equal bytes; the storage keeps one under the name.
    """
    name = _thumbnail_name(paper_file)
    if default_storage.exists(name):
        return name
    with paper_file.file.open("rb") as handle:
        png = render_thumbnail(handle.read())
    if png is None:
        return None
    saved = default_storage.save(name, ContentFile(png))
    if saved != name:
        # Another host stored it between our check and our save: keep theirs, drop the copy.
        default_storage.delete(saved)
    return name


def poster_thumbnail(paper_file) -> str | None:
    """The storage name of a poster's rendered thumbnail, or None: a request only ever reads it."""
    name = _thumbnail_name(paper_file)
    return name if default_storage.exists(name) else None
