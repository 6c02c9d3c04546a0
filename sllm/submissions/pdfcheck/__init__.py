"""PDF content check for paper uploads: validation, page-limit detection, metadata stripping.

Pure code over files (pikepdf and PyMuPDF), no Django: the upload service, the Celery task and the
`check_pdf` command all call it the same way.
"""

from .errors import PdfRejected
from .metadata import strip_identifying_metadata
from .report import DEFAULT_MAX_BYTES, PAGE_LIMITS, PdfReport, inspect_pdf

__all__ = [
    "DEFAULT_MAX_BYTES",
    "PAGE_LIMITS",
    "PdfRejected",
    "PdfReport",
    "inspect_pdf",
    "strip_identifying_metadata",
]
