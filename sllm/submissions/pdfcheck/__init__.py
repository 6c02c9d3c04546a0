"""PDF content check for paper uploads: validation, page-limit detection, anonymization.

Pure code over files (pikepdf and PyMuPDF), no Django: the upload service, the Celery task and the
`check_pdf` command all call it the same way.
"""

from .anonymize import Anonymized, Author, anonymize_pdf
from .errors import PdfRejected
from .report import DEFAULT_MAX_BYTES, PAGE_LIMITS, PdfReport, inspect_pdf
from .sections import CLOSING_SECTIONS

__all__ = [
    "Anonymized",
    "Author",
    "CLOSING_SECTIONS",
    "DEFAULT_MAX_BYTES",
    "PAGE_LIMITS",
    "PdfRejected",
    "PdfReport",
    "anonymize_pdf",
    "inspect_pdf",
]
