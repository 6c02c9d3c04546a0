"""Poster thumbnails: the first page of the poster PDF as a PNG, rendered once per file content and kept in
the configured storage, so every web host serves the same one (local disk or object storage alike)."""

import pymupdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

THUMB_WIDTH = 360


def render_thumbnail(pdf: bytes, width: int = THUMB_WIDTH) -> bytes:
    """The first page of a PDF as PNG bytes, `width` pixels wide."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        page = doc[0]
        zoom = width / page.rect.width
        return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False).tobytes("png")


def poster_thumbnail(paper_file) -> str:
    """The storage name of a stored poster's thumbnail; named by the PDF's hash, so a new upload gets a new one.

    Two hosts rendering the same poster at once write equal bytes; the storage keeps one under the name.
    """
    name = f"poster-thumbs/{paper_file.sha256}.png"
    if not default_storage.exists(name):
        with paper_file.file.open("rb") as handle:
            png = render_thumbnail(handle.read())
        saved = default_storage.save(name, ContentFile(png))
        if saved != name:
            # Another host stored it between our check and our save: keep theirs, drop the copy.
            default_storage.delete(saved)
    return name
