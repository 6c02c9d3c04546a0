"""Poster thumbnails: the first page of the poster PDF as a PNG, rendered once per file content."""

from pathlib import Path

import pymupdf
from django.conf import settings

THUMB_WIDTH = 360


def render_thumbnail(pdf_path: Path, out_path: Path, width: int = THUMB_WIDTH) -> None:
    with pymupdf.open(pdf_path) as doc:
        page = doc[0]
        zoom = width / page.rect.width
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so a concurrent reader never sees half a PNG.
    partial = out_path.with_suffix(".part")
    pixmap.save(str(partial), output="png")
    partial.replace(out_path)


def poster_thumbnail(paper_file) -> Path:
    """The cached thumbnail of a stored poster; its name is the PDF's hash, so a new upload gets a new one."""
    out = Path(settings.MEDIA_ROOT) / "poster-thumbs" / f"{paper_file.sha256}.png"
    if not out.exists():
        render_thumbnail(Path(paper_file.file.path), out)
    return out
