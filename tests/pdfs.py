"""Small PDFs for tests of uploads: the demo's own paper generator, returned as bytes."""

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from sllm.submissions.demo import demo_pdf


def simple_paper_bytes(*, body_pages: int = 4, title: str = "A sparse paper") -> bytes:
    """body_pages pages of text, then a page that starts with the References heading."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paper.pdf"
        demo_pdf(
            path,
            title=title,
            abstract="We prune large language models to half their weights. " * 8,
            body_pages=body_pages,
        )
        return path.read_bytes()


def pdf_upload(*, body_pages: int = 4, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, simple_paper_bytes(body_pages=body_pages), content_type="application/pdf")
