"""Camera-ready PDFs for the tests: the foundation's paper generator, with its fonts embedded."""

import io
import tempfile
from pathlib import Path

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.proceedings import pdf
from tests.pdfs import simple_paper_bytes


def camera_ready_bytes(
    *,
    body_pages: int = 4,
    title: str = "A sparse paper",
    embed: bool = True,
    page_size: tuple[float, float] | None = None,
) -> bytes:
    """body_pages pages of text and a References page; Letter unless page_size says otherwise."""
    data = simple_paper_bytes(body_pages=body_pages, title=title)
    with pikepdf.open(io.BytesIO(data)) as document:
        if embed:
            pdf.embed_standard_fonts(document)
        if page_size:
            for page in document.pages:
                page.obj.MediaBox = pikepdf.Array([0, 0, *page_size])
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def camera_ready_upload(**kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile("final.pdf", camera_ready_bytes(**kwargs), content_type="application/pdf")


def write_pdf(directory: Path, name: str, **kwargs) -> Path:
    path = Path(directory) / name
    path.write_bytes(camera_ready_bytes(**kwargs))
    return path


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory()
